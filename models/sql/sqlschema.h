// The versioned account schema and its migrations, shared by SQLite and PostgreSQL.
#pragma once

#include "result.h"

#include <QSqlDatabase>

class SqlSchema
{
public:
    // The schema version this build writes; a newer file is refused rather than damaged.
    static int currentVersion();
    // Brings the database up to currentVersion(); running it again changes nothing.
    static Outcome migrate(QSqlDatabase& db);
    static int installedVersion(QSqlDatabase& db);
};
