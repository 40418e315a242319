// seed-demo writes the same account on SQLite and on PostgreSQL for the same seed: the PostgreSQL path batches
// its rows into multi-row INSERTs, and nothing may be lost or changed on the way. And on a seeded account, the listing
// `users list` and `export members` stream from SQL is, byte for byte, the one the loaded account gives.
#include "peoplelist.h"
#include "postgrestestdb.h"
#include "sqlstore.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestSeeding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { fixTheClock(); }
    void cleanupTestCase() { Clock::setNowForTesting({}); }

    void postgresqlAndSqliteSeedTheSameAccount()
    {
        DemoSpec spec;
        spec.members = 1800; // several batches of rows
        spec.invites = 700;
        spec.customRoles = 6;
        spec.seed = 42;
        QTemporaryDir dir;
        StoreUrl sqlite;
        sqlite.path = dir.filePath(QStringLiteral("seed.db"));
        const auto postgres = freshPostgresDatabase(QStringLiteral("roster_seeding"));
        QVERIFY2(postgres.ok(), qPrintable(postgres.error().message)); // fails, never skips
        QStringList dumps;
        for (const StoreUrl& url : {sqlite, postgres.value()}) {
            SqlStore store(url, {});
            QVERIFY(awaitFuture(store.open(SqlAccountEngine::OpenMode::CreateIfMissing)).ok());
            REQUIRE_OK(summary, store.seedDemo(spec));
            QCOMPARE(summary.members, spec.members);
            REQUIRE_OK(snapshot, store.loadAccount());
            REQUIRE_OK(closed, store.listInvites(std::nullopt));
            // Every row came back, on both: a lost batch is not "the same" for being lost on both.
            QCOMPARE(snapshot.members.size(), spec.members + 1); // and the Owner
            QCOMPARE(closed.size(), summary.pendingInvites + summary.closedInvites);
            QCOMPARE(summary.pendingInvites, spec.invites);
            dumps.append(dump(snapshot, closed));
        }
        QVERIFY(dumps.first().count(QLatin1Char('\n')) > spec.members + spec.invites);
        const QStringList expected = dumps.first().split(u'\n');
        const QStringList actual = dumps.last().split(u'\n');
        for (int i = 0; i < qMin(expected.size(), actual.size()); ++i)
            QCOMPARE(actual.at(i), expected.at(i)); // the first line that differs
        QCOMPARE(actual.size(), expected.size());
    }

    void streamedListingIsTheLoadedListingByteForByte()
    {
        DemoSpec spec;
        spec.members = 1000;
        spec.invites = 150;
        spec.customRoles = 5;
        spec.seed = 7;
        QTemporaryDir dir;
        StoreUrl sqlite;
        sqlite.path = dir.filePath(QStringLiteral("listing.db"));
        const auto postgres = freshPostgresDatabase(QStringLiteral("roster_listing"));
        QVERIFY2(postgres.ok(), qPrintable(postgres.error().message));
        for (const StoreUrl& url : {sqlite, postgres.value()}) {
            SqlStore store(url, {});
            QVERIFY(awaitFuture(store.open(SqlAccountEngine::OpenMode::CreateIfMissing)).ok());
            QVERIFY(awaitFuture(store.seedDemo(spec)).ok());
            REQUIRE_OK(snapshot, store.loadAccount());
            QStringList roles{QString()};
            for (const auto& role : snapshot.roles)
                roles.append(role.name);
            int compared = 0;
            for (const auto status : {UserFilter::Status::All, UserFilter::Status::Active, UserFilter::Status::Pending,
                                      UserFilter::Status::Expired}) {
                for (const auto& role : roles) {
                    for (const QString search : {QString(), QStringLiteral("ACME"), QStringLiteral("e.s")}) {
                        const PeopleQuery query{status, role, search};
                        QByteArray streamed;
                        REQUIRE_OK(count, store.streamPeople(query, [&streamed](const PersonRow& row) {
                            PeopleList::appendCompactItem(streamed, row);
                            streamed += '\n';
                        }));
                        const auto filter = PeopleRows::filterFor(query, snapshot);
                        QVERIFY(filter.ok());
                        const QList<PersonRow> rows = PeopleRows::fromSnapshot(snapshot, filter.value());
                        QByteArray expected;
                        for (const auto& row : rows)
                            expected += QJsonDocument(PeopleList::item(row)).toJson(QJsonDocument::Compact) + '\n';
                        QCOMPARE(count, int(rows.size()));
                        QCOMPARE(streamed, expected);
                        compared += count;
                    }
                }
            }
            QVERIFY(compared > 4 * spec.members); // most filters let many people through
        }

        // roster-cli writes the same bytes the loaded account's rows make, as JSON and as CSV. It judges expiry by
        // the real clock, so this part does too: against this test's fixed date, the seeded invitations expired in
        // one process and not in the other once the real date passed it. An invitation may still expire while the
        // program runs: its output must then be the rows of just before or of just after.
        Clock::setNowForTesting({});
        const auto fixedClockAgain = qScopeGuard([] { fixTheClock(); });
        SqlStore store(sqlite, {});
        QVERIFY(awaitFuture(store.open(SqlAccountEngine::OpenMode::MustExist)).ok());
        REQUIRE_OK(snapshot, store.loadAccount());
        QCOMPARE(PeopleRows::fromSnapshot(snapshot, {}).size(), spec.members + 1 + spec.invites);
        const auto asJson = [&snapshot]() -> QByteArray {
            const QList<PersonRow> everyone = PeopleRows::fromSnapshot(snapshot, {});
            QByteArray json = "{\"items\": [";
            for (const auto& row : everyone)
                json += (&row == &everyone.first() ? "\n  " : ",\n  ")
                    + QJsonDocument(PeopleList::item(row)).toJson(QJsonDocument::Compact);
            return json + "\n]}\n";
        };
        const auto asCsv = [&snapshot]() -> QByteArray {
            return PeopleList::csv(PeopleRows::fromSnapshot(snapshot, {}));
        };
        const auto compareRun = [&](const QStringList& arguments, const auto& expected) {
            const QByteArray before = expected();
            const QByteArray printed = cli(arguments, sqlite);
            const QByteArray after = expected();
            QCOMPARE(printed, printed == after ? after : before);
        };
        compareRun({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("list")}, asJson);
        if (QTest::currentTestFailed())
            return;
        compareRun(
            {QStringLiteral("export"), QStringLiteral("members"), QStringLiteral("--format"), QStringLiteral("csv")},
            asCsv);
        if (QTest::currentTestFailed())
            return;
        // A listing refused before its first row writes nothing on stdout.
        QCOMPARE(cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("list"),
                      QStringLiteral("--role"), QStringLiteral("No such role")},
                     sqlite, 3),
                 QByteArray());
    }

