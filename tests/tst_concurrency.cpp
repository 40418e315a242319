// Two admins at once, on SQLite and on PostgreSQL: two stores, two connections, two worker threads.
#include "accountsession.h"
#include "allusersmodel.h"
#include "postgrestestdb.h"
#include "sqlfixture.h"
#include "sqlstore.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

class TestConcurrency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == QLatin1String("sqlite")) {
            m_dir = std::make_unique<QTemporaryDir>();
            m_url = StoreUrl();
            m_url.path = m_dir->filePath(QStringLiteral("race.db"));
        } else {
            const auto url = freshPostgresDatabase(QStringLiteral("roster_concurrency"));
            QVERIFY2(url.ok(), qPrintable(url.error().message)); // fails, never skips
            m_url = url.value();
        }
        SqlStore setup(m_url, {});
        QVERIFY(awaitFuture(setup.open(SqlAccountEngine::OpenMode::CreateIfMissing)).ok());
        QVERIFY(awaitFuture(setup.initialize(QStringLiteral("Race"), QStringLiteral("owner@example.com"))).ok());
        const auto admin = awaitFuture(setup.invite({QStringLiteral("bo@example.com")}, {QStringLiteral("Admin")}));
        QVERIFY(admin.ok());
        QVERIFY(
            awaitFuture(acceptAsInvitee(m_url, QStringLiteral("bo@example.com"), admin.value().sent.first().id)).ok());
        m_first = open(QStringLiteral("owner@example.com"));
        m_second = open(QStringLiteral("bo@example.com"));
        QVERIFY(m_first && m_second);
    }

    void cleanup()
    {
        m_first.reset();
        m_second.reset();
    }

    void bothInviteTheSameAddress()
    {
        for (int round = 0; round < 10; ++round) {
            const QString email = QStringLiteral("race%1@example.com").arg(round);
            auto a = m_first->invite({email}, {});
            auto b = m_second->invite({email.toUpper()}, {});
            const auto ra = awaitFuture(a);
            const auto rb = awaitFuture(b);
            QCOMPARE(int(ra.ok()) + int(rb.ok()), 1);
            const Error loser = ra.ok() ? rb.error() : ra.error();
            QCOMPARE(int(loser.code), int(ErrorCode::Refused));
            const QString winner = ra.ok() ? QStringLiteral("owner@example.com") : QStringLiteral("bo@example.com");
            QVERIFY2(loser.message.contains(winner) || loser.message.contains(QStringLiteral("a moment ago")),
                     qPrintable(loser.message));
        }
        REQUIRE_OK(pending, m_first->listInvites(InviteStatus::Pending));
        QCOMPARE(pending.size(), 10);
    }

    void removeWhileAssigning()
    {
        REQUIRE_OK(role, m_first->createRole({QStringLiteral("Racers"), {}, {QStringLiteral("read:clusters")}}));
        for (int round = 0; round < 10; ++round) {
            const QString email = QStringLiteral("target%1@example.com").arg(round);
            REQUIRE_OK(invites, m_first->invite({email}, {}));
            REQUIRE_OK(member, acceptAsInvitee(m_url, email, invites.sent.first().id));
            auto removal = m_first->removeMember(member.id);
            auto assignment = m_second->updateMemberRoles(member.id, {role.id}, {});
            const auto removed = awaitFuture(removal);
            const auto assigned = awaitFuture(assignment);
            QVERIFY2(removed.ok(), qPrintable(removed.error().message));
            // Either the assignment came first (and the removal took it away), or it was told why it lost.
            if (!assigned.ok()) {
                QCOMPARE(int(assigned.error().code), int(ErrorCode::NotFound));
                QVERIFY2(assigned.error().message.contains(member.id) || assigned.error().message.contains(email),
                         qPrintable(assigned.error().message));
            }
            REQUIRE_ERROR(m_second->findMember(email), ErrorCode::NotFound);
        }
        REQUIRE_OK(details, m_first->roleDetails(role.id));
        QVERIFY(details.members.isEmpty()); // no membership outlived its member
    }

    void interleavedRoleAssignmentsLoseNothing()
    {
        constexpr int Members = 20;
        constexpr int RolesPerSide = 10;
        QStringList members;
        for (int i = 0; i < Members; ++i) {
            const QString email = QStringLiteral("m%1@example.com").arg(i);
            REQUIRE_OK(invites, m_first->invite({email}, {}));
            REQUIRE_OK(member, acceptAsInvitee(m_url, email, invites.sent.first().id));
            members.append(member.id);
        }
        QStringList firstRoles, secondRoles;
        for (int i = 0; i < RolesPerSide; ++i) {
            REQUIRE_OK(a,
                       m_first->createRole({QStringLiteral("Alpha %1").arg(i), {}, {QStringLiteral("read:clusters")}}));
            REQUIRE_OK(b,
                       m_first->createRole({QStringLiteral("Beta %1").arg(i), {}, {QStringLiteral("read:backups")}}));
            firstRoles.append(a.id);
            secondRoles.append(b.id);
        }
        // 2 x 200 assignments, queued at once on two connections so that they interleave.
        QHash<QString, QSet<QString>> expected;
        QList<QFuture<Result<Member>>> futures;
        for (int n = 0; n < 200; ++n) {
            const QString member = members.at(n % Members);
            const QString a = firstRoles.at((n / Members) % RolesPerSide);
            const QString b = secondRoles.at((n / Members) % RolesPerSide);
            expected[member] << a << b;
            futures.append(m_first->updateMemberRoles(member, {a}, {}));
            futures.append(m_second->updateMemberRoles(member, {b}, {}));
        }
        int failures = 0;
        for (auto& future : futures) {
            const auto result = awaitFuture(future);
            if (!result.ok()) {
                ++failures;
                qWarning() << result.error().message;
            }
        }
        QCOMPARE(failures, 0);
        REQUIRE_OK(snapshot, m_first->loadAccount());
        for (const auto& member : snapshot.members) {
            if (!members.contains(member.id))
                continue;
            QSet<QString> roles(member.roleIds.cbegin(), member.roleIds.cend());
            QCOMPARE(roles.size(), expected.value(member.id).size() + 1); // + Base
            QVERIFY(roles.contains(expected.value(member.id)));
        }
    }

    void liveUpdateReachesAnotherConsole()
    {
        AccountSession console(m_second.get());
        AllUsersModel table(&console);
        QSignalSpy loaded(&console, &AccountSession::reset);
        console.reload();
        QVERIFY(loaded.wait(10000));
        QSignalSpy news(&console, &AccountSession::changedByOthers);
        QSignalSpy resets(&table, &QAbstractItemModel::modelReset);
        QElapsedTimer latency;
        latency.start();
        REQUIRE_OK(invites, m_first->invite({QStringLiteral("live@example.com")}, {}));
        QTRY_VERIFY(table.rowOf(invites.sent.first().id) >= 0);
        qInfo("live update reached the other console after %lld ms", static_cast<long long>(latency.elapsed()));
        QCOMPARE(resets.count(), 0); // a row arrived; the table was not rebuilt
        QTRY_COMPARE(news.count(), 1);
        QCOMPARE(news.first().first().toString(), QStringLiteral("owner@example.com invited live@example.com."));
        REQUIRE_OK(revoked, m_first->revokeInvite(invites.sent.first().id));
        QTRY_COMPARE(table.rowOf(invites.sent.first().id), -1);
        QTRY_COMPARE(news.last().first().toString(),
                     QStringLiteral("owner@example.com revoked the invitation for live@example.com."));
    }

private:
    std::unique_ptr<SqlStore> open(const QString& actor)
    {
        auto store = std::make_unique<SqlStore>(m_url, SqlActor{actor});
        if (!awaitFuture(store->open(SqlAccountEngine::OpenMode::MustExist)))
            return nullptr;
        return store;
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    StoreUrl m_url;
    std::unique_ptr<SqlStore> m_first;
    std::unique_ptr<SqlStore> m_second;
};

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
