// Migrations are append-only: each step runs once, in its own transaction, and bumps the version.
//
// The SQL is deliberately portable (TEXT, BIGINT, partial unique indexes, ON DELETE CASCADE) so that
// one migration path serves SQLite and PostgreSQL. Timestamps are UTC milliseconds since the epoch.
#include "sqlschema.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace {

const QList<QStringList>& migrations()
{
    static const QList<QStringList> steps = {
        // 1: the account, roles, members, invites and the audit log.
        {
            QStringLiteral(
                "CREATE TABLE account (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE roles (id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,"
                           " description TEXT NOT NULL DEFAULT '', system_key TEXT,"
                           " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE UNIQUE INDEX roles_system_key ON roles (system_key) WHERE system_key IS NOT NULL"),
            QStringLiteral(
                "CREATE TABLE role_permissions (role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,"
                " permission TEXT NOT NULL, PRIMARY KEY (role_id, permission))"),
            QStringLiteral(
                "CREATE TABLE members (id TEXT PRIMARY KEY, email TEXT NOT NULL, email_key TEXT NOT NULL UNIQUE,"
                " invited_by TEXT NOT NULL DEFAULT '', joined_at BIGINT NOT NULL)"),
            QStringLiteral(
                "CREATE TABLE member_roles (member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,"
                " role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,"
                " PRIMARY KEY (member_id, role_id))"),
            QStringLiteral("CREATE INDEX member_roles_role ON member_roles (role_id)"),
            QStringLiteral("CREATE TABLE invites (id TEXT PRIMARY KEY, email TEXT NOT NULL, email_key TEXT NOT NULL,"
                           " status TEXT NOT NULL, invited_by TEXT NOT NULL,"
                           " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)"),
            // At most one pending invite per address, even when two admins race.
            QStringLiteral("CREATE UNIQUE INDEX invites_one_pending ON invites (email_key) WHERE status = 'PENDING'"),
            QStringLiteral("CREATE INDEX invites_email ON invites (email_key)"),
            QStringLiteral(
                "CREATE TABLE invite_roles (invite_id TEXT NOT NULL REFERENCES invites (id) ON DELETE CASCADE,"
                " role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,"
                " PRIMARY KEY (invite_id, role_id))"),
            QStringLiteral("CREATE INDEX invite_roles_role ON invite_roles (role_id)"),
            QStringLiteral("CREATE TABLE audit_events (id TEXT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL,"
                           " action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX audit_events_at ON audit_events (at)"),
        },
        // 2: how long an invitation stays acceptable (RULES.md: 7 days unless set).
        {
            QStringLiteral("ALTER TABLE account ADD COLUMN invite_lifetime_days INTEGER NOT NULL DEFAULT 7"),
        },
    };
    return steps;
}

bool execute(QSqlDatabase& db, const QString& statement)
{
    QSqlQuery query(db);
    if (query.exec(statement))
        return true;
    qCWarning(lcStore) << "migration statement failed:" << query.lastError().text();
    return false;
}

} // namespace

int SqlSchema::currentVersion()
{
    return int(migrations().size());
}

int SqlSchema::installedVersion(QSqlDatabase& db)
{
    // Reads only: a store without the table is version 0, and stays untouched.
    if (!db.tables().contains(QStringLiteral("schema_version")))
        return 0;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

Outcome SqlSchema::migrate(QSqlDatabase& db)
{
    const auto failure = [] {
        return backendFailure(QCoreApplication::translate(
            "SqlSchema", "The account database could not be upgraded; it was left as it was."));
    };
    if (!execute(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")))
        return failure();
    const int installed = installedVersion(db);
    if (installed < 0)
        return failure();
    if (installed > currentVersion())
        return backendFailure(
            QCoreApplication::translate("SqlSchema",
                                        "The account database was written by a newer Roster (schema %1); "
                                        "this version understands schema %2.")
                .arg(installed)
                .arg(currentVersion()));
    for (int version = installed + 1; version <= currentVersion(); ++version) {
        if (!db.transaction())
            return failure();
        bool ok = true;
        for (const auto& statement : migrations().at(version - 1))
            ok = ok && execute(db, statement);
        QSqlQuery bump(db);
        bump.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"));
        bump.addBindValue(version);
        ok = ok && bump.exec();
        if (!ok || !db.commit()) {
            db.rollback();
            return failure();
        }
        qCInfo(lcStore) << "schema migrated to version" << version;
    }
    return Done{};
}
