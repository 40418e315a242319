// SQL fixtures for the store contract suite and the SQL-specific tests.
#include "sqlfixture.h"

#include "awaitfuture.h"
#include "sqlstore.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

SqlFixture::SqlFixture()
{
    m_url.kind = StoreUrl::Kind::Sqlite;
    m_url.path = m_dir.filePath(QStringLiteral("contract.db"));
}

SqlFixture::SqlFixture(const StoreUrl& url)
    : m_url(url)
{
}

QString SqlFixture::name() const
{
    return m_url.kind == StoreUrl::Kind::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
}

static bool dropEverything(const StoreUrl& url)
{
    const QString connection = QStringLiteral("reset-") + QUuid::createUuid().toString();
    bool ok = true;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(url.host);
        db.setPort(url.port);
        db.setDatabaseName(url.database);
        db.setUserName(url.user);
        db.setPassword(url.password);
        ok = db.open();
        QSqlQuery query(db);
        ok = ok && query.exec(QStringLiteral("DROP SCHEMA public CASCADE"))
            && query.exec(QStringLiteral("CREATE SCHEMA public"));
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

bool SqlFixture::resetAccount()
{
    if (m_url.kind == StoreUrl::Kind::Sqlite) {
        for (const auto& suffix : {"", "-wal", "-shm"})
            QFile::remove(m_url.path + QLatin1String(suffix));
    } else if (!dropEverything(m_url)) {
        return false;
    }
    SqlStore store(m_url, {});
    if (!awaitFuture(store.open(SqlAccountEngine::OpenMode::CreateIfMissing)))
        return false;
    return awaitFuture(store.initialize(QStringLiteral("Contract"), OwnerEmail)).ok();
}

std::unique_ptr<AccountStore> SqlFixture::storeFor(const QString& actorEmail)
{
    auto store = std::make_unique<SqlStore>(m_url, SqlActor{actorEmail});
    if (!awaitFuture(store->open(SqlAccountEngine::OpenMode::MustExist)))
        return nullptr;
    return store;
}

QString SqlFixture::dump()
{
    return dumpSqlStore(m_url);
}

QString dumpSqlStore(const StoreUrl& url)
{
    const QString connection = QStringLiteral("dump-") + QUuid::createUuid().toString();
    QString text;
    {
        auto db = QSqlDatabase::addDatabase(
            url.kind == StoreUrl::Kind::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"), connection);
        if (url.kind == StoreUrl::Kind::Sqlite) {
            db.setDatabaseName(url.path);
        } else {
            db.setHostName(url.host);
            db.setPort(url.port);
            db.setDatabaseName(url.database);
            db.setUserName(url.user);
            db.setPassword(url.password);
        }
        if (db.open()) {
            const QStringList tables = {
                QStringLiteral("account"),      QStringLiteral("roles"),        QStringLiteral("role_permissions"),
                QStringLiteral("members"),      QStringLiteral("member_roles"), QStringLiteral("invites"),
                QStringLiteral("invite_roles"), QStringLiteral("audit_events"), QStringLiteral("schema_version")};
            for (const auto& table : tables) {
                text += QLatin1String("## ") + table + QLatin1Char('\n');
                QSqlQuery query(db);
                // Table names come from the fixed list above, never from input.
                query.exec(QStringLiteral("SELECT * FROM ") + table);
                QStringList rows;
                while (query.next()) {
                    QStringList fields;
                    for (int i = 0; i < query.record().count(); ++i)
                        fields.append(query.value(i).toString());
                    rows.append(fields.join(QLatin1Char('|')));
                }
                rows.sort();
                text += rows.join(QLatin1Char('\n')) + QLatin1Char('\n');
            }
            db.close();
        } else {
            text = QStringLiteral("<cannot open>");
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return text;
}

QFuture<Result<Member>> acceptAsInvitee(const StoreUrl& url, const QString& email, const QString& inviteId)
{
    SqlStore invitee(url, SqlActor{email});
    if (const Outcome opened = awaitFuture(invitee.open(SqlAccountEngine::OpenMode::MustExist)); !opened)
        return QtFuture::makeReadyFuture(Result<Member>(opened.error()));
    return QtFuture::makeReadyFuture(awaitFuture(invitee.acceptInvite(inviteId)));
}