private:
    // A fixed date: the seeds build their dates from it, so two stores seeded a moment apart match.
    static void fixTheClock() { Clock::setNowForTesting(QDateTime(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC)); }

    // roster-cli's standard output for `arguments` on `store`, after checking its exit code.
    static QByteArray cli(const QStringList& arguments, const StoreUrl& store, int exitCode = 0)
    {
        QProcess process;
        process.start(QStringLiteral(ROSTER_CLI_PATH),
                      QStringList{QStringLiteral("--store"), QStringLiteral("sqlite:") + store.path} + arguments);
        if (!process.waitForFinished(60000) || process.exitCode() != exitCode) {
            qWarning() << arguments << process.exitCode() << process.readAllStandardError();
            return "roster-cli failed";
        }
        return process.readAllStandardOutput();
    }

    // Every member, invitation and role, with roles by name, in one order: what two stores must agree on.
    static QString dump(const AccountSnapshot& snapshot, const QList<Invite>& invites)
    {
        QHash<QString, QString> roleNames;
        QStringList lines;
        for (const auto& role : snapshot.roles) {
            roleNames.insert(role.id, role.name);
            QStringList permissions(role.permissions.cbegin(), role.permissions.cend());
            permissions.sort();
            lines.append(QStringLiteral("role %1 %2 %3").arg(role.name, role.description, permissions.join(u',')));
        }
        const auto names = [&roleNames](const QStringList& ids) {
            QStringList result;
            for (const auto& id : ids)
                result.append(roleNames.value(id, QStringLiteral("?") + id));
            result.sort();
            return result.join(u',');
        };
        for (const auto& member : snapshot.members)
            lines.append(QStringLiteral("member %1 %2 %3 %4") // the Owner's id is new in each account
                             .arg(member.email, names(member.roleIds), member.invitedBy)
                             .arg(member.joinedAt.toMSecsSinceEpoch()));
        for (const auto& invite : invites)
            lines.append(QStringLiteral("invite %1 %2 %3 %4 %5 %6 %7")
                             .arg(invite.id, invite.email, inviteStatusName(invite.status), names(invite.roleIds),
                                  invite.invitedBy)
                             .arg(invite.createdAt.toMSecsSinceEpoch())
                             .arg(invite.updatedAt.toMSecsSinceEpoch()));
        lines.sort();
        return lines.join(u'\n');
    }
};

QTEST_GUILESS_MAIN(TestSeeding)
#include "tst_seeding.moc"
