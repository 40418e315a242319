// File → Export members…: what a users table shows now (its filter, its order), saved as CSV or JSON.
#pragma once

#include "peoplelist.h"
#include "result.h"

#include <QCoreApplication>

class UsersPanel;
class QWidget;

class PeopleExport
{
    Q_DECLARE_TR_FUNCTIONS(PeopleExport)

public:
    // The rows `panel` shows, in its order.
    static QList<PersonRow> shownRows(const UsersPanel* panel);
    // Writes `rows` to `path` (JSON when it ends in .json, else CSV) all at once: an interrupted save leaves the
    // previous file as it was. The error, if any, is worded for the admin.
    static Outcome save(const QList<PersonRow>& rows, const QString& path);
    // Asks where, then saves. The path written; empty when the admin cancelled.
    static Result<QString> exportFrom(const UsersPanel* panel, QWidget* parent);
};
