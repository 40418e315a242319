// SQLite-specific behaviour: persistence, migrations, damaged files, and demo data.
#include "demodata.h"
#include "sqlfixture.h"
#include "sqlschema.h"
#include "sqlstore.h"
#include "testsupport.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

class TestSqliteStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }

    void persistsAcrossReopen()
    {
        const StoreUrl url = sqliteUrl(QStringLiteral("persist.db"));
        QString inviteId;
        {
            SqlStore store(url, {});
            REQUIRE_OK(opened, store.open(SqlAccountEngine::OpenMode::CreateIfMissing));
            REQUIRE_OK(account, store.initialize(QStringLiteral("Acme"), QStringLiteral("owner@example.com")));
            REQUIRE_OK(role, store.createRole({QStringLiteral("Auditors"), {}, {QStringLiteral("read:users")}}));
            REQUIRE_OK(invites, store.invite({QStringLiteral("ana@example.com")}, {role.id}));
            inviteId = invites.sent.first().id;
        }
        SqlStore reopened(url, {});
        REQUIRE_OK(opened, reopened.open(SqlAccountEngine::OpenMode::MustExist));
        REQUIRE_OK(snapshot, reopened.loadAccount());
        QCOMPARE(snapshot.account.name, QStringLiteral("Acme"));
        QCOMPARE(snapshot.pendingInvites.size(), 1);
        QCOMPARE(snapshot.pendingInvites.first().id, inviteId);
        QCOMPARE(snapshot.roles.size(), 4);
    }

    void migratesEmptyFileAndIsIdempotent()
    {
        const QString path = m_dir.filePath(QStringLiteral("migrate.db"));
        const QString connection = QStringLiteral("migrate-test");
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QCOMPARE(SqlSchema::installedVersion(db), 0);
            QVERIFY(SqlSchema::migrate(db).ok());
            QCOMPARE(SqlSchema::installedVersion(db), SqlSchema::currentVersion());
            const QStringList tables = db.tables();
            QVERIFY(SqlSchema::migrate(db).ok());
            QCOMPARE(db.tables(), tables);
            QSqlQuery count(db);
            QVERIFY(count.exec(QStringLiteral("SELECT count(*) FROM schema_version")));
            QVERIFY(count.next());
            QCOMPARE(count.value(0).toInt(), SqlSchema::currentVersion());
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
    }

    // The audit event is part of the change: when writing it fails, the change is rolled back with it.
    void aFailedAuditWriteRollsTheChangeBack()
    {
        const StoreUrl url = sqliteUrl(QStringLiteral("audit.db"));
        {
            SqlStore store(url, {});
            REQUIRE_OK(opened, store.open(SqlAccountEngine::OpenMode::CreateIfMissing));
            REQUIRE_OK(account, store.initialize(QStringLiteral("Acme"), QStringLiteral("owner@example.com")));
        }
        const QString connection = QStringLiteral("audit-trigger");
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(url.path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("CREATE TRIGGER audit_full BEFORE INSERT ON audit_events "
                                              "BEGIN SELECT RAISE(ABORT, 'audit log full'); END")));
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        SqlStore store(url, {});
        REQUIRE_OK(opened, store.open(SqlAccountEngine::OpenMode::MustExist));
        REQUIRE_ERROR(store.invite({QStringLiteral("ana@example.com")}, {}), ErrorCode::Backend);
        REQUIRE_ERROR(store.createRole({QStringLiteral("Auditors"), {}, {QStringLiteral("read:users")}}),
                      ErrorCode::Backend);
        REQUIRE_OK(invites, store.listInvites(std::nullopt));
        QVERIFY(invites.isEmpty());
        REQUIRE_OK(roles, store.listRoles());
        QCOMPARE(roles.size(), 3);
    }

    void refusesNewerSchema()
    {
        const QString path = m_dir.filePath(QStringLiteral("newer.db"));
        const QString connection = QStringLiteral("newer-test");
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)")));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO schema_version VALUES (999)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        SqlStore store(sqliteUrl(QStringLiteral("newer.db")), {});
        REQUIRE_ERROR(store.open(SqlAccountEngine::OpenMode::MustExist), ErrorCode::Backend);
    }

    void refusesDamagedFile()
    {
        QFile file(m_dir.filePath(QStringLiteral("damaged.db")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        SqlStore store(sqliteUrl(QStringLiteral("damaged.db")), {});
        const auto opened = awaitFuture(store.open(SqlAccountEngine::OpenMode::MustExist));
        QVERIFY(!opened);
        QCOMPARE(int(opened.error().code), int(ErrorCode::Backend));
        QVERIFY(opened.error().message.contains(QStringLiteral("damaged")));
        QVERIFY(!opened.error().message.contains(QStringLiteral("SELECT")));
    }

    void missingFileIsNotCreatedOnRead()
    {
        SqlStore store(sqliteUrl(QStringLiteral("absent.db")), {});
        REQUIRE_ERROR(store.open(SqlAccountEngine::OpenMode::MustExist), ErrorCode::NotFound);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("absent.db"))));
    }

    void uninitialisedStoreSaysSo()
    {
        SqlStore store(sqliteUrl(QStringLiteral("empty.db")), {});
        REQUIRE_OK(opened, store.open(SqlAccountEngine::OpenMode::CreateIfMissing));
        REQUIRE_OK(initialised, store.isInitialized());
        QVERIFY(!initialised);
        REQUIRE_ERROR(store.loadAccount(), ErrorCode::NotFound);
        REQUIRE_OK(account, store.initialize({}, QStringLiteral("owner@example.com")));
        REQUIRE_ERROR(store.initialize({}, QStringLiteral("owner@example.com")), ErrorCode::Refused);
    }

    void initializeRefusesInvalidOwner()
    {
        SqlStore store(sqliteUrl(QStringLiteral("badowner.db")), {});
        REQUIRE_OK(opened, store.open(SqlAccountEngine::OpenMode::CreateIfMissing));
        REQUIRE_ERROR(store.initialize({}, QStringLiteral("not an email")), ErrorCode::Refused);
        REQUIRE_OK(initialised, store.isInitialized());
        QVERIFY(!initialised);
    }

    void seedDemoIsDeterministic()
    {
        const DemoSpec spec{300, 40, 6, 42, QStringLiteral("owner@example.com")};
        const auto emails = [&](const QString& file) {
            SqlStore store(sqliteUrl(file), {});
            awaitFuture(store.open(SqlAccountEngine::OpenMode::CreateIfMissing));
            const auto summary = awaitFuture(store.seedDemo(spec));
            QStringList list;
            if (!summary)
                return list;
            const auto snapshot = awaitFuture(store.loadAccount());
            for (const auto& member : snapshot.value().members)
                list.append(member.email + QLatin1Char(' ') + QString::number(member.roleIds.size()));
            for (const auto& invite : snapshot.value().pendingInvites)
                list.append(invite.email);
            list.sort();
            return list;
        };
        const QStringList first = emails(QStringLiteral("seed1.db"));
        QCOMPARE(first.size(), 301 + 40);
        QCOMPARE(emails(QStringLiteral("seed2.db")), first);
        // A different seed gives a different account.
        const DemoData other = DemoGenerator::generate({300, 40, 6, 43, QStringLiteral("owner@example.com")},
                                                       QStringLiteral("b"), QStringLiteral("a"));
        QVERIFY(other.members.first().email + QLatin1String(" 1") != first.first());
    }

    void seedDemoRefusesUsedAccount()
    {
        SqlStore store(sqliteUrl(QStringLiteral("used.db")), {});
        REQUIRE_OK(opened, store.open(SqlAccountEngine::OpenMode::CreateIfMissing));
        REQUIRE_OK(summary, store.seedDemo({10, 2, 2, 1, QStringLiteral("owner@example.com")}));
        QCOMPARE(summary.members, 10);
        const QString before = dumpSqlStore(sqliteUrl(QStringLiteral("used.db")));
        REQUIRE_ERROR(store.seedDemo({10, 2, 2, 1, QStringLiteral("owner@example.com")}), ErrorCode::Refused);
        QCOMPARE(dumpSqlStore(sqliteUrl(QStringLiteral("used.db"))), before);
    }

    void concurrentInvitesOfOneAddressLeaveOneInvite()
    {
        const StoreUrl url = sqliteUrl(QStringLiteral("race.db"));
        SqlStore first(url, {});
        REQUIRE_OK(opened, first.open(SqlAccountEngine::OpenMode::CreateIfMissing));
        REQUIRE_OK(account, first.initialize({}, QStringLiteral("owner@example.com")));
        SqlStore second(url, {});
        REQUIRE_OK(opened2, second.open(SqlAccountEngine::OpenMode::MustExist));
        // Both are queued before either finishes: two connections, two threads, one address.
        auto a = first.invite({QStringLiteral("race@example.com")}, {});
        auto b = second.invite({QStringLiteral("RACE@example.com")}, {});
        const auto ra = awaitFuture(a);
        const auto rb = awaitFuture(b);
        QCOMPARE(int(ra.ok()) + int(rb.ok()), 1);
        const Error loser = ra.ok() ? rb.error() : ra.error();
        QCOMPARE(int(loser.code), int(ErrorCode::Refused));
        REQUIRE_OK(pending, first.listInvites(InviteStatus::Pending));
        QCOMPARE(pending.size(), 1);
    }

private:
    StoreUrl sqliteUrl(const QString& file) const
    {
        StoreUrl url;
        url.kind = StoreUrl::Kind::Sqlite;
        url.path = m_dir.filePath(file);
        return url;
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestSqliteStore)
#include "tst_sqlitestore.moc"
