// Parses the --store URL of CLI.md: sqlite:PATH, postgresql://USER[:PASSWORD]@HOST[:PORT]/DB, cloud:ACCOUNT_ID.
#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QString>

struct StoreUrl
{
    Q_DECLARE_TR_FUNCTIONS(StoreUrl)

public:
    enum class Kind {
        Sqlite,
        Postgresql,
        Cloud,
    };

    Kind kind = Kind::Sqlite;
    QString path; // sqlite
    QString host; // postgresql
    int port = 5432;
    QString database;
    QString user;
    QString password; // never logged or shown; see displayString()
    QString accountId; // cloud

    static Result<StoreUrl> parse(const QString& text);
    // The per-user default: AppDataLocation + /roster.db.
    static StoreUrl defaultLocal();

    // For status bars and messages: never includes the password.
    QString displayString() const;
};
