// `roster-cli serve` under abuse, over raw sockets: oversized bodies and headers, idle and half-sent connections,
// 200 clients at once, answers that never echo a huge id, and no credential in any log whatever the rules.
#include "cloudfixture.h"
#include "cloudstore.h"
#include "sqlstore.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QtTest>

namespace {

struct RawReply
{
    int status = 0;
    QByteArray body;
    bool closed = false; // the server closed the connection
};

// Sends `request` as it is and reads one answer (or the close).
RawReply exchange(quint16 port, const QByteArray& request, int timeoutMs = 10000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(request);
    socket.waitForBytesWritten(1000);
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (!socket.waitForReadyRead(200)) {
            if (socket.state() != QAbstractSocket::ConnectedState)
                break;
            continue;
        }
        answer += socket.readAll();
        const qsizetype end = answer.indexOf("\r\n\r\n");
        if (end >= 0) {
            const QRegularExpression length(QStringLiteral("Content-Length: (\\d+)"),
                                            QRegularExpression::CaseInsensitiveOption);
            const auto match = length.match(QString::fromLatin1(answer.left(end)));
            if (match.hasMatch() && answer.size() >= end + 4 + match.captured(1).toLongLong())
                break;
        }
    }
    RawReply reply;
    reply.status = answer.mid(9, 3).toInt();
    reply.body = answer.mid(answer.indexOf("\r\n\r\n") + 4);
    reply.closed = socket.state() != QAbstractSocket::ConnectedState || socket.waitForDisconnected(1000);
    return reply;
}

QByteArray get(const QString& path, const QByteArray& token, const QByteArray& extraHeaders = {})
{
    return "GET " + path.toUtf8() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
        + extraHeaders + "\r\n";
}

} // namespace

