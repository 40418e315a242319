// The cloud client against scripted faults, and the request count of loading User Management through serve.
#include "accessrules.h"
#include "cloudfixture.h"
#include "cloudstore.h"
#include "scriptedserver.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using Reply = ScriptedServer::Reply;

class TestCloudClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesPlainHttpExceptLoopback_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("https") << QStringLiteral("https://api.cloud.qdrant.io") << true;
        QTest::newRow("http loopback") << QStringLiteral("http://127.0.0.1:8080") << true;
        QTest::newRow("http localhost") << QStringLiteral("http://localhost:8080") << true;
        QTest::newRow("http ipv6 loopback") << QStringLiteral("http://[::1]:8080") << true;
        QTest::newRow("http remote") << QStringLiteral("http://api.cloud.qdrant.io") << false;
        QTest::newRow("http private network") << QStringLiteral("http://192.168.1.5") << false;
        QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1") << false;
        QTest::newRow("garbage") << QStringLiteral("not a url") << false;
    }

    void refusesPlainHttpExceptLoopback()
    {
        QFETCH(QString, endpoint);
        QFETCH(bool, accepted);
        QCOMPARE(CloudClient::checkEndpoint(endpoint).ok(), accepted);
    }

    void httpErrorsMapToExitCodes_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("code");
        QTest::newRow("401") << 401 << int(ErrorCode::PermissionDenied);
        QTest::newRow("403") << 403 << int(ErrorCode::PermissionDenied);
        QTest::newRow("404") << 404 << int(ErrorCode::NotFound);
        QTest::newRow("409") << 409 << int(ErrorCode::Refused);
        QTest::newRow("500") << 500 << int(ErrorCode::Backend);
    }

    void httpErrorsMapToExitCodes()
    {
        QFETCH(int, status);
        QFETCH(int, code);
        ScriptedServer server;
        server.enqueue(
            {status, QByteArrayLiteral("{\"code\":7,\"message\":\"Your key lacks write:invites\",\"details\":[]}")});
        CloudClient client(options(server));
        const auto result = awaitFuture(client.get(QStringLiteral("/api/iam/v1/users/me")));
        QVERIFY(!result.ok());
        QCOMPARE(int(result.error().code), code);
        QVERIFY2(result.error().message.contains(QStringLiteral("Your key lacks write:invites")),
                 qPrintable(result.error().message));
        QCOMPARE(server.requests().size(), 1); // none of these is retried
    }

    void timeoutIsAClearError()
    {
        ScriptedServer server;
        Reply hang;
        hang.hang = true;
        server.enqueue(hang);
        CloudClient client(options(server, 300));
        const auto result = awaitFuture(client.get(QStringLiteral("/api/iam/v1/users/me")));
        QVERIFY(!result.ok());
        QCOMPARE(int(result.error().code), int(ErrorCode::Backend));
        QVERIFY2(result.error().message.contains(QStringLiteral("did not answer")), qPrintable(result.error().message));
        QCOMPARE(server.requests().size(), 1);
    }

    void retryAfterIsHonoured()
    {
        ScriptedServer server;
        server.enqueue({429, QByteArrayLiteral("{\"code\":8,\"message\":\"slow down\"}"), {{"Retry-After", "1"}}});
        server.enqueue({200, QByteArrayLiteral("{\"user\":{\"id\":\"u1\",\"email\":\"ana@example.com\"}}")});
        CloudClient client(options(server));
        QSignalSpy retrying(&client, &CloudClient::retrying);
        QSignalSpy scheduled(&client, &CloudClient::retryScheduled);
        const auto result = awaitFuture(client.get(QStringLiteral("/api/iam/v1/users/me")));
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(retrying.count(), 1);
        // The wait is the server's second, not the client's own 50 ms back-off.
        QCOMPARE(scheduled.count(), 1);
        QCOMPARE(scheduled.first().at(1).toInt(), 1000);
        QVERIFY2(retrying.first().first().toString().contains(QStringLiteral("retrying in 1 s")),
                 qPrintable(retrying.first().first().toString()));
    }

    void unavailableThenSuccess()
    {
        ScriptedServer server;
        server.enqueue({503, QByteArrayLiteral("{\"code\":14,\"message\":\"unavailable\"}")});
        server.enqueue({200, QByteArrayLiteral("{\"items\":[]}")});
        CloudClient client(options(server));
        const auto result = awaitFuture(client.get(QStringLiteral("/api/iam/v1/accounts/a/roles")));
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QCOMPARE(server.requests().size(), 2);
    }

    void retriesStopAfterThree()
    {
        ScriptedServer server;
        for (int i = 0; i < 5; ++i)
            server.enqueue({502, QByteArrayLiteral("{\"code\":14,\"message\":\"bad gateway\"}")});
        CloudClient client(options(server));
        const auto result = awaitFuture(client.get(QStringLiteral("/api/iam/v1/accounts/a/roles")));
        QVERIFY(!result.ok());
        QCOMPARE(int(result.error().code), int(ErrorCode::Backend));
        QCOMPARE(server.requests().size(), 4); // the first try and three retries
    }

    void mutationsAreNeverRetried_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("hang");
        for (const QByteArray& method :
             {QByteArrayLiteral("POST"), QByteArrayLiteral("PUT"), QByteArrayLiteral("DELETE")}) {
            QTest::addRow("%s 503", method.constData()) << method << 503 << false;
            QTest::addRow("%s 429", method.constData()) << method << 429 << false;
            QTest::addRow("%s timeout", method.constData()) << method << 0 << true;
        }
    }

    void mutationsAreNeverRetried()
    {
        QFETCH(QByteArray, method);
        QFETCH(int, status);
        QFETCH(bool, hang);
        ScriptedServer server;
        Reply reply{status, QByteArrayLiteral("{\"code\":14,\"message\":\"try later\"}"), {{"Retry-After", "0"}}};
        reply.hang = hang;
        server.enqueue(reply);
        server.enqueue({200, QByteArrayLiteral("{}")});
        CloudClient client(options(server, 300));
        const auto result =
            awaitFuture(client.send(method, QStringLiteral("/api/account/v1/accounts/a/invites"), QJsonObject{}));
        QVERIFY(!result.ok());
        QCOMPARE(server.requests().size(), 1);
        QVERIFY(server.requests().first().startsWith(QString::fromLatin1(method + ' ')));
    }

    void malformedBodiesAreClearErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("truncate");
        QTest::newRow("truncated") << QByteArrayLiteral("{\"items\": [") << true;
        QTest::newRow("not json") << QByteArrayLiteral("<html>Bad gateway</html>") << false;
        QTest::newRow("json array") << QByteArrayLiteral("[1, 2, 3]") << false;
    }

    void malformedBodiesAreClearErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, truncate);
        ScriptedServer server;
        Reply reply{200, body};
        reply.truncate = truncate;
        server.enqueue(reply);
        CloudClient client(options(server));
        const auto result = awaitFuture(client.get(QStringLiteral("/api/iam/v1/accounts/a/roles")));
        QVERIFY(!result.ok());
        QCOMPARE(int(result.error().code), int(ErrorCode::Backend));
        QVERIFY(!result.error().message.isEmpty());
    }

    // A value Qdrant adds later loads as Unknown, read-only, instead of making the whole account unreadable.
    void unknownEnumValuesLoadAsUnknown()
    {
        ScriptedServer server;
        server.enqueue({200,
                        QByteArrayLiteral("{\"items\":[{\"id\":\"i1\",\"userEmail\":\"ana@example.com\","
                                          "\"status\":\"ACCOUNT_INVITE_STATUS_TELEPORTED\"},"
                                          "{\"id\":\"i2\",\"userEmail\":\"bo@example.com\","
                                          "\"status\":\"ACCOUNT_INVITE_STATUS_PENDING\"}]}")});
        server.enqueue({200,
                        QByteArrayLiteral("{\"items\":[{\"id\":\"r1\",\"name\":\"Mystery\","
                                          "\"roleType\":\"ROLE_TYPE_UNSPECIFIED\"}]}")});
        CloudStore store(options(server));
        REQUIRE_OK(invites, store.listInvites(std::nullopt));
        QCOMPARE(invites.size(), 2);
        QCOMPARE(invites.first().status, InviteStatus::Unknown);
        QCOMPARE(invites.first().unknownStatus, QStringLiteral("ACCOUNT_INVITE_STATUS_TELEPORTED"));
        QCOMPARE(invites.last().status, InviteStatus::Pending);
        QCOMPARE(unknownValueLabel(invites.first().unknownStatus),
                 QStringLiteral("Unknown (ACCOUNT_INVITE_STATUS_TELEPORTED)"));
        REQUIRE_OK(roles, store.listRoles());
        QCOMPARE(roles.first().unknownType, QStringLiteral("ROLE_TYPE_UNSPECIFIED"));
        // Shown, and left out of every action.
        ActorContext owner;
        owner.permissions = AccessRules::systemRolePermissions(SystemRole::Owner, PermissionCatalogue::builtIn());
        QCOMPARE(AccessRules::canRevoke(owner, invites.first()).reason(),
                 QStringLiteral("The invitation for ana@example.com has a status this version of Roster does not know "
                                "(ACCOUNT_INVITE_STATUS_TELEPORTED); it is shown read-only."));
        QVERIFY(!AccessRules::canDeleteRole(owner, roles.first()));
        QVERIFY(!AccessRules::canEditRole(owner, roles.first()));
        QVERIFY(!AccessRules::canGrantRole(owner, roles.first()));
    }

    void missingFieldIsAClearError()
    {
        ScriptedServer server;
        server.enqueue({200, QByteArrayLiteral("{\"items\":[{\"id\":\"r1\",\"roleType\":\"ROLE_TYPE_CUSTOM\"}]}")});
        CloudStore store(options(server));
        const auto result = awaitFuture(store.listRoles());
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(QStringLiteral("\"name\"")), qPrintable(result.error().message));
    }

    void managementKeyCannotInviteOrRemove()
    {
        ScriptedServer server;
        CloudOptions key = options(server);
        key.credential = {CloudCredential::Kind::ManagementKey, QStringLiteral("k")};
        CloudStore store(key);
        QVERIFY(!store.capabilities().signedInUser);
        // The credential's permissions are read once; then both changes are refused before anything is sent.
        server.enqueue({200,
                        QByteArrayLiteral("{\"permissions\":[{\"value\":\"write:invites\"},"
                                          "{\"value\":\"delete:users\"}]}")});
        const auto invited = awaitFuture(store.invite({QStringLiteral("ana@example.com")}, {}));
        QVERIFY(!invited);
        QCOMPARE(int(invited.error().code), int(ErrorCode::PermissionDenied));
        QCOMPARE(invited.error().message,
                 QStringLiteral("Invitations can be sent only by a signed-in user, not with a management key."));
        const auto removed = awaitFuture(store.removeMember(QStringLiteral("u1")));
        QCOMPARE(removed.error().message,
                 QStringLiteral("Members can be removed only by a signed-in user, not with a management key."));
        QCOMPARE(server.requests().size(), 1); // the permissions; no change was sent
    }

    void loadingUserManagementCostsFewRequests()
    {
        CloudFixture fixture;
        // 1,000 members and 10 roles: Base, Admin, Owner and 7 custom ones.
        QVERIFY(fixture.resetDemoAccount({1000, 50, 7, 3, QStringLiteral("owner@example.com")}));
        auto store = fixture.storeFor();
        auto* cloud = static_cast<CloudStore*>(store.get());
        QElapsedTimer timer;
        timer.start();
        REQUIRE_OK(snapshot, store->loadAccount());
        qInfo("loaded %lld members and %lld roles in %lld requests, %lld ms",
              static_cast<long long>(snapshot.members.size()), static_cast<long long>(snapshot.roles.size()),
              static_cast<long long>(cloud->client()->requestCount()), static_cast<long long>(timer.elapsed()));
        QCOMPARE(snapshot.members.size(), 1001);
        QCOMPARE(snapshot.roles.size(), 10);
        QVERIFY(cloud->client()->requestCount() <= 15);
        // Memberships came from roles/{id}/users: every member has Base, and exactly one is Owner.
        const Role* owner = nullptr;
        const Role* base = nullptr;
        for (const auto& role : snapshot.roles) {
            owner = role.system == SystemRole::Owner ? &role : owner;
            base = role.system == SystemRole::Base ? &role : base;
        }
        QVERIFY(owner && base);
        int owners = 0;
        for (const auto& member : snapshot.members) {
            QVERIFY(member.roleIds.contains(base->id));
            owners += member.roleIds.contains(owner->id) ? 1 : 0;
        }
        QCOMPARE(owners, 1);
        QCOMPARE(snapshot.actor.email, QStringLiteral("owner@example.com"));
    }

    void serveRefusesMissingCredentialsAndKeysForUserCalls()
    {
        CloudFixture fixture;
        QVERIFY(fixture.resetAccount());
        CloudOptions nobody = static_cast<CloudStore*>(fixture.storeFor().get())->client()->options();
        nobody.credential.secret = QStringLiteral("wrong");
        CloudStore stranger(nobody);
        const auto refused = awaitFuture(stranger.loadAccount());
        QVERIFY(!refused.ok());
        QCOMPARE(int(refused.error().code), int(ErrorCode::PermissionDenied));
        QVERIFY(refused.error().message.contains(QStringLiteral("credentials")));
        // A management key reads like the Owner but may not invite; the server says so too.
        auto key = fixture.managementKeyStore();
        REQUIRE_OK(snapshot, key->loadAccount());
        QCOMPARE(snapshot.members.size(), 1);
        auto* cloud = static_cast<CloudStore*>(key.get());
        const auto raw = awaitFuture(cloud->client()->send(
            "POST", QStringLiteral("/api/account/v1/accounts/%1/invites").arg(fixture.accountId()),
            QJsonObject{{QStringLiteral("accountInvite"),
                         QJsonObject{{QStringLiteral("userEmail"), QStringLiteral("x@example.com")}}}}));
        QVERIFY(!raw.ok());
        QCOMPARE(int(raw.error().code), int(ErrorCode::PermissionDenied));
        QVERIFY(raw.error().message.contains(QStringLiteral("management key")));
    }

private:
    static CloudOptions options(const ScriptedServer& server, int timeoutMs = 5000)
    {
        CloudOptions options;
        options.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port()));
        options.accountId = QStringLiteral("a");
        options.credential = {CloudCredential::Kind::UserToken, QStringLiteral("t")};
        options.timeoutMs = timeoutMs;
        options.retryBaseMs = 50; // keep the fault tests quick; Retry-After is still honoured as sent
        return options;
    }
};

QTEST_GUILESS_MAIN(TestCloudClient)
#include "tst_cloudclient.moc"
