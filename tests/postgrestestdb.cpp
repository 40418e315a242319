// Creates the per-program test database through a maintenance connection.
#include "postgrestestdb.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

Result<StoreUrl> freshPostgresDatabase(const QString& name)
{
    const QString server = qEnvironmentVariable("ROSTER_TEST_POSTGRES_URL");
    if (server.isEmpty())
        return backendFailure(
            QStringLiteral("ROSTER_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh, "
                           "which starts a PostgreSQL server"));
    auto parsed = StoreUrl::parse(server);
    if (!parsed)
        return parsed.error();
    const QString connection = QStringLiteral("maintenance-") + QUuid::createUuid().toString();
    QString failure;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(parsed.value().host);
        db.setPort(parsed.value().port);
        db.setDatabaseName(parsed.value().database);
        db.setUserName(parsed.value().user);
        if (!db.open()) {
            failure = QStringLiteral("cannot reach the test PostgreSQL server: ") + db.lastError().text();
        } else {
            QSqlQuery query(db);
            // The name is a fixed identifier chosen by the test program, never input.
            if (!query.exec(QStringLiteral("DROP DATABASE IF EXISTS ") + name + QStringLiteral(" WITH (FORCE)"))
                || !query.exec(QStringLiteral("CREATE DATABASE ") + name))
                failure = query.lastError().text();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    if (!failure.isEmpty())
        return backendFailure(failure);
    StoreUrl url = parsed.value();
    url.database = name;
    return url;
}
