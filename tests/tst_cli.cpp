// roster-cli end to end on a temporary SQLite file: exit codes, one-line errors, JSON shapes, and --actor refusals.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(QFile::exists(QStringLiteral(ROSTER_CLI_PATH))); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("cli.db"));
        QCOMPARE(cli({QStringLiteral("init"), QStringLiteral("--owner"), QStringLiteral("owner@example.com")}).exitCode,
                 0);
        QCOMPARE(
            cli({QStringLiteral("invite"), QStringLiteral("base@example.com"), QStringLiteral("pending@example.com")})
                .exitCode,
            0);
        QCOMPARE(
            cli({QStringLiteral("invites"), QStringLiteral("accept"), QStringLiteral("base@example.com")}).exitCode, 0);
        QCOMPARE(cli({QStringLiteral("roles"), QStringLiteral("create"), QStringLiteral("Operators"),
                      QStringLiteral("--permission"), QStringLiteral("write:clusters")})
                     .exitCode,
                 0);
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("mentions");
        const auto args = [](std::initializer_list<const char*> list) {
            QStringList result;
            for (const char* item : list)
                result.append(QString::fromUtf8(item));
            return result;
        };
        QTest::newRow("no command") << QStringList() << 1 << "No command";
        QTest::newRow("unknown command") << args({"frobnicate"}) << 1 << "frobnicate";
        QTest::newRow("missing argument") << args({"users", "remove"}) << 1 << "missing an argument";
        QTest::newRow("unknown option") << args({"users", "list", "--colour"}) << 1 << "colour";
        QTest::newRow("option of another command")
            << args({"users", "list", "--permission", "x"}) << 1 << "--permission";
        QTest::newRow("bad status") << args({"users", "list", "--status", "sleeping"}) << 1 << "sleeping";
        QTest::newRow("bad store url") << args({"--store", "mysql://x", "users", "list"}) << 1 << "mysql";
        QTest::newRow("malformed email") << args({"invite", "ana@"}) << 2 << "ana@";
        QTest::newRow("one bad address") << args({"invite", "a@x.io", "not-an-email"}) << 2 << "not-an-email";
        QTest::newRow("sql metacharacters")
            << args({"invite", "x'--@example.com'; DROP TABLE members"}) << 2 << "not a valid";
        QTest::newRow("control character in email") << args({"invite", "ana\x01@example.com"}) << 2 << "not a valid";
        QTest::newRow("already a member") << args({"invite", "BASE@example.com"}) << 2 << "already a member";
        QTest::newRow("already invited") << args({"invite", "Pending@Example.com"}) << 2
                                         << "already invited by owner@example.com";
        QTest::newRow("owner by invite") << args({"invite", "new@example.com", "--role", "Owner"}) << 2 << "Owner";
        QTest::newRow("remove pending user") << args({"users", "remove", "pending@example.com"}) << 2 << "revoke";
        QTest::newRow("remove owner") << args({"users", "remove", "owner@example.com"}) << 2
                                      << "Owner cannot be removed";
        QTest::newRow("remove base role")
            << args({"users", "roles", "base@example.com", "--remove", "Base"}) << 2 << "Base";
        QTest::newRow("empty role change") << args({"users", "roles", "base@example.com"}) << 2 << "at least one role";
        QTest::newRow("roles of an unknown user")
            << args({"users", "roles", "nobody@example.com", "--add", "Operators"}) << 3 << "nobody@example.com";
        QTest::newRow("empty role name") << args({"roles", "create", "", "--permission", "read:users"}) << 2
                                         << "needs a name";
        QTest::newRow("short role name") << args({"roles", "create", "abc", "--permission", "read:users"}) << 2
                                         << "too short";
        QTest::newRow("long role name") << (QStringList{QStringLiteral("roles"), QStringLiteral("create"),
                                                        QString(80, QLatin1Char('n')), QStringLiteral("--permission"),
                                                        QStringLiteral("read:users")})
                                        << 2 << "too long";
        QTest::newRow("control character in name")
            << args({"roles", "create", "Ops\x02team", "--permission", "read:users"}) << 2 << "control";
        QTest::newRow("role name taken") << args({"roles", "create", "OPERATORS", "--permission", "read:users"}) << 2
                                         << "already exists";
        QTest::newRow("role without permission")
            << args({"roles", "create", "Nothing"}) << 2 << "at least one permission";
        QTest::newRow("unknown permission")
            << args({"roles", "create", "Wizards", "--permission", "write:magic"}) << 2 << "write:magic";
        QTest::newRow("system role rename") << args({"roles", "update", "Admin", "--name", "Boss"}) << 2 << "built-in";
        QTest::newRow("system role delete") << args({"roles", "delete", "Owner"}) << 2 << "built-in";
        QTest::newRow("revoke twice") << args({"invites", "revoke", "base@example.com"}) << 2 << "already a member";
        QTest::newRow("unknown user") << args({"users", "remove", "nobody@example.com"}) << 3 << "nobody@example.com";
        QTest::newRow("unknown role") << args({"roles", "show", "Wizards"}) << 3 << "Wizards";
        QTest::newRow("unknown role on invite")
            << args({"invite", "x@example.com", "--role", "Wizards"}) << 3 << "Wizards";
        QTest::newRow("unknown invite id")
            << args({"invites", "revoke", "00000000-0000-4000-8000-000000000000"}) << 3 << "no invitation";
        QTest::newRow("unknown actor") << args({"--actor", "ghost@example.com", "users", "list"}) << 3
                                       << "ghost@example.com";
        // --lang overrides the system locale: the rules' own refusal, and the CLI's usage errors, in German.
        QTest::newRow("refusal in German") << args({"--lang", "de", "users", "remove", "owner@example.com"}) << 2
                                           << "Der Eigentümer kann nicht entfernt werden.";
        QTest::newRow("usage error in German") << args({"--lang=de"}) << 1 << "Kein Befehl angegeben";
        QTest::newRow("unknown language is English")
            << args({"--lang", "xx", "users", "remove", "owner@example.com"}) << 2 << "Owner cannot be removed";
    }

    void exitCodes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, code);
        QFETCH(QString, mentions);
        const QByteArray before = dump();
        const CliRun run = cli(arguments);
        QCOMPARE(run.exitCode, code);
        const QString err = QString::fromUtf8(run.err);
        QCOMPARE(err.count(QLatin1Char('\n')), 1); // exactly one line
        QVERIFY2(err.contains(mentions, Qt::CaseInsensitive), qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("SELECT")) && !err.contains(QStringLiteral("INSERT")), qPrintable(err));
        QCOMPARE(dump(), before); // a refusal writes nothing
    }

    void baseOnlyActorIsDenied_data()
    {
        QTest::addColumn<QStringList>("arguments");
        const QString actor = QStringLiteral("base@example.com");
        const auto row = [&](const char* name, QStringList command) {
            QTest::newRow(name) << (QStringList{QStringLiteral("--actor"), actor} + command);
        };
        row("users list", {QStringLiteral("users"), QStringLiteral("list")});
        row("invite", {QStringLiteral("invite"), QStringLiteral("new@example.com")});
        row("invites list", {QStringLiteral("invites"), QStringLiteral("list")});
        row("revoke", {QStringLiteral("invites"), QStringLiteral("revoke"), QStringLiteral("pending@example.com")});
        row("users roles",
            {QStringLiteral("users"), QStringLiteral("roles"), QStringLiteral("owner@example.com"),
             QStringLiteral("--add"), QStringLiteral("Operators")});
        row("users remove", {QStringLiteral("users"), QStringLiteral("remove"), QStringLiteral("owner@example.com")});
        row("roles list", {QStringLiteral("roles"), QStringLiteral("list")});
        row("roles create",
            {QStringLiteral("roles"), QStringLiteral("create"), QStringLiteral("Sneaky"),
             QStringLiteral("--permission"), QStringLiteral("read:users")});
        row("roles delete", {QStringLiteral("roles"), QStringLiteral("delete"), QStringLiteral("Operators")});
        row("audit list", {QStringLiteral("audit"), QStringLiteral("list")});
        row("export",
            {QStringLiteral("export"), QStringLiteral("members"), QStringLiteral("--format"), QStringLiteral("csv")});
    }

    void baseOnlyActorIsDenied()
    {
        QFETCH(QStringList, arguments);
        const QByteArray before = dump();
        const CliRun run = cli(arguments);
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains("permission"), run.err.constData());
        QCOMPARE(dump(), before);
    }

    void usersListJsonShape()
    {
        const CliRun run = cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("list")});
        QCOMPARE(run.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray items = document.object().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 3);
        QHash<QString, QJsonObject> byEmail;
        for (const auto& item : items) {
            const QJsonObject object = item.toObject();
            for (const char* field : {"id", "email", "status", "roles"})
                QVERIFY2(object.contains(QLatin1String(field)), field);
            byEmail.insert(object.value(QStringLiteral("email")).toString(), object);
        }
        QCOMPARE(byEmail.value(QStringLiteral("owner@example.com")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("ACTIVE"));
        QCOMPARE(byEmail.value(QStringLiteral("owner@example.com")).value(QStringLiteral("roles")).toArray(),
                 (QJsonArray{QStringLiteral("Base"), QStringLiteral("Owner")}));
        const QJsonObject pending = byEmail.value(QStringLiteral("pending@example.com"));
        QCOMPARE(pending.value(QStringLiteral("status")).toString(), QStringLiteral("PENDING"));
        QCOMPARE(pending.value(QStringLiteral("roles")).toArray(), QJsonArray{QStringLiteral("Base")});
        QVERIFY(!pending.value(QStringLiteral("id")).toString().isEmpty());
        QVERIFY(pending.value(QStringLiteral("invitedAt")).toString().endsWith(QLatin1Char('Z')));
    }

    void usersListFilters()
    {
        const auto emails = [&](const QStringList& extra) {
            const CliRun run =
                cli(QStringList{QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("list")} + extra);
            QStringList result;
            for (const auto& item : QJsonDocument::fromJson(run.out).object().value(QStringLiteral("items")).toArray())
                result.append(item.toObject().value(QStringLiteral("email")).toString());
            return result;
        };
        QCOMPARE(emails({QStringLiteral("--status"), QStringLiteral("pending")}),
                 QStringList{QStringLiteral("pending@example.com")});
        QCOMPARE(emails({QStringLiteral("--status"), QStringLiteral("active"), QStringLiteral("--search"),
                         QStringLiteral("BASE")}),
                 QStringList{QStringLiteral("base@example.com")});
        QCOMPARE(emails({QStringLiteral("--role"), QStringLiteral("owner")}),
                 QStringList{QStringLiteral("owner@example.com")});
    }

    void lifeCycle()
    {
        QCOMPARE(cli({QStringLiteral("invite"), QStringLiteral("cy@example.com,dee@example.com"),
                      QStringLiteral("--role"), QStringLiteral("Operators")})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("invites"), QStringLiteral("accept"), QStringLiteral("cy@example.com")}).exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("invites"), QStringLiteral("reject"), QStringLiteral("dee@example.com")}).exitCode,
                 0);
        const CliRun roles = cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("roles"),
                                  QStringLiteral("cy@example.com"), QStringLiteral("--add"), QStringLiteral("Admin"),
                                  QStringLiteral("--remove"), QStringLiteral("operators")});
        QCOMPARE(roles.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(roles.out).object().value(QStringLiteral("roles")).toArray().size(), 2);
        QCOMPARE(cli({QStringLiteral("users"), QStringLiteral("remove"), QStringLiteral("cy@example.com")}).exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("roles"), QStringLiteral("duplicate"), QStringLiteral("Operators")}).exitCode, 0);
        const CliRun show = cli({QStringLiteral("--json"), QStringLiteral("roles"), QStringLiteral("show"),
                                 QStringLiteral("Operators copy")});
        QCOMPARE(show.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(show.out).object().value(QStringLiteral("roleType")).toString(),
                 QStringLiteral("ROLE_TYPE_CUSTOM"));
        QCOMPARE(cli({QStringLiteral("roles"), QStringLiteral("delete"), QStringLiteral("Operators copy")}).exitCode,
                 0);
        const CliRun audit = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list"),
                                  QStringLiteral("--limit"), QStringLiteral("3")});
        const QJsonArray events = QJsonDocument::fromJson(audit.out).object().value(QStringLiteral("items")).toArray();
        QCOMPARE(events.size(), 3);
        QCOMPARE(events.first().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("role.delete"));
        const CliRun csv = cli(
            {QStringLiteral("export"), QStringLiteral("members"), QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(csv.exitCode, 0);
        QCOMPARE(csv.out.count('\n'), 4); // header, base, owner, and the pending invitation
    }

    // Export takes users list's filters, writes a CSV a spreadsheet cannot execute, and imports back: a new store
    // gets the pending invitations with their roles.
    void exportFiltersNeutralisesAndImportsBack()
    {
        QCOMPARE(cli({QStringLiteral("invite"), QStringLiteral("ops@x.io"), QStringLiteral("--role"),
                      QStringLiteral("Operators")})
                     .exitCode,
                 0);
        const CliRun pending = cli({QStringLiteral("export"), QStringLiteral("members"), QStringLiteral("--format"),
                                    QStringLiteral("csv"), QStringLiteral("--status"), QStringLiteral("pending")});
        QCOMPARE(pending.exitCode, 0);
        QCOMPARE(pending.out.left(pending.out.indexOf('\n')), QByteArray("email,roles,status,invited_by,date\r"));
        QCOMPARE(pending.out.count('\n'), 3); // header, ops@ and pending@
        QVERIFY(pending.out.contains("ops@x.io,Base;Operators,PENDING,owner@example.com,"));
        const CliRun byRole = cli({QStringLiteral("--json"), QStringLiteral("export"), QStringLiteral("members"),
                                   QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--role"),
                                   QStringLiteral("Operators"), QStringLiteral("--search"), QStringLiteral("OPS")});
        const QJsonArray items = QJsonDocument::fromJson(byRole.out).object().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value(QStringLiteral("invitedAt")).toString().size(), 24);
        QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("members"), QStringLiteral("--format"),
                      QStringLiteral("csv"), QStringLiteral("--role"), QStringLiteral("Wizards")})
                     .exitCode,
                 3);

        // Into a new store with the same Owner: the invitations come back with their roles; members are invited.
        const QString exported = m_dir->filePath(QStringLiteral("people.csv"));
        QFile file(exported);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(cli({QStringLiteral("export"), QStringLiteral("members"), QStringLiteral("--format"),
                        QStringLiteral("csv")})
                       .out);
        file.close();
        const QString fresh = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("fresh.db"));
        QCOMPARE(cli({QStringLiteral("--store"), fresh, QStringLiteral("init"), QStringLiteral("--owner"),
                      QStringLiteral("owner@example.com")})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("--store"), fresh, QStringLiteral("roles"), QStringLiteral("create"),
                      QStringLiteral("Operators"), QStringLiteral("--permission"), QStringLiteral("write:clusters")})
                     .exitCode,
                 0);
        const CliRun imported =
            cli({QStringLiteral("--store"), fresh, QStringLiteral("import"), QStringLiteral("invites"), exported});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const CliRun invites = cli({QStringLiteral("--store"), fresh, QStringLiteral("--json"), QStringLiteral("users"),
                                    QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("pending")});
        QStringList got;
        for (const auto& item : QJsonDocument::fromJson(invites.out).object().value(QStringLiteral("items")).toArray())
            got.append(
                item.toObject().value(QStringLiteral("email")).toString() + QLatin1Char(' ')
                + item.toObject().value(QStringLiteral("roles")).toVariant().toStringList().join(QLatin1Char(';')));
        QCOMPARE(got,
                 (QStringList{QStringLiteral("base@example.com Base"), QStringLiteral("ops@x.io Base;Operators"),
                              QStringLiteral("pending@example.com Base")}));
        // Running the file again changes nothing: everyone in it is already invited or a member.
        const QByteArray before = cli({QStringLiteral("--store"), fresh, QStringLiteral("invites"),
                                       QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("all")})
                                      .out;
        QCOMPARE(cli({QStringLiteral("--store"), fresh, QStringLiteral("import"), QStringLiteral("invites"), exported})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("--store"), fresh, QStringLiteral("invites"), QStringLiteral("list"),
                      QStringLiteral("--status"), QStringLiteral("all")})
                     .out,
                 before);
    }

    void damagedAndMissingFiles()
    {
        const QString damaged = m_dir->filePath(QStringLiteral("damaged.db"));
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(2048, '\x7f'));
        file.close();
        CliRun run = cli({QStringLiteral("--store"), QStringLiteral("sqlite:") + damaged, QStringLiteral("users"),
                          QStringLiteral("list")});
        QCOMPARE(run.exitCode, 5);
        QVERIFY(run.err.contains("damaged"));
        const QString missing = m_dir->filePath(QStringLiteral("missing.db"));
        run = cli({QStringLiteral("--store"), QStringLiteral("sqlite:") + missing, QStringLiteral("users"),
                   QStringLiteral("list")});
        QCOMPARE(run.exitCode, 3);
        QVERIFY(run.err.contains("roster-cli init"));
        QVERIFY(!QFile::exists(missing));
    }

    void seedDemoJson()
    {
        const QString path = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("demo.db"));
        const CliRun run = cli({QStringLiteral("--store"), path, QStringLiteral("--json"), QStringLiteral("seed-demo"),
                                QStringLiteral("--members"), QStringLiteral("50"), QStringLiteral("--invites"),
                                QStringLiteral("8"), QStringLiteral("--seed"), QStringLiteral("7")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject summary = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(summary.value(QStringLiteral("members")).toInt(), 50);
        QCOMPARE(summary.value(QStringLiteral("pendingInvites")).toInt(), 8);
        const CliRun bad = cli({QStringLiteral("--store"), path, QStringLiteral("seed-demo"),
                                QStringLiteral("--members"), QStringLiteral("many")});
        QCOMPARE(bad.exitCode, 1);
    }

    // Several targets: on a local file one refusal refuses the whole command, every problem is printed.
    // An invitation older than the account's lifetime is EXPIRED in every list, cannot be accepted, and comes back
    // when resent; the lifetime is shown and set with `account`.
    void expiredInvitations()
    {
        ageInvitation(QStringLiteral("pending@example.com"), 8);
        const auto json = [this](const QStringList& arguments) {
            const CliRun run = cli(QStringList{QStringLiteral("--json")} + arguments);
            return QJsonDocument::fromJson(run.out).object().value(QStringLiteral("items")).toArray();
        };
        const QJsonArray expired = json(
            {QStringLiteral("users"), QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("expired")});
        QCOMPARE(expired.size(), 1);
        QCOMPARE(expired.first()[QStringLiteral("email")].toString(), QStringLiteral("pending@example.com"));
        QCOMPARE(expired.first()[QStringLiteral("status")].toString(), QStringLiteral("EXPIRED"));
        QVERIFY(!expired.first()[QStringLiteral("expiresAt")].toString().isEmpty());
        QCOMPARE(json({QStringLiteral("users"), QStringLiteral("list"), QStringLiteral("--status"),
                       QStringLiteral("pending")})
                     .size(),
                 0);
        const CliRun table = cli({QStringLiteral("invites"), QStringLiteral("list")});
        QVERIFY2(!table.out.contains("pending@example.com"), table.out.constData()); // pending means acceptable
        const CliRun expiredTable = cli(
            {QStringLiteral("invites"), QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("expired")});
        QVERIFY2(expiredTable.out.contains("EXPIRED"), expiredTable.out.constData());

        const QByteArray before = dump();
        const CliRun accept =
            cli({QStringLiteral("invites"), QStringLiteral("accept"), QStringLiteral("pending@example.com")});
        QCOMPARE(accept.exitCode, 2);
        QVERIFY2(accept.err.contains("expired"), accept.err.constData());
        QCOMPARE(dump(), before);

        // A longer lifetime brings it back at once; shown by account show.
        QCOMPARE(cli({QStringLiteral("account"), QStringLiteral("set"), QStringLiteral("--invite-expiry-days"),
                      QStringLiteral("10")})
                     .exitCode,
                 0);
        const CliRun shown = cli({QStringLiteral("--json"), QStringLiteral("account"), QStringLiteral("show")});
        QCOMPARE(QJsonDocument::fromJson(shown.out).object().value(QStringLiteral("inviteExpiryDays")).toInt(), 10);
        QCOMPARE(json({QStringLiteral("users"), QStringLiteral("list"), QStringLiteral("--status"),
                       QStringLiteral("pending")})
                     .size(),
                 1);
        QCOMPARE(cli({QStringLiteral("account"), QStringLiteral("set"), QStringLiteral("--invite-expiry-days"),
                      QStringLiteral("0")})
                     .exitCode,
                 1);
        // An Admin may not change it (write:account is the Owner's).
        QCOMPARE(cli({QStringLiteral("users"), QStringLiteral("roles"), QStringLiteral("base@example.com"),
                      QStringLiteral("--add"), QStringLiteral("Admin")})
                     .exitCode,
                 0);
        const CliRun admin =
            cli({QStringLiteral("--actor"), QStringLiteral("base@example.com"), QStringLiteral("account"),
                 QStringLiteral("set"), QStringLiteral("--invite-expiry-days"), QStringLiteral("3")});
        QCOMPARE(admin.exitCode, 4);
        QVERIFY2(admin.err.contains("write:account"), admin.err.constData());

        // Back to 7 days: expired again; resending renews it, and then it can be accepted.
        QCOMPARE(cli({QStringLiteral("account"), QStringLiteral("set"), QStringLiteral("--invite-expiry-days"),
                      QStringLiteral("7")})
                     .exitCode,
                 0);
        QCOMPARE(json({QStringLiteral("users"), QStringLiteral("list"), QStringLiteral("--status"),
                       QStringLiteral("expired")})
                     .size(),
                 1);
        QCOMPARE(
            cli({QStringLiteral("invites"), QStringLiteral("resend"), QStringLiteral("pending@example.com")}).exitCode,
            0);
        QCOMPARE(
            cli({QStringLiteral("invites"), QStringLiteral("accept"), QStringLiteral("pending@example.com")}).exitCode,
            0);
    }

    // audit list's filters: who, which action or family, target, search, and a time range given in any time zone.
    void auditListFilters()
    {
        QCOMPARE(
            cli({QStringLiteral("invites"), QStringLiteral("revoke"), QStringLiteral("pending@example.com")}).exitCode,
            0);
        const auto events = [this](const QStringList& filters) {
            const CliRun run =
                cli(QStringList{QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")} + filters);
            [&] {
                QCOMPARE(run.exitCode, 0);
            }();
            QStringList lines;
            for (const auto& item : QJsonDocument::fromJson(run.out).object().value(QStringLiteral("items")).toArray())
                lines.append(item[QStringLiteral("action")].toString() + QLatin1Char(' ')
                             + item[QStringLiteral("target")].toString());
            return lines;
        };
        const QStringList all = events({});
        QCOMPARE(all.first(), QStringLiteral("invite.revoke pending@example.com")); // newest first
        QStringList invitations = events({QStringLiteral("--action"), QStringLiteral("invite.")});
        QCOMPARE(invitations.size(), 4);
        // The two invitations were sent in one transaction, at the same millisecond: their order is the ids'.
        std::sort(invitations.begin() + 2, invitations.end());
        QCOMPARE(invitations,
                 (QStringList{QStringLiteral("invite.revoke pending@example.com"),
                              QStringLiteral("invite.accept base@example.com"),
                              QStringLiteral("invite.create base@example.com"),
                              QStringLiteral("invite.create pending@example.com")}));
        QCOMPARE(events({QStringLiteral("--action"), QStringLiteral("invite.accept")}),
                 QStringList{QStringLiteral("invite.accept base@example.com")});
        QCOMPARE(events({QStringLiteral("--by"), QStringLiteral("BASE@example.com")}),
                 QStringList{QStringLiteral("invite.accept base@example.com")});
        QCOMPARE(events({QStringLiteral("--target"), QStringLiteral("PENDING@")}).size(), 2);
        QCOMPARE(events({QStringLiteral("--search"), QStringLiteral("operators")}).size(), 1); // role.create's target
        QCOMPARE(events({QStringLiteral("--search"), QStringLiteral("%")}).size(), 0); // literal, not a wildcard
        QCOMPARE(events({QStringLiteral("--limit"), QStringLiteral("2")}).size(), 2);

        // The newest event's instant, written in another zone: --since includes it, a millisecond later excludes it.
        const CliRun newest = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list"),
                                   QStringLiteral("--limit"), QStringLiteral("1")});
        const QDateTime at = QDateTime::fromString(QJsonDocument::fromJson(newest.out)
                                                       .object()
                                                       .value(QStringLiteral("items"))
                                                       .toArray()
                                                       .first()[QStringLiteral("at")]
                                                       .toString(),
                                                   Qt::ISODateWithMs);
        QVERIFY(at.isValid());
        const QDateTime elsewhere = at.toOffsetFromUtc(5 * 3600 + 30 * 60);
        QCOMPARE(events({QStringLiteral("--since"), elsewhere.toString(Qt::ISODateWithMs)}),
                 QStringList{QStringLiteral("invite.revoke pending@example.com")});
        QCOMPARE(events({QStringLiteral("--since"), elsewhere.addMSecs(1).toString(Qt::ISODateWithMs)}).size(), 0);
        QCOMPARE(events({QStringLiteral("--until"), elsewhere.toString(Qt::ISODateWithMs)}).size(), all.size() - 1);
        // A date is a whole local day: today's --until includes everything, yesterday's nothing.
        const QString today = QDate::currentDate().toString(Qt::ISODate);
        QCOMPARE(events({QStringLiteral("--until"), today}).size(), all.size());
        QCOMPARE(events({QStringLiteral("--until"), QDate::currentDate().addDays(-1).toString(Qt::ISODate)}).size(), 0);
        QCOMPARE(
            cli({QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--since"), QStringLiteral("soon")})
                .exitCode,
            1);
        // An actor whose address was written in mixed case is found by any case of it.
        QCOMPARE(cli({QStringLiteral("invite"), QStringLiteral("Cy.Mixed@Example.com")}).exitCode, 0);
        QCOMPARE(
            cli({QStringLiteral("invites"), QStringLiteral("accept"), QStringLiteral("Cy.Mixed@Example.com")}).exitCode,
            0);
        QCOMPARE(events({QStringLiteral("--by"), QStringLiteral("cy.mixed@example.com")}).size(), 1);
        QCOMPARE(events({QStringLiteral("--by"), QStringLiteral("CY.MIXED@EXAMPLE.COM")}).size(), 1);
    }

    void accessShowAndWho()
    {
        QCOMPARE(cli({QStringLiteral("users"), QStringLiteral("roles"), QStringLiteral("base@example.com"),
                      QStringLiteral("--add"), QStringLiteral("Operators")})
                     .exitCode,
                 0);
        const CliRun who = cli({QStringLiteral("--json"), QStringLiteral("access"), QStringLiteral("who"),
                                QStringLiteral("write:clusters")});
        QCOMPARE(who.exitCode, 0);
        const QJsonObject holders = QJsonDocument::fromJson(who.out).object();
        QCOMPARE(holders[QStringLiteral("count")].toInt(), 2);
        const QJsonArray people = holders[QStringLiteral("people")].toArray();
        QCOMPARE(people.at(0)[QStringLiteral("email")].toString(), QStringLiteral("base@example.com"));
        QCOMPARE(people.at(0)[QStringLiteral("roles")].toArray(), QJsonArray{QStringLiteral("Operators")});
        QCOMPARE(people.at(1)[QStringLiteral("email")].toString(), QStringLiteral("owner@example.com"));
        const CliRun text = cli({QStringLiteral("access"), QStringLiteral("who"), QStringLiteral("write:clusters")});
        QVERIFY2(text.out.startsWith("write:clusters: 2 people through 3 roles"), text.out.constData());

        const CliRun show = cli({QStringLiteral("--json"), QStringLiteral("access"), QStringLiteral("show"),
                                 QStringLiteral("BASE@example.com")});
        QCOMPARE(show.exitCode, 0);
        const QJsonObject person = QJsonDocument::fromJson(show.out).object();
        QCOMPARE(person[QStringLiteral("roles")].toArray(),
                 (QJsonArray{QStringLiteral("Base"), QStringLiteral("Operators")}));
        QStringList granted;
        for (const auto& grant : person[QStringLiteral("permissions")].toArray())
            granted.append(grant[QStringLiteral("permission")].toString() + QLatin1Char('<')
                           + grant[QStringLiteral("roles")].toArray().first().toString());
        QVERIFY2(granted.contains(QStringLiteral("write:clusters<Operators")),
                 qPrintable(granted.join(QLatin1Char(' '))));
        QVERIFY2(granted.contains(QStringLiteral("read:clusters<Operators")),
                 qPrintable(granted.join(QLatin1Char(' '))));
        QVERIFY2(granted.contains(QStringLiteral("read:profile<Base")), qPrintable(granted.join(QLatin1Char(' '))));
        QCOMPARE(granted.size(), 3);

        QCOMPARE(cli({QStringLiteral("access"), QStringLiteral("who"), QStringLiteral("write:nothing")}).exitCode, 1);
        QCOMPARE(cli({QStringLiteral("access"), QStringLiteral("show"), QStringLiteral("nobody@x.io")}).exitCode, 3);
        // Base alone may not see who holds what.
        QCOMPARE(cli({QStringLiteral("--actor"), QStringLiteral("pending@example.com"), QStringLiteral("access"),
                      QStringLiteral("who"), QStringLiteral("write:clusters")})
                     .exitCode,
                 3);
    }

    void severalTargetsAreAllOrNothing()
    {
        const auto ok = [this](const QStringList& arguments) {
            QCOMPARE(cli(arguments).exitCode, 0);
        };
        ok({QStringLiteral("invite"), QStringLiteral("ann@x.io"), QStringLiteral("bob@x.io"),
            QStringLiteral("cat@x.io")});
        ok({QStringLiteral("invites"), QStringLiteral("accept"), QStringLiteral("ann@x.io")});
        ok({QStringLiteral("invites"), QStringLiteral("accept"), QStringLiteral("bob@x.io")});

        QByteArray before = dump();
        CliRun refused = cli({QStringLiteral("users"), QStringLiteral("remove"), QStringLiteral("ann@x.io"),
                              QStringLiteral("owner@example.com"), QStringLiteral("cat@x.io")});
        QCOMPARE(refused.exitCode, 2);
        const QStringList lines = QString::fromUtf8(refused.err).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3); // what happened, then one line per refused target
        QVERIFY2(lines.at(0).contains(QStringLiteral("Nothing was changed")), qPrintable(lines.at(0)));
        QVERIFY(lines.at(1).contains(QStringLiteral("owner@example.com: The Owner cannot be removed.")));
        QVERIFY(lines.at(2).contains(QStringLiteral("cat@x.io: cat@x.io has not joined yet")));
        QCOMPARE(dump(), before);

        const CliRun removed = cli({QStringLiteral("users"), QStringLiteral("remove"), QStringLiteral("ann@x.io"),
                                    QStringLiteral("BOB@x.io")});
        QCOMPARE(removed.exitCode, 0);
        QCOMPARE(removed.out, QByteArray("Removed ann@x.io from the account.\nRemoved bob@x.io from the account.\n"));

        ok({QStringLiteral("invite"), QStringLiteral("dan@x.io")});
        const CliRun roles = cli({QStringLiteral("users"), QStringLiteral("roles"), QStringLiteral("base@example.com"),
                                  QStringLiteral("dan@x.io"), QStringLiteral("--add"), QStringLiteral("Operators")});
        QCOMPARE(roles.exitCode, 2);
        QVERIFY2(roles.err.contains("dan@x.io: dan@x.io has not joined yet"), roles.err.constData());
        const CliRun given = cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("roles"),
                                  QStringLiteral("base@example.com"), QStringLiteral("owner@example.com"),
                                  QStringLiteral("--add"), QStringLiteral("Operators")});
        QCOMPARE(given.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(given.out).object().value(QStringLiteral("done")).toArray().size(), 2);

        before = dump();
        const CliRun resent = cli({QStringLiteral("invites"), QStringLiteral("resend"), QStringLiteral("cat@x.io"),
                                   QStringLiteral("dan@x.io")});
        QCOMPARE(resent.exitCode, 0);
        QVERIFY(resent.out.contains("Sent the invitation for dan@x.io again."));
        QVERIFY(dump() != before); // renewed, and audited
        const CliRun revoked = cli({QStringLiteral("--json"), QStringLiteral("invites"), QStringLiteral("revoke"),
                                    QStringLiteral("cat@x.io"), QStringLiteral("nobody@x.io")});
        QCOMPARE(revoked.exitCode, 3);
        const QJsonObject report = QJsonDocument::fromJson(revoked.out).object();
        QCOMPARE(report.value(QStringLiteral("refused")).toArray().first().toObject().value(QStringLiteral("email")),
                 QStringLiteral("nobody@x.io"));
        QVERIFY(report.value(QStringLiteral("done")).toArray().isEmpty());
    }

    void importInvitesChecksEverythingFirst()
    {
        const QString good = m_dir->filePath(QStringLiteral("good.csv"));
        QFile file(good);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("email,roles\nana@x.io,Operators;Admin\nbo@x.io\n\ncy@x.io,operators; admin\n");
        file.close();
        CliRun run = cli({QStringLiteral("--json"), QStringLiteral("import"), QStringLiteral("invites"), good});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("invited")).toInt(), 3);
        const CliRun pending =
            cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("list"), QStringLiteral("--status"),
                 QStringLiteral("pending"), QStringLiteral("--role"), QStringLiteral("Operators")});
        QCOMPARE(QJsonDocument::fromJson(pending.out).object().value(QStringLiteral("items")).toArray().size(), 2);

        const auto refuse = [&](const QByteArray& content, int code, const QString& mentions) {
            const QString path = m_dir->filePath(QStringLiteral("bad.csv"));
            QFile bad(path);
            QVERIFY(bad.open(QIODevice::WriteOnly | QIODevice::Truncate));
            bad.write(content);
            bad.close();
            const QByteArray before = dump();
            const CliRun refused = cli({QStringLiteral("import"), QStringLiteral("invites"), path});
            QCOMPARE(refused.exitCode, code);
            QVERIFY2(QString::fromUtf8(refused.err).contains(mentions), refused.err.constData());
            QCOMPARE(dump(), before); // nothing from the file was written
        };
        refuse("dee@x.io\nnot-an-email\n", 2, QStringLiteral("not-an-email"));
        refuse("fay@x.io,Wizards\n", 3, QStringLiteral("Wizards"));
        refuse("gus@x.io,Owner\n", 2, QStringLiteral("Owner"));
        refuse("hal@x.io\nHAL@x.io\n", 2, QStringLiteral("line 2: HAL@x.io is listed more than once."));
        // Quoting is read as RFC 4180 has it: "Admin" is the role Admin, not a role with quotes in its name.
        const QString quoted = m_dir->filePath(QStringLiteral("quoted.csv"));
        QFile quotedFile(quoted);
        QVERIFY(quotedFile.open(QIODevice::WriteOnly));
        quotedFile.write("\xEF\xBB\xBF\"Email\",\"Roles\",\"Note\"\r\n\"q1@x.io\",\"Admin\",\"a, b\"\r\n"
                         "base@example.com,Admin,already here\r\n");
        quotedFile.close();
        const CliRun preview = cli({QStringLiteral("--json"), QStringLiteral("import"), QStringLiteral("invites"),
                                    quoted, QStringLiteral("--dry-run")});
        QCOMPARE(preview.exitCode, 0);
        const QJsonArray items = QJsonDocument::fromJson(preview.out).object().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("ready"));
        QCOMPARE(items.at(0).toObject().value(QStringLiteral("roles")).toArray().first().toString(),
                 QStringLiteral("Admin"));
        QCOMPARE(items.at(1).toObject().value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("already a member"));
        QCOMPARE(items.at(1).toObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("base@example.com is already a member of this account."));
        // What is already there is skipped, so a file can be run again: it changes nothing the second time.
        const CliRun imported =
            cli({QStringLiteral("--json"), QStringLiteral("import"), QStringLiteral("invites"), quoted});
        QCOMPARE(imported.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(imported.out).object().value(QStringLiteral("invited")).toInt(), 1);
        QCOMPARE(QJsonDocument::fromJson(imported.out).object().value(QStringLiteral("skipped")).toInt(), 1);
        const QByteArray afterFirst = dump();
        const CliRun again =
            cli({QStringLiteral("--json"), QStringLiteral("import"), QStringLiteral("invites"), quoted});
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(again.out).object().value(QStringLiteral("skipped")).toInt(), 2);
        QCOMPARE(dump(), afterFirst);
        QCOMPARE(
            cli({QStringLiteral("import"), QStringLiteral("invites"), m_dir->filePath(QStringLiteral("missing.csv"))})
                .exitCode,
            3);
    }

