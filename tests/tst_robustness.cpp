// roster-cli and the SQLite store under damage, kills and hostile input: a damaged file is exit 5 and never a short
// list, a killed import or seed leaves all or nothing, reads never write, and bad input is refused in words.
#include "accountsession.h"
#include "sqlfixture.h"
#include "sqlstore.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

namespace {

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(ROSTER_CLI_PATH), arguments);
    process.waitForFinished(120000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// One SQL statement on a file, through a connection of the test's own: for damage the product must not do itself.
QVariant sqlValue(const QString& path, const QString& sql)
{
    const QString name = QStringLiteral("robustness-%1").arg(QRandomGenerator::global()->generate());
    QVariant value;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                value = query.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

} // namespace

class TestRobustness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = m_dir->filePath(QStringLiteral("acme.db"));
        m_store = QStringLiteral("sqlite:") + m_path;
    }

    void aDamagedFileIsExitFiveNeverAShortList()
    {
        QCOMPARE(cli({QStringLiteral("seed-demo"), QStringLiteral("--members"), QStringLiteral("3000")}).exitCode, 0);
        QCOMPARE(cli({QStringLiteral("check")}).exitCode, 0);
        // Zero a page in the middle of the members table, as a bad disk sector would.
        const int pageSize = sqlValue(m_path, QStringLiteral("PRAGMA page_size")).toInt();
        const int page = sqlValue(m_path,
                                  QStringLiteral("SELECT pageno FROM dbstat WHERE name = 'members' "
                                                 "ORDER BY pageno LIMIT 1 OFFSET 20"))
                             .toInt();
        QVERIFY2(page > 1 && pageSize > 0, "dbstat found the members table");
        {
            QFile file(m_path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek(qint64(page - 1) * pageSize));
            file.write(QByteArray(pageSize, '\0'));
        }
        const QByteArray damaged = fileBytes(m_path);
        for (const QStringList& command :
             {QStringList{QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("list")},
              QStringList{QStringLiteral("export"), QStringLiteral("members"), QStringLiteral("--format"),
                          QStringLiteral("csv")},
              QStringList{QStringLiteral("invite"), QStringLiteral("zed@example.com")},
              QStringList{QStringLiteral("check")}}) {
            const CliRun run = cli(command);
            QVERIFY2(run.exitCode == 5,
                     qPrintable(command.join(u' ') + QLatin1Char(' ') + QString::number(run.exitCode)));
            QVERIFY2(run.err.contains("damaged") || run.err.contains("malformed") || run.err.contains("Page"),
                     run.err.constData());
            if (command.contains(QStringLiteral("list")))
                QVERIFY2(!run.out.contains("\"items\": [\n  {"), "no partial list is printed");
        }
        QCOMPARE(fileBytes(m_path), damaged); // the invite wrote nothing into it
        // The console shows an error instead of a partial table.
        SqlStore store(StoreUrl::parse(m_store).value(), SqlActor{});
        QVERIFY(awaitFuture(store.open(SqlAccountEngine::OpenMode::MustExist)).ok());
        AccountSession session(&store);
        QSignalSpy failed(&session, &AccountSession::loadFailed);
        session.reload();
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first().first().value<Error>().message.contains(QStringLiteral("damaged")));
        QVERIFY(!session.isLoaded());
        QVERIFY(session.members().isEmpty());
    }

    void aKilledImportLeavesAllOrNothing()
    {
        QCOMPARE(cli({QStringLiteral("init"), QStringLiteral("--owner"), QStringLiteral("owner@example.com")}).exitCode,
                 0);
        const QString csv = m_dir->filePath(QStringLiteral("many.csv"));
        {
            QFile file(csv);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("email,roles\n");
            for (int i = 0; i < 20000; ++i)
                file.write(QStringLiteral("bulk%1@example.com,Admin\n").arg(i).toUtf8());
        }
        QElapsedTimer whole;
        whole.start();
        // One uninterrupted run, in a copy, to learn how long a whole import takes here.
        const QString copy = m_dir->filePath(QStringLiteral("copy.db"));
        QVERIFY(QFile::copy(m_path, copy));
        QCOMPARE(runCli({QStringLiteral("--store"), QStringLiteral("sqlite:") + copy, QStringLiteral("import"),
                         QStringLiteral("invites"), csv})
                     .exitCode,
                 0);
        const int duration = int(whole.elapsed());
        int complete = 0, empty = 0;
        for (int round = 0; round < 10; ++round) {
            QProcess import;
            import.start(
                QStringLiteral(ROSTER_CLI_PATH),
                {QStringLiteral("--store"), m_store, QStringLiteral("import"), QStringLiteral("invites"), csv});
            QVERIFY(import.waitForStarted());
            QTest::qWait(int(QRandomGenerator::global()->bounded(duration + 1)));
            import.kill();
            import.waitForFinished();
            QCOMPARE(cli({QStringLiteral("check")}).exitCode, 0);
            const int pending = sqlValue(m_path, QStringLiteral("SELECT count(*) FROM invites")).toInt();
            QVERIFY2(pending == 0 || pending == 20000, qPrintable(QString::number(pending)));
            if (pending == 20000) {
                ++complete;
                QCOMPARE(sqlValue(m_path, QStringLiteral("SELECT count(*) FROM invite_roles")).toInt(), 20000);
                QCOMPARE(cli({QStringLiteral("invites"), QStringLiteral("list")}).exitCode, 0);
                break; // all of it is in; killing a finished import proves nothing more
            }
            ++empty;
        }
        qInfo("import of 20,000 rows: %d ms whole; %d kills left nothing, %d found it complete", duration, empty,
              complete);
    }

    void aKilledSeedLeavesAllOrNothing()
    {
        QElapsedTimer whole;
        whole.start();
        const QString copy = m_dir->filePath(QStringLiteral("copy.db"));
        QCOMPARE(runCli({QStringLiteral("--store"), QStringLiteral("sqlite:") + copy, QStringLiteral("seed-demo"),
                         QStringLiteral("--members"), QStringLiteral("20000")})
                     .exitCode,
                 0);
        const int duration = int(whole.elapsed());
        for (int round = 0; round < 10; ++round) {
            QFile::remove(m_path);
            QFile::remove(m_path + QLatin1String("-wal"));
            QFile::remove(m_path + QLatin1String("-shm"));
            QProcess seed;
            seed.start(QStringLiteral(ROSTER_CLI_PATH),
                       {QStringLiteral("--store"), m_store, QStringLiteral("seed-demo"), QStringLiteral("--members"),
                        QStringLiteral("20000")});
            QVERIFY(seed.waitForStarted());
            QTest::qWait(int(QRandomGenerator::global()->bounded(duration + 1)));
            seed.kill();
            seed.waitForFinished();
            if (!QFile::exists(m_path))
                continue; // killed before the file was made
            // Either no account at all, or the whole demo account: never an account without its members.
            const int members = sqlValue(m_path, QStringLiteral("SELECT count(*) FROM members")).toInt();
            const int accounts = sqlValue(m_path, QStringLiteral("SELECT count(*) FROM account")).toInt();
            QVERIFY2((accounts == 0 && members == 0) || (accounts == 1 && members == 20001),
                     qPrintable(QStringLiteral("%1 accounts, %2 members").arg(accounts).arg(members)));
            if (accounts == 1)
                QCOMPARE(cli({QStringLiteral("check")}).exitCode, 0);
        }
    }

    void newFilesAreTheOwnersAlone()
    {
        const QString folder = m_dir->filePath(QStringLiteral("private/roster"));
        const QString path = folder + QLatin1String("/acme.db");
        QCOMPARE(runCli({QStringLiteral("--store"), QStringLiteral("sqlite:") + path, QStringLiteral("init")}).exitCode,
                 0);
        const QFile::Permissions everyone = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
            | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        QCOMPARE(QFile::permissions(path) & everyone, QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(int(QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther)), 0);
        QCOMPARE(int(QFileInfo(folder).permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::ExeOther)), 0);
        // What SQLite adds beside the file follows it.
        if (QFile::exists(path + QLatin1String("-wal")))
            QCOMPARE(int(QFileInfo(path + QLatin1String("-wal")).permissions() & QFile::ReadOther), 0);
    }

    void readsNeverWrite()
    {
        // An empty file is not an account, and stays empty.
        QFile empty(m_path);
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        const CliRun list = cli({QStringLiteral("users"), QStringLiteral("list")});
        QCOMPARE(list.exitCode, 3);
        QVERIFY2(list.err.contains("holds no account"), list.err.constData());
        QCOMPARE(QFileInfo(m_path).size(), 0);
        QVERIFY(!QFile::exists(m_path + QLatin1String("-wal")));
        QVERIFY(!QFile::exists(m_path + QLatin1String("-journal")));
        // A refusal leaves nothing behind either: no table appears in it.
        QCOMPARE(cli({QStringLiteral("invite"), QStringLiteral("ana@example.com")}).exitCode, 3);
        QCOMPARE(QFileInfo(m_path).size(), 0);
        // A device is no account file, and nothing is made beside it.
        const CliRun device = runCli({QStringLiteral("--store"), QStringLiteral("sqlite:/dev/null"),
                                      QStringLiteral("users"), QStringLiteral("list")});
        QVERIFY(device.exitCode != 0);
        QVERIFY(!QFile::exists(QStringLiteral("/dev/null-journal")));
        QVERIFY(!QFile::exists(QStringLiteral("/dev/null-wal")));
    }

    void aNewerSchemaIsRefusedAndLeftAlone()
    {
        QCOMPARE(cli({QStringLiteral("init")}).exitCode, 0);
        QVERIFY(sqlValue(m_path, QStringLiteral("INSERT INTO schema_version VALUES (99) RETURNING version")).isValid());
        const QByteArray before = fileBytes(m_path);
        const CliRun run = cli({QStringLiteral("users"), QStringLiteral("list")});
        QCOMPARE(run.exitCode, 5);
        QVERIFY2(run.err.contains("newer Roster"), run.err.constData());
        QCOMPARE(fileBytes(m_path), before);
    }

    void aReadOnlyFileCanStillBeRead()
    {
        QCOMPARE(cli({QStringLiteral("init"), QStringLiteral("--owner"), QStringLiteral("owner@example.com")}).exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("invite"), QStringLiteral("ana@example.com")}).exitCode, 0);
        QFile::setPermissions(m_dir->path(),
                              QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther
                                  | QFile::ExeOther);
        QFile::setPermissions(m_path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
        // Root may write anywhere: read as someone who may not.
        const QStringList as = geteuid() == 0 ? QStringList{QStringLiteral("runuser"), QStringLiteral("-u"),
                                                            QStringLiteral("nobody"), QStringLiteral("--")}
                                              : QStringList();
        const auto readOnlyCli = [&](const QStringList& arguments) {
            QProcess process;
            QStringList command = as + QStringList{QStringLiteral(ROSTER_CLI_PATH), QStringLiteral("--store"), m_store};
            command += arguments;
            process.start(command.takeFirst(), command);
            process.waitForFinished(30000);
            return CliRun{process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
        };
        const CliRun list = readOnlyCli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("list")});
        QVERIFY2(list.exitCode == 0, list.err.constData());
        QVERIFY(list.out.contains("ana@example.com"));
        const CliRun invite = readOnlyCli({QStringLiteral("invite"), QStringLiteral("bo@example.com")});
        QCOMPARE(invite.exitCode, 5);
        QVERIFY2(invite.err.contains("read-only"), invite.err.constData());
        QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
    }

    void messagesNameWhatIsWrong()
    {
        QCOMPARE(cli({QStringLiteral("init"), QStringLiteral("--owner"), QStringLiteral("owner@example.com")}).exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("roles"), QStringLiteral("create"), QStringLiteral("Writers"),
                      QStringLiteral("--permission"), QStringLiteral("write:roles")})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("roles"), QStringLiteral("create"), QStringLiteral("Clusters"),
                      QStringLiteral("--permission"), QStringLiteral("read:clusters")})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("invite"), QStringLiteral("wri@example.com"), QStringLiteral("--role"),
                      QStringLiteral("Writers")})
                     .exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("invites"), QStringLiteral("accept"), QStringLiteral("wri@example.com")}).exitCode,
                 0);
        // Holding write:roles without read:roles: the refusal of an update names what is missing, not a read.
        const CliRun base = cli({QStringLiteral("--actor"), QStringLiteral("base-only@example.com"),
                                 QStringLiteral("roles"), QStringLiteral("update"), QStringLiteral("Clusters"),
                                 QStringLiteral("--name"), QStringLiteral("Renamed")});
        QCOMPARE(base.exitCode, 3); // not a member at all
        QCOMPARE(cli({QStringLiteral("invite"), QStringLiteral("bas@example.com")}).exitCode, 0);
        QCOMPARE(cli({QStringLiteral("invites"), QStringLiteral("accept"), QStringLiteral("bas@example.com")}).exitCode,
                 0);
        const CliRun update = cli({QStringLiteral("--actor"), QStringLiteral("bas@example.com"),
                                   QStringLiteral("roles"), QStringLiteral("update"), QStringLiteral("Clusters"),
                                   QStringLiteral("--name"), QStringLiteral("Renamed")});
        QCOMPARE(update.exitCode, 4);
        QVERIFY2(update.err.contains("write:roles"), update.err.constData());
        // An account whose Owner is gone is called damaged, with a name in the sentence.
        QVERIFY(sqlValue(m_path,
                         QStringLiteral("DELETE FROM member_roles WHERE role_id = (SELECT id FROM roles WHERE "
                                        "system_key = 'owner') RETURNING member_id"))
                    .isValid());
        const CliRun ownerless = cli({QStringLiteral("users"), QStringLiteral("list")});
        QCOMPARE(ownerless.exitCode, 5);
        QVERIFY2(ownerless.err.contains("no Owner"), ownerless.err.constData());
    }

    void badInputIsRefused()
    {
        QCOMPARE(cli({QStringLiteral("init"), QStringLiteral("--owner"), QStringLiteral("owner@example.com")}).exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("--actor"), QString(), QStringLiteral("users"), QStringLiteral("list")}).exitCode,
                 1);
        QCOMPARE(cli({QStringLiteral("seed-demo"), QStringLiteral("--members"), QStringLiteral("2147483647")}).exitCode,
                 1);
        // Bytes that are not UTF-8 in an argument: refused, never stored as U+FFFD.
        QProcess shell;
        shell.start(QStringLiteral("/bin/sh"),
                    {QStringLiteral("-c"),
                     QStringLiteral("\"$0\" --store \"$1\" invite \"$(printf 'an\\377a')@example.com\""),
                     QStringLiteral(ROSTER_CLI_PATH), m_store});
        QVERIFY(shell.waitForFinished(30000));
        QCOMPARE(shell.exitCode(), 2);
        QVERIFY2(shell.readAllStandardError().contains("UTF-8"), "the refusal says why");
        // …nor in a CSV file.
        const QString csv = m_dir->filePath(QStringLiteral("latin1.csv"));
        {
            QFile file(csv);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("email\nok@example.com\nren\xe9@example.com\n");
        }
        const CliRun import = cli({QStringLiteral("import"), QStringLiteral("invites"), csv});
        QCOMPARE(import.exitCode, 2);
        QVERIFY2(import.err.contains("Line 3"), import.err.constData());
        // A formula in an address is no address.
        QCOMPARE(cli({QStringLiteral("invite"), QStringLiteral("=HYPERLINK(\"http://x\")@x.com")}).exitCode, 2);
        // An invitation status this version does not know is never read as PENDING.
        QCOMPARE(cli({QStringLiteral("invite"), QStringLiteral("odd@example.com")}).exitCode, 0);
        QVERIFY(sqlValue(m_path, QStringLiteral("UPDATE invites SET status = 'TELEPORTED' RETURNING id")).isValid());
        const CliRun pending = cli({QStringLiteral("--json"), QStringLiteral("invites"), QStringLiteral("list")});
        QVERIFY(!pending.out.contains("odd@example.com"));
        QCOMPARE(cli({QStringLiteral("invites"), QStringLiteral("revoke"), QStringLiteral("odd@example.com")}).exitCode,
                 2);
        // Store URLs and listen addresses.
        QCOMPARE(runCli({QStringLiteral("--store"), QStringLiteral("sqlite://tmp/x.db"), QStringLiteral("users"),
                         QStringLiteral("list")})
                     .exitCode,
                 1);
        QProcess serve;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("ROSTER_SERVE_API_KEYS"), QStringLiteral(", , "));
        serve.setProcessEnvironment(environment);
        serve.start(QStringLiteral(ROSTER_CLI_PATH), {QStringLiteral("--store"), m_store, QStringLiteral("serve")});
        QVERIFY(serve.waitForFinished(10000));
        QCOMPARE(serve.exitCode(), 1); // keys that are only commas and spaces accept nobody: refused, not served
        for (const auto& listen : {QStringLiteral("0.0.0.0:0"), QStringLiteral("[::1]:notaport")}) {
            environment.insert(QStringLiteral("ROSTER_SERVE_API_KEYS"), QStringLiteral("k-12345"));
            serve.setProcessEnvironment(environment);
            serve.start(
                QStringLiteral(ROSTER_CLI_PATH),
                {QStringLiteral("--store"), m_store, QStringLiteral("serve"), QStringLiteral("--listen"), listen});
            QVERIFY(serve.waitForFinished(10000));
            QCOMPARE(serve.exitCode(), 1);
            QCOMPARE(serve.readAllStandardError().count('\n'), 1); // one line
        }
        serve.start(QStringLiteral(ROSTER_CLI_PATH),
                    {QStringLiteral("--store"), m_store, QStringLiteral("serve"), QStringLiteral("--listen"),
                     QStringLiteral("[::1]:0")});
        QVERIFY(serve.waitForReadyRead(10000));
        QVERIFY2(serve.readAllStandardOutput().contains("on http://[::1]:"), "IPv6 loopback serves");
        serve.kill();
        serve.waitForFinished();
    }

private:
    CliRun cli(const QStringList& arguments)
    {
        return runCli(QStringList{QStringLiteral("--store"), m_store} + arguments);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QString m_store;
};

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"