class TestServe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("ROSTER_SERVE_REQUEST_TIMEOUT_MS", "700");
        QVERIFY(m_fixture.resetAccount());
        m_roles = QStringLiteral("/api/iam/v1/accounts/%1/roles").arg(m_fixture.accountId());
    }

    void answersAnAuthenticatedGet()
    {
        const RawReply reply = exchange(m_fixture.port(), get(m_roles, "tok-owner@example.com"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.body.contains("\"Owner\""));
    }

    // write:X implies read:X on the server side too: a role sent straight to serve's API with only write:clusters is
    // stored with read:clusters (the cloud store adds the reads itself, so only a raw request tests serve).
    void writeImpliesReadOnTheServer()
    {
        const QByteArray body =
            R"({"role":{"name":"Raw Writers","roleType":"ROLE_TYPE_CUSTOM","permissions":[{"value":"write:clusters"}]}})";
        const QByteArray post = "POST " + m_roles.toUtf8()
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer tok-owner@example.com\r\n"
              "Content-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        const RawReply reply = exchange(m_fixture.port(), post);
        QCOMPARE(reply.status, 200);
        QStringList stored;
        for (const auto& permission : QJsonDocument::fromJson(reply.body)
                                          .object()
                                          .value(QStringLiteral("role"))
                                          .toObject()
                                          .value(QStringLiteral("permissions"))
                                          .toArray())
            stored.append(permission.toObject().value(QStringLiteral("value")).toString());
        stored.sort();
        QCOMPARE(stored, (QStringList{QStringLiteral("read:clusters"), QStringLiteral("write:clusters")}));
    }

    // ListAccounts: the served account, to its members and to a management key; none to a stranger who signed in.
    void listsTheAccountsACallerSees()
    {
        const QString accounts = QStringLiteral("/api/account/v1/accounts");
        RawReply reply = exchange(m_fixture.port(), get(accounts, "tok-owner@example.com"));
        QCOMPARE(reply.status, 200);
        QJsonArray items = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value(QStringLiteral("id")).toString(), m_fixture.accountId());
        QVERIFY(!items.first().toObject().value(QStringLiteral("name")).toString().isEmpty());

        const QByteArray key =
            "GET " + accounts.toUtf8() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: apikey management-key\r\n\r\n";
        reply = exchange(m_fixture.port(), key);
        QCOMPARE(reply.status, 200);
        QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("items")).toArray().size(), 1);

        reply = exchange(m_fixture.port(), get(accounts, "tok-guest@example.com"));
        QCOMPARE(reply.status, 200);
        items = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("items")).toArray();
        QVERIFY2(items.isEmpty(), reply.body.constData());

        reply = exchange(m_fixture.port(), get(accounts, "no-such-token"));
        QCOMPARE(reply.status, 401);
    }

    // A stranger's body is never read: the answer comes on the headers, and the connection closes.
    void strangersAreRefusedBeforeTheirBody()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_fixture.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /api/account/v1/accounts/x/invites HTTP/1.1\r\nHost: localhost\r\n"
                     "Content-Length: 1073741824\r\n\r\n");
        const QByteArray chunk(64 * 1024, 'x');
        qint64 sent = 0;
        QByteArray answer;
        // Keep sending until the server answers or hangs up; it must do so long before a gigabyte.
        while (socket.state() == QAbstractSocket::ConnectedState && sent < 256 * chunk.size()) {
            socket.write(chunk);
            socket.waitForBytesWritten(200);
            sent += chunk.size();
            if (socket.waitForReadyRead(10))
                answer += socket.readAll();
            if (!answer.isEmpty())
                break;
        }
        socket.waitForReadyRead(1000);
        answer += socket.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.left(80).constData());
        QVERIFY(answer.contains("Missing or unknown credentials."));
        QVERIFY(socket.state() != QAbstractSocket::ConnectedState || socket.waitForDisconnected(2000));
        QVERIFY2(sent < 16 * 1024 * 1024, qPrintable(QString::number(sent))); // refused early, not after the gigabyte
    }

    void oversizedBodyIs413()
    {
        const QByteArray body(2 * 1024 * 1024, 'x');
        const RawReply reply = exchange(m_fixture.port(),
                                        "POST /api/iam/v1/accounts/" + m_fixture.accountId().toUtf8()
                                            + "/roles HTTP/1.1\r\nAuthorization: Bearer tok-owner@example.com\r\n"
                                              "Content-Length: "
                                            + QByteArray::number(body.size()) + "\r\n\r\n");
        QCOMPARE(reply.status, 413);
        QVERIFY(reply.closed);
    }

    void oversizedHeaderIs431()
    {
        const QByteArray huge = "X-Filler: " + QByteArray(20 * 1024, 'y') + "\r\n";
        const RawReply reply = exchange(m_fixture.port(), get(m_roles, "tok-owner@example.com", huge));
        QCOMPARE(reply.status, 431);
        QVERIFY(reply.closed);
    }

    void hugeIdsAreNotEchoed()
    {
        const QString id(10000, QLatin1Char('z'));
        const RawReply reply =
            exchange(m_fixture.port(),
                     get(QStringLiteral("/api/account/v1/accounts/%1/invites/%2").arg(m_fixture.accountId(), id),
                         "tok-owner@example.com"));
        QCOMPARE(reply.status, 404);
        QVERIFY2(reply.body.size() < 300, reply.body.left(120).constData());
        QVERIFY(!reply.body.contains("zzzzzzzzzz"));
    }

    void idleAndHalfSentConnectionsAreClosed()
    {
        QList<std::shared_ptr<QTcpSocket>> idle;
        for (int i = 0; i < 40; ++i) {
            auto socket = std::make_shared<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, m_fixture.port());
            QVERIFY(socket->waitForConnected(5000));
            if (i % 2 == 1)
                socket->write("GET /api/iam/v1/users/me HTTP/1.1\r\nHost: loc"); // never finished
            idle.append(socket);
        }
        // The server's limit is 700 ms here; every one of them is hung up on well within a few seconds.
        for (const auto& socket : idle)
            QVERIFY(socket->state() != QAbstractSocket::ConnectedState || socket->waitForDisconnected(5000));
        answersAnAuthenticatedGet(); // and the server still answers
    }

    void twoHundredClientsAtOnce()
    {
        QList<std::shared_ptr<QTcpSocket>> clients;
        // All connected and all asking before any answer is read.
        for (int i = 0; i < 200; ++i) {
            auto socket = std::make_shared<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, m_fixture.port());
            QVERIFY(socket->waitForConnected(5000));
            socket->write(get(m_roles, "tok-owner@example.com", "Connection: close\r\n"));
            socket->flush();
            clients.append(socket);
        }
        QByteArray first;
        for (const auto& socket : clients) {
            QByteArray answer;
            while (socket->state() == QAbstractSocket::ConnectedState && socket->waitForReadyRead(10000))
                answer += socket->readAll();
            answer += socket->readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.left(60).constData());
            const QByteArray body = answer.mid(answer.indexOf("\r\n\r\n") + 4);
            if (first.isEmpty())
                first = body;
            QCOMPARE(body, first); // every client got the same answer
        }
        answersAnAuthenticatedGet();
    }

    // A console's page load is about twenty requests at once, from one caller, over a few connections: 50 clients
    // asking for every path of User Management at once get, each, exactly what one client at a time gets.
    void fiftyClientsAnswerAsOneAtATime()
    {
        const QString account = QStringLiteral("/api/account/v1/accounts/%1").arg(m_fixture.accountId());
        QStringList paths{m_roles, account + QStringLiteral("/members"), account + QStringLiteral("/invites"),
                          QStringLiteral("/api/iam/v1/users/me")};
        const RawReply roles = exchange(m_fixture.port(), get(m_roles, "tok-owner@example.com"));
        QCOMPARE(roles.status, 200);
        for (const auto& role : QJsonDocument::fromJson(roles.body).object().value(QStringLiteral("items")).toArray())
            paths.append(m_roles + QLatin1Char('/') + role.toObject().value(QStringLiteral("id")).toString()
                         + QStringLiteral("/users"));
        QVERIFY(paths.size() >= 7);
        QHash<QString, QByteArray> alone;
        for (const auto& path : std::as_const(paths)) {
            const RawReply reply = exchange(m_fixture.port(), get(path, "tok-owner@example.com"));
            QVERIFY2(reply.status == 200, qPrintable(path + QStringLiteral(": ") + QString::fromUtf8(reply.body)));
            alone.insert(path, reply.body);
        }
        QVERIFY(alone.value(account + QStringLiteral("/members")).contains("owner@example.com"));
        QList<std::shared_ptr<QTcpSocket>> clients;
        QStringList asked;
        for (int i = 0; i < 50; ++i) {
            auto socket = std::make_shared<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, m_fixture.port());
            QVERIFY(socket->waitForConnected(5000));
            asked.append(paths.at(i % paths.size()));
            socket->write(get(asked.last(), "tok-owner@example.com", "Connection: close\r\n"));
            socket->flush();
            clients.append(socket);
        }
        for (int i = 0; i < clients.size(); ++i) {
            QByteArray answer;
            while (clients.at(i)->state() == QAbstractSocket::ConnectedState && clients.at(i)->waitForReadyRead(10000))
                answer += clients.at(i)->readAll();
            answer += clients.at(i)->readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 200"), qPrintable(asked.at(i) + QString::fromUtf8(answer.left(80))));
            QCOMPARE(answer.mid(answer.indexOf("\r\n\r\n") + 4), alone.value(asked.at(i)));
        }
    }

    // roles/{id}/users is read in one query; it answers who holds the role exactly as the role's details do, and
    // still tells an unknown role from one nobody holds.
    void roleUsersAreWhoHoldsTheRole()
    {
        SqlStore sql(m_fixture.sql().url(), {});
        QVERIFY(awaitFuture(sql.open(SqlAccountEngine::OpenMode::MustExist)).ok());
        REQUIRE_OK(spare, sql.createRole({QStringLiteral("Held by nobody"), {}, {QStringLiteral("read:clusters")}}));
        REQUIRE_OK(admin, sql.listRoles());
        REQUIRE_OK(invited, sql.invite({QStringLiteral("uma@example.com")}, {QStringLiteral("Admin")}));
        SqlStore uma(m_fixture.sql().url(), {QStringLiteral("uma@example.com"), false});
        QVERIFY(awaitFuture(uma.open(SqlAccountEngine::OpenMode::MustExist)).ok());
        QVERIFY(awaitFuture(uma.acceptInvite(invited.sent.first().id)).ok());
        int held = 0;
        for (const auto& role : admin) {
            REQUIRE_OK(details, sql.roleDetails(role.id));
            QMap<QString, QString> expected;
            for (const auto& member : details.members)
                expected.insert(member.id, member.email);
            const RawReply reply =
                exchange(m_fixture.port(),
                         get(m_roles + QLatin1Char('/') + role.id + QStringLiteral("/users"), "tok-owner@example.com"));
            QCOMPARE(reply.status, 200);
            QMap<QString, QString> answered;
            for (const auto& user :
                 QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("users")).toArray())
                answered.insert(user.toObject().value(QStringLiteral("id")).toString(),
                                user.toObject().value(QStringLiteral("email")).toString());
            QCOMPARE(answered, expected);
            held += int(answered.size());
        }
        QVERIFY(held >= 4); // the Owner holds Owner and Base, Uma holds Admin and Base
        const RawReply none =
            exchange(m_fixture.port(),
                     get(m_roles + QLatin1Char('/') + spare.id + QStringLiteral("/users"), "tok-owner@example.com"));
        QCOMPARE(none.status, 200);
        QCOMPARE(QJsonDocument::fromJson(none.body).object().value(QStringLiteral("users")).toArray().size(), 0);
        const RawReply unknown =
            exchange(m_fixture.port(), get(m_roles + QStringLiteral("/no-such-role/users"), "tok-owner@example.com"));
        QCOMPARE(unknown.status, 404);
    }

    void noCredentialInAnyLog()
    {
        // Everything Qt and Roster can log, on both sides of the wire.
        m_fixture.stopServer();
        qputenv("QT_LOGGING_RULES", "*.debug=true");
        QVERIFY(m_fixture.startServer());
        QProcess cli;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QDRANT_CLOUD_TOKEN"), QStringLiteral("tok-owner@example.com"));
        cli.setProcessEnvironment(environment);
        cli.start(QStringLiteral(ROSTER_CLI_PATH),
                  {QStringLiteral("--store"), QStringLiteral("cloud:") + m_fixture.accountId(),
                   QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:%1").arg(m_fixture.port()),
                   QStringLiteral("users"), QStringLiteral("list")});
        QVERIFY(cli.waitForFinished(20000));
        const QByteArray clientOutput = cli.readAllStandardError() + cli.readAllStandardOutput();
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY2(clientOutput.contains("roster.cloud"), "the debug logging was on"); // the test sees the logs
        m_fixture.stopServer();
        const QByteArray serverOutput = m_fixture.serverOutput();
        qunsetenv("QT_LOGGING_RULES");
        QVERIFY(m_fixture.startServer());
        for (const QByteArray& output : {clientOutput, serverOutput}) {
            QVERIFY2(!output.contains("tok-owner@example.com"), output.constData());
            QVERIFY2(!output.contains("management-key"), output.constData());
        }
    }

private:
    CloudFixture m_fixture;
    QString m_roles;
};

QTEST_GUILESS_MAIN(TestServe)
#include "tst_serve.moc"