private:
    CliRun cli(const QStringList& arguments)
    {
        QProcess process;
        QStringList all = arguments;
        if (!arguments.contains(QStringLiteral("--store")))
            all = QStringList{QStringLiteral("--store"), m_store} + arguments;
        process.start(QStringLiteral(ROSTER_CLI_PATH), all);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

    // Backdates an invitation by `days`, as if it had been sent then.
    void ageInvitation(const QString& email, int days)
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("age"));
            db.setDatabaseName(m_store.mid(int(strlen("sqlite:"))));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(
                query.prepare(QStringLiteral("UPDATE invites SET created_at = created_at - ? WHERE email_key = ?")));
            query.addBindValue(qint64(days) * 24 * 3600 * 1000);
            query.addBindValue(email.toLower());
            QVERIFY(query.exec());
            QCOMPARE(query.numRowsAffected(), 1);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("age"));
    }

    QByteArray dump()
    {
        // The CLI's own view of everything, including closed invites and the audit log.
        QByteArray text;
        for (const QStringList& command : {QStringList{QStringLiteral("users"), QStringLiteral("list")},
                                           QStringList{QStringLiteral("invites"), QStringLiteral("list"),
                                                       QStringLiteral("--status"), QStringLiteral("all")},
                                           QStringList{QStringLiteral("roles"), QStringLiteral("list")},
                                           QStringList{QStringLiteral("audit"), QStringLiteral("list"),
                                                       QStringLiteral("--limit"), QStringLiteral("1000")}})
            text += cli(QStringList{QStringLiteral("--json")} + command).out;
        return text;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_store;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
