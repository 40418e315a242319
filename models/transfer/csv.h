// Comma-separated values as RFC 4180 has them, read and written for the people lists Roster imports and exports.
#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

class Csv
{
    Q_DECLARE_TR_FUNCTIONS(Csv)

public:
    struct Record
    {
        int line = 0; // where the record starts, counting from 1
        QStringList fields;
    };

    // UTF-8 with or without a byte-order mark, CRLF or LF, quoted fields with "" inside and line breaks. Blank lines
    // are skipped. Bytes that are not UTF-8 are an error that names the line, never silently replaced.
    static Result<QList<Record>> parse(const QByteArray& data);

    // One field, quoted when it must be, and neutralised when a spreadsheet would run it: a cell that starts with
    // =, +, -, @, a tab or a carriage return gets a leading apostrophe.
    static QString field(const QString& value);
    static QString line(const QStringList& values);
    // Undoes field()'s neutralisation on a value read back, so an export imports as it was.
    static QString unneutralised(const QString& value);
};
