// roster-cli and the console agree: `users list` and the User Management table show the same people, in the same
// order, for every filter; and `roles show Base` lists the pending invitations on every backend.
#include "accountsession.h"
#include "allusersmodel.h"
#include "cloudfixture.h"
#include "postgrestestdb.h"
#include "sqlfixture.h"
#include "sqlstore.h"
#include "testsupport.h"
#include "userfilterproxymodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList& arguments,
              const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(ROSTER_CLI_PATH), arguments);
    process.waitForFinished(60000);
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

QStringList emailsOf(const QByteArray& json)
{
    QStringList emails;
    for (const auto& item : QJsonDocument::fromJson(json).object().value(QStringLiteral("items")).toArray())
        emails.append(item.toObject().value(QStringLiteral("email")).toString());
    return emails;
}

} // namespace

class TestCliParity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("roster.*.debug=false\nroster.*.info=false"));
        m_url.path = m_dir.filePath(QStringLiteral("parity.db"));
        m_store = QStringLiteral("sqlite:") + m_url.path;
        QCOMPARE(runCli({QStringLiteral("--store"), m_store, QStringLiteral("seed-demo"), QStringLiteral("--members"),
                         QStringLiteral("80"), QStringLiteral("--invites"), QStringLiteral("20"),
                         QStringLiteral("--custom-roles"), QStringLiteral("3")})
                     .exitCode,
                 0);
        // Addresses whose case a naive sort would split from their neighbours.
        for (const auto& email : {QStringLiteral("Zed.Upper@Example.com"), QStringLiteral("aaron@EXAMPLE.com"),
                                  QStringLiteral("Beth@example.com")})
            QCOMPARE(runCli({QStringLiteral("--store"), m_store, QStringLiteral("invite"), email}).exitCode, 0);
        QCOMPARE(runCli({QStringLiteral("--store"), m_store, QStringLiteral("invites"), QStringLiteral("accept"),
                         QStringLiteral("Beth@example.com")})
                     .exitCode,
                 0);

        m_sql = std::make_unique<SqlStore>(m_url, SqlActor{});
        QVERIFY(awaitFuture(m_sql->open(SqlAccountEngine::OpenMode::MustExist)).ok());
        m_session = std::make_unique<AccountSession>(m_sql.get());
        QSignalSpy loaded(m_session.get(), &AccountSession::reset);
        m_session->reload();
        QVERIFY(loaded.wait(10000));
        m_table = std::make_unique<AllUsersModel>(m_session.get());
        m_proxy = std::make_unique<UserFilterProxyModel>();
        m_proxy->setSourceModel(m_table.get());
        m_proxy->sort(UserTableModel::EmailColumn, Qt::AscendingOrder);
    }

    void usersListMatchesTheConsole_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("search");
        QStringList roles{QString(), QStringLiteral("Base"), QStringLiteral("Admin")};
        for (const auto& role : m_session->roles()) {
            if (!role.isSystem()) {
                roles.append(role.name); // one custom role is enough to tell ids from names
                break;
            }
        }
        for (const auto& status : {QStringLiteral("all"), QStringLiteral("active"), QStringLiteral("pending")}) {
            for (const auto& role : roles) {
                for (const auto& search :
                     {QString(), QStringLiteral("a"), QStringLiteral("EXAMPLE.COM"), QStringLiteral("zz-nobody")})
                    QTest::addRow("%s/%s/%s", qPrintable(status), role.isEmpty() ? "any" : qPrintable(role),
                                  search.isEmpty() ? "-" : qPrintable(search))
                        << status << role << search;
            }
        }
    }

    void usersListMatchesTheConsole()
    {
        QFETCH(QString, status);
        QFETCH(QString, role);
        QFETCH(QString, search);
        QStringList arguments{QStringLiteral("--store"),
                              m_store,
                              QStringLiteral("--json"),
                              QStringLiteral("users"),
                              QStringLiteral("list"),
                              QStringLiteral("--status"),
                              status};
        if (!role.isEmpty())
            arguments << QStringLiteral("--role") << role;
        if (!search.isEmpty())
            arguments << QStringLiteral("--search") << search;
        const CliRun run = runCli(arguments);
        QCOMPARE(run.exitCode, 0);

        UserFilter::Status parsed = UserFilter::Status::All;
        QVERIFY(UserFilter::parseStatus(status, &parsed));
        m_proxy->setStatusFilter(parsed);
        const Role* filterRole = findRole(m_session->roles(), role);
        m_proxy->setRoleFilter(filterRole ? filterRole->id : QString());
        m_proxy->setSearchText(search);
        QStringList console;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            console.append(m_proxy->index(row, UserTableModel::EmailColumn).data().toString());

        const QStringList cli = emailsOf(run.out);
        QCOMPARE(cli, console); // the same people, in the same order
        if (search == QLatin1String("zz-nobody"))
            QVERIFY(cli.isEmpty());
        else if (status != QLatin1String("pending") && role.isEmpty() && search.isEmpty())
            QVERIFY(cli.size() > 10); // the comparison is not between two empty lists
    }

    void baseListsPendingInvitationsOnEveryBackend()
    {
        // SQLite and PostgreSQL through roster-cli directly, the cloud backend through serve.
        const auto postgres = freshPostgresDatabase(QStringLiteral("roster_cli_parity"));
        QVERIFY2(postgres.ok(), qPrintable(postgres.error().message)); // fails, never skips
        SqlFixture sqlite;
        SqlFixture pg(postgres.value());
        CloudFixture cloud;
        for (StoreFixture* fixture : std::initializer_list<StoreFixture*>{&sqlite, &pg, &cloud}) {
            QVERIFY(fixture->resetAccount());
            auto owner = fixture->storeFor();
            REQUIRE_OK(custom, owner->createRole({QStringLiteral("Operators"), {}, {QStringLiteral("read:users")}}));
            REQUIRE_OK(plain, owner->invite({QStringLiteral("plain@example.com")}, {}));
            REQUIRE_OK(withRole, owner->invite({QStringLiteral("ops@example.com")}, {custom.id}));
        }
        QProcessEnvironment cloudEnvironment = QProcessEnvironment::systemEnvironment();
        cloudEnvironment.insert(QStringLiteral("QDRANT_CLOUD_TOKEN"), QStringLiteral("tok-owner@example.com"));
        const QList<QPair<QString, QStringList>> stores = {
            {QStringLiteral("sqlite"), {QStringLiteral("--store"), QStringLiteral("sqlite:") + sqlite.url().path}},
            {QStringLiteral("postgresql"), {QStringLiteral("--store"), postgres.value().displayString()}},
            {QStringLiteral("cloud"),
             {QStringLiteral("--store"), QStringLiteral("cloud:") + cloud.accountId(), QStringLiteral("--endpoint"),
              QStringLiteral("http://127.0.0.1:%1").arg(cloud.port())}},
        };
        for (const auto& [name, store] : stores) {
            for (const auto& [role, expected] :
                 {std::pair{QStringLiteral("Base"),
                            QStringList{QStringLiteral("ops@example.com"), QStringLiteral("plain@example.com")}},
                  std::pair{QStringLiteral("Operators"), QStringList{QStringLiteral("ops@example.com")}},
                  std::pair{QStringLiteral("Admin"), QStringList{}}}) {
                const CliRun run = runCli(
                    store
                        + QStringList{QStringLiteral("--json"), QStringLiteral("roles"), QStringLiteral("show"), role},
                    cloudEnvironment);
                QVERIFY2(run.exitCode == 0, run.err.constData());
                QStringList pending;
                for (const auto& invite :
                     QJsonDocument::fromJson(run.out).object().value(QStringLiteral("pendingInvites")).toArray())
                    pending.append(invite.toObject().value(QStringLiteral("userEmail")).toString());
                pending.sort();
                QVERIFY2(pending == expected,
                         qPrintable(QStringLiteral("%1, %2: %3").arg(name, role, pending.join(u','))));
            }
            // The human-readable form says the same.
            const CliRun text =
                runCli(store + QStringList{QStringLiteral("roles"), QStringLiteral("show"), QStringLiteral("Base")},
                       cloudEnvironment);
            QVERIFY2(text.out.contains("Pending invitations (2):"), text.out.constData());
        }
    }

private:
    QTemporaryDir m_dir;
    StoreUrl m_url;
    QString m_store;
    std::unique_ptr<SqlStore> m_sql;
    std::unique_ptr<AccountSession> m_session;
    std::unique_ptr<AllUsersModel> m_table;
    std::unique_ptr<UserFilterProxyModel> m_proxy;
};

QTEST_GUILESS_MAIN(TestCliParity)
#include "tst_cli_parity.moc"
