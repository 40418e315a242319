// The cloud store as the real API would see it: request bodies checked against the swagger body schemas, and
// page loads through a flaky network (a proxy in front of `roster-cli serve` that fails requests on purpose).
#include "cloudfixture.h"
#include "cloudstore.h"
#include "faultyproxy.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

namespace {

// The swagger files of the public API, as the tests keep them (tests/data/api).
QJsonObject swagger(const QString& name)
{
    QFile file(QStringLiteral(ROSTER_TEST_DATA_DIR "/api/%1.swagger.json").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject resolve(const QJsonObject& document, QJsonObject schema)
{
    while (schema.contains(QStringLiteral("$ref"))) {
        const QString ref = schema.value(QStringLiteral("$ref")).toString();
        schema = document.value(QStringLiteral("definitions"))
                     .toObject()
                     .value(ref.section(QLatin1Char('/'), -1))
                     .toObject();
    }
    return schema;
}

// Every field of `body` must be a property of `schema`, recursively, and none may be documented read-only.
// Returns the first problem, or an empty string.
QString checkAgainst(const QJsonObject& document, const QJsonObject& schema, const QJsonObject& body,
                     const QString& where)
{
    const QJsonObject properties = resolve(document, schema).value(QStringLiteral("properties")).toObject();
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        const QString field = where.isEmpty() ? it.key() : where + QLatin1Char('.') + it.key();
        if (!properties.contains(it.key()))
            return QStringLiteral("%1 is not in the schema").arg(field);
        const QJsonObject property = resolve(document, properties.value(it.key()).toObject());
        const QString description =
            properties.value(it.key()).toObject().value(QStringLiteral("description")).toString();
        if (description.contains(QStringLiteral("read-only"), Qt::CaseInsensitive))
            return QStringLiteral("%1 is read-only").arg(field);
        if (it.value().isObject()) {
            const QString problem = checkAgainst(document, property, it.value().toObject(), field);
            if (!problem.isEmpty())
                return problem;
        }
        if (it.value().isArray()
            && property.value(QStringLiteral("items")).toObject().contains(QStringLiteral("$ref"))) {
            for (const auto& item : it.value().toArray()) {
                const QString problem =
                    checkAgainst(document, property.value(QStringLiteral("items")).toObject(), item.toObject(), field);
                if (!problem.isEmpty())
                    return problem;
            }
        }
    }
    return {};
}

// The body schema of the operation `method path` in either swagger file, matching path templates.
std::optional<std::pair<QJsonObject, QJsonObject>> bodySchema(const QByteArray& method, const QString& path)
{
    for (const auto& name : {QStringLiteral("account"), QStringLiteral("iam")}) {
        const QJsonObject document = swagger(name);
        const QJsonObject paths = document.value(QStringLiteral("paths")).toObject();
        for (auto it = paths.constBegin(); it != paths.constEnd(); ++it) {
            QString pattern = QRegularExpression::escape(it.key());
            pattern.replace(QRegularExpression(QStringLiteral("\\\\\\{[^}]*\\\\\\}")), QStringLiteral("[^/]+"));
            if (!QRegularExpression(QLatin1Char('^') + pattern + QLatin1Char('$')).match(path).hasMatch())
                continue;
            const QJsonObject operation = it.value().toObject().value(QString::fromLatin1(method).toLower()).toObject();
            if (operation.isEmpty())
                continue;
            for (const auto& parameter : operation.value(QStringLiteral("parameters")).toArray()) {
                if (parameter.toObject().value(QStringLiteral("in")).toString() == QLatin1String("body"))
                    return std::make_pair(document, parameter.toObject().value(QStringLiteral("schema")).toObject());
            }
            return std::make_pair(document, QJsonObject());
        }
    }
    return std::nullopt;
}

} // namespace

class TestCloudFidelity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_fixture.resetAccount());
        m_proxy = std::make_unique<FaultyProxy>(m_fixture.port());
    }

    void swaggerFilesAreThere()
    {
        QVERIFY(swagger(QStringLiteral("account")).contains(QStringLiteral("paths")));
        QVERIFY(swagger(QStringLiteral("iam")).contains(QStringLiteral("paths")));
    }

    // The check itself must be able to fail: a body that repeats the path's account id is refused.
    void theBodyCheckCatchesAnExtraField()
    {
        const auto schema = bodySchema("POST", QStringLiteral("/api/account/v1/accounts/a/invites"));
        QVERIFY(schema);
        const QJsonObject good{
            {QStringLiteral("accountInvite"), QJsonObject{{QStringLiteral("userEmail"), QStringLiteral("a@x.io")}}}};
        QCOMPARE(checkAgainst(schema->first, schema->second, good, {}), QString());
        const QJsonObject repeated{{QStringLiteral("accountInvite"),
                                    QJsonObject{{QStringLiteral("userEmail"), QStringLiteral("a@x.io")},
                                                {QStringLiteral("accountId"), QStringLiteral("a")}}}};
        QCOMPARE(checkAgainst(schema->first, schema->second, repeated, {}),
                 QStringLiteral("accountInvite.accountId is not in the schema"));
        const QJsonObject readOnly{{QStringLiteral("accountInvite"),
                                    QJsonObject{{QStringLiteral("userEmail"), QStringLiteral("a@x.io")},
                                                {QStringLiteral("createdByEmail"), QStringLiteral("b@x.io")}}}};
        QCOMPARE(checkAgainst(schema->first, schema->second, readOnly, {}),
                 QStringLiteral("accountInvite.createdByEmail is read-only"));
    }

    void everyMutationBodyMatchesTheSwagger()
    {
        auto store = storeThroughProxy();
        REQUIRE_OK(
            role,
            store->createRole(
                {QStringLiteral("Cluster Ops"), QStringLiteral("Runs clusters"), {QStringLiteral("write:clusters")}}));
        REQUIRE_OK(updated,
                   store->updateRole(role.id,
                                     {QStringLiteral("Cluster Operators"),
                                      {},
                                      {QStringLiteral("write:clusters"), QStringLiteral("read:users")}}));
        REQUIRE_OK(invited, store->invite({QStringLiteral("bo@example.com")}, {role.id}));
        auto bo = m_fixture.storeFor(QStringLiteral("bo@example.com"));
        REQUIRE_OK(joined, bo->acceptInvite(invited.sent.first().id));
        REQUIRE_OK(changed,
                   store->updateMemberRoles(QStringLiteral("bo@example.com"), {QStringLiteral("Admin")}, {role.id}));
        REQUIRE_OK(other, store->invite({QStringLiteral("cy@example.com")}, {}));
        REQUIRE_OK(revoked, store->revokeInvite(other.sent.first().id));
        REQUIRE_OK(removed, store->removeMember(QStringLiteral("bo@example.com")));
        REQUIRE_OK(deleted, store->deleteRole(role.id));

        QStringList mutations;
        for (const auto& request : m_proxy->requests()) {
            if (request.method == "GET")
                continue;
            const QString path = QString::fromLatin1(request.target).section(QLatin1Char('?'), 0, 0);
            mutations.append(QString::fromLatin1(request.method) + QLatin1Char(' ')
                             + path.section(QLatin1Char('/'), 2, 2) + QLatin1Char('/')
                             + path.section(QLatin1Char('/'), 6));
            const auto schema = bodySchema(request.method, path);
            QVERIFY2(
                schema,
                qPrintable(QStringLiteral("no such operation: %1 %2").arg(QString::fromLatin1(request.method), path)));
            if (schema->second.isEmpty()) {
                QVERIFY2(request.body.isEmpty(), qPrintable(path)); // no body schema, no body
                continue;
            }
            QJsonParseError parse;
            const QJsonDocument body = QJsonDocument::fromJson(request.body, &parse);
            QVERIFY2(parse.error == QJsonParseError::NoError && body.isObject(), request.body.constData());
            const QString problem = checkAgainst(schema->first, schema->second, body.object(), {});
            QVERIFY2(problem.isEmpty(),
                     qPrintable(QStringLiteral("%1 %2: %3 in %4")
                                    .arg(QString::fromLatin1(request.method), path, problem,
                                         QString::fromUtf8(request.body))));
        }
        // Every kind of change the console makes went through the check.
        QCOMPARE(mutations,
                 (QStringList{QStringLiteral("POST iam/roles"), QStringLiteral("PUT iam/roles/") + role.id,
                              QStringLiteral("POST account/invites"),
                              QStringLiteral("POST iam/users/") + joined.id + QStringLiteral("/roles"),
                              QStringLiteral("POST account/invites"),
                              QStringLiteral("DELETE account/invites/") + other.sent.first().id,
                              QStringLiteral("DELETE account/members/") + joined.id,
                              QStringLiteral("DELETE iam/roles/") + role.id}));
    }

    void aPageLoadsWhenEveryGetFailsTwiceFirst()
    {
        m_proxy->failFirstGetAttempts(2);
        auto store = storeThroughProxy();
        auto* client = static_cast<CloudStore*>(store.get())->client();
        QSignalSpy retries(client, &CloudClient::retryScheduled);
        REQUIRE_OK(snapshot, store->loadAccount());
        QCOMPARE(snapshot.members.size(), 1);
        QCOMPARE(snapshot.roles.size(), 3);
        // 5 first-stage requests and 3 role lists, each sent three times: two failures, then the answer.
        QCOMPARE(m_proxy->requests().size(), 3 * (5 + 3));
        QCOMPARE(retries.count(), 2 * (5 + 3));
        // Requests that failed together come back at different moments: full jitter, no lockstep.
        QSet<int> firstDelays;
        for (const auto& retry : retries)
            firstDelays.insert(retry.at(1).toInt());
        QVERIFY2(
            firstDelays.size() > retries.count() / 2,
            qPrintable(
                QStringLiteral("%1 distinct delays among %2 retries").arg(firstDelays.size()).arg(retries.count())));
        for (int delay : firstDelays)
            QVERIFY(delay >= 0 && delay <= 4 * RetryBaseMs);
    }

    // A bulk change on the cloud reports each person: one failed call fails that person alone, and is not replayed.
    void aFailedCallFailsOnePersonOfABulkChange()
    {
        auto owner = m_fixture.storeFor();
        REQUIRE_OK(invites,
                   owner->invite({QStringLiteral("kim@example.com"), QStringLiteral("lee@example.com"),
                                  QStringLiteral("max@example.com")},
                                 {}));
        const QString failing = invites.sent.at(1).id;
        m_proxy->failRequests("DELETE", failing.toUtf8());
        auto store = storeThroughProxy();
        BulkChange change;
        change.kind = BulkChange::Kind::Revoke;
        for (const auto& invite : invites.sent)
            change.targets.append(invite.id);
        REQUIRE_OK(report, store->applyBulk(change, {}));
        QCOMPARE(report.done, (QStringList{QStringLiteral("kim@example.com"), QStringLiteral("max@example.com")}));
        QCOMPARE(report.refused.size(), 1);
        QCOMPARE(report.refused.first().email, QStringLiteral("lee@example.com"));
        QCOMPARE(int(report.refused.first().error.code), int(ErrorCode::Backend));
        int deletes = 0;
        for (const auto& request : m_proxy->requests())
            deletes += request.method == "DELETE" && request.target.contains(failing.toUtf8()) ? 1 : 0;
        QCOMPARE(deletes, 1); // a mutation is sent once
        REQUIRE_OK(snapshot, owner->loadAccount());
        QCOMPARE(snapshot.pendingInvites.size(), 1);
        QCOMPARE(snapshot.pendingInvites.first().email, QStringLiteral("lee@example.com"));
    }

    // Resend on the cloud is revoke, then invite again. When the second call fails, the admin is told that the
    // invitation is gone and what to do.
    void resendFailingBetweenItsTwoCalls()
    {
        auto owner = m_fixture.storeFor();
        REQUIRE_OK(invites, owner->invite({QStringLiteral("ned@example.com")}, {QStringLiteral("Admin")}));
        m_proxy->failRequests("POST", "/invites");
        auto store = storeThroughProxy();
        const auto resent = awaitFuture(store->resendInvite(QStringLiteral("ned@example.com")));
        QVERIFY(!resent);
        QCOMPARE(resent.error().message,
                 QStringLiteral("The invitation for ned@example.com was revoked but could not be sent again (Qdrant "
                                "Cloud failed (HTTP 500): injected fault): invite ned@example.com again."));
        REQUIRE_OK(snapshot, owner->loadAccount());
        QVERIFY(snapshot.pendingInvites.isEmpty()); // as the message says
        // Without the fault, resend works and keeps the roles.
        m_proxy->failRequests({}, {});
        REQUIRE_OK(again, owner->invite({QStringLiteral("ned@example.com")}, {QStringLiteral("Admin")}));
        REQUIRE_OK(renewed, store->resendInvite(QStringLiteral("ned@example.com")));
        QCOMPARE(renewed.roleIds, again.sent.first().roleIds);
        QVERIFY(renewed.id != again.sent.first().id);
    }

    void retryAfterWinsOverTheBackoff()
    {
        m_proxy->throttleEachGetOnce(1);
        auto store = storeThroughProxy();
        auto* client = static_cast<CloudStore*>(store.get())->client();
        QSignalSpy retries(client, &CloudClient::retryScheduled);
        REQUIRE_OK(snapshot, store->loadAccount());
        QCOMPARE(snapshot.members.size(), 1);
        QCOMPARE(retries.count(), 5 + 3);
        for (const auto& retry : retries)
            QCOMPARE(retry.at(1).toInt(), 1000); // exactly what the server asked, whatever our own back-off says
    }

private:
    static constexpr int RetryBaseMs = 40;

    std::unique_ptr<AccountStore> storeThroughProxy()
    {
        auto direct = m_fixture.storeFor();
        CloudOptions options = static_cast<CloudStore*>(direct.get())->client()->options();
        options.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_proxy->port()));
        options.retryBaseMs = RetryBaseMs;
        return std::make_unique<CloudStore>(options);
    }

    CloudFixture m_fixture;
    std::unique_ptr<FaultyProxy> m_proxy;
};

QTEST_GUILESS_MAIN(TestCloudFidelity)
#include "tst_cloudfidelity.moc"
