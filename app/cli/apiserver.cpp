// Routes requests to the same store calls the console makes, so the server applies the same rules and
// permissions as the local store, and refuses what the real API refuses to management keys.
#include "apiserver.h"

#include "accessrules.h"
#include "apijson.h"
#include "sqlstore.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

Q_LOGGING_CATEGORY(lcServe, "roster.serve")

namespace {

using Status = QHttpServerResponder::StatusCode;

QStringList segments(const QHttpServerRequest& request)
{
    return request.url().path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

QJsonArray usersJson(const QList<Member>& members)
{
    QJsonArray array;
    for (const auto& member : members)
        array.append(ApiJson::user(member));
    return array;
}

} // namespace

ApiServer::ApiServer(const StoreUrl& url, QHash<QString, QString> tokens, QSet<QString> keys, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_url(url)
    , m_tokens(std::move(tokens))
    , m_keys(std::move(keys))
{
}

ApiServer::~ApiServer() = default;

Result<quint16> ApiServer::start(const QHostAddress& address, quint16 port)
{
    SqlStore* owner = storeFor({true, {}});
    if (!owner)
        return backendFailure(tr("The store cannot be opened."));
    const auto snapshot = owner->loadAccount().result();
    if (!snapshot)
        return snapshot.error();
    m_accountId = snapshot.value().account.id;
    const quint16 bound = listen(address, port);
    if (bound == 0)
        return backendFailure(tr("Cannot listen on %1:%2.").arg(address.toString()).arg(port));
    return bound;
}

std::optional<ApiServer::Caller> ApiServer::authenticate(const QHttpServerRequest& request) const
{
    const QByteArray header = request.value("Authorization").trimmed();
    if (header.startsWith("apikey ")) {
        if (m_keys.contains(QString::fromUtf8(header.mid(7).trimmed())))
            return Caller{true, {}};
    } else if (header.startsWith("Bearer ")) {
        const auto it = m_tokens.constFind(QString::fromUtf8(header.mid(7).trimmed()));
        if (it != m_tokens.constEnd())
            return Caller{false, *it};
    }
    return std::nullopt;
}

SqlStore* ApiServer::storeFor(const Caller& caller)
{
    const QString key = caller.managementKey ? QStringLiteral("*") : emailKey(caller.email);
    if (auto it = m_stores.constFind(key); it != m_stores.constEnd())
        return it->get();
    auto store = std::make_shared<SqlStore>(m_url, SqlActor{caller.email, caller.managementKey});
    if (!store->open(SqlAccountEngine::OpenMode::MustExist).result())
        return nullptr;
    m_stores.insert(key, store);
    return store.get();
}

ApiServer::Reply ApiServer::failure(const Error& error)
{
    // HTTP status and gRPC code, as the API reports them.
    int status = 500;
    int code = 13; // INTERNAL
    switch (error.code) {
    case ErrorCode::Usage:
        status = 400;
        code = 3; // INVALID_ARGUMENT
        break;
    case ErrorCode::Refused:
        status = 400;
        code = 9; // FAILED_PRECONDITION
        break;
    case ErrorCode::NotFound:
        status = 404;
        code = 5; // NOT_FOUND
        break;
    case ErrorCode::PermissionDenied:
        status = 403;
        code = 7; // PERMISSION_DENIED
        break;
    case ErrorCode::Backend:
    case ErrorCode::None:
        break;
    }
    return {status,
            QJsonObject{{QStringLiteral("code"), code},
                        {QStringLiteral("message"), error.message},
                        {QStringLiteral("details"), QJsonArray()}}};
}

bool ApiServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    Reply reply;
    if (const auto caller = authenticate(request)) {
        reply = route(request, *caller);
    } else {
        reply = {401,
                 QJsonObject{{QStringLiteral("code"), 16}, // UNAUTHENTICATED
                             {QStringLiteral("message"), tr("Missing or unknown credentials.")},
                             {QStringLiteral("details"), QJsonArray()}}};
    }
    qCDebug(lcServe) << request.method() << request.url().path() << reply.status;
    if (m_latencyMs <= 0) {
        auto responder = makeResponder(request, socket);
        responder.write(QJsonDocument(reply.body), Status(reply.status));
        return true;
    }
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    QTimer::singleShot(m_latencyMs, this, [responder, reply, guard = QPointer<QTcpSocket>(socket)] {
        if (guard) // the client may have given up meanwhile
            responder->write(QJsonDocument(reply.body), Status(reply.status));
    });
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    auto responder = makeResponder(request, socket);
    responder.write(QJsonDocument(failure(notFound(tr("No such path."))).body), Status::NotFound);
}

ApiServer::Reply ApiServer::route(const QHttpServerRequest& request, const Caller& caller)
{
    SqlStore* store = storeFor(caller);
    if (!store)
        return failure(notFound(tr("%1 is not a member of this account.").arg(caller.email)));
    const QStringList path = segments(request);
    // /api/<service>/v1/...
    if (path.size() < 3 || path.at(0) != QLatin1String("api") || path.at(2) != QLatin1String("v1"))
        return failure(notFound(tr("No such path.")));
    if (path.size() == 5 && path.at(1) == QLatin1String("iam") && path.at(3) == QLatin1String("users")
        && path.at(4) == QLatin1String("me") && request.method() == QHttpServerRequest::Method::Get) {
        if (caller.managementKey)
            return failure(notFound(tr("A management key is not a user.")));
        // One's own profile needs no read:users (Base grants read:profile): look it up with the Owner's rights.
        const auto me = storeFor({true, {}})->findMember(caller.email).result();
        if (me)
            return {200, QJsonObject{{QStringLiteral("user"), ApiJson::user(me.value())}}};
        // Someone signed in who is not a member (an invitee): a user all the same, with an id of their own.
        static const QUuid users(QStringLiteral("{5b9c3f7e-2a41-4d0b-9a57-1f3e8c6d2b10}"));
        Member user;
        user.id = QUuid::createUuidV5(users, emailKey(caller.email)).toString(QUuid::WithoutBraces);
        user.email = caller.email;
        user.joinedAt = QDateTime::currentDateTimeUtc();
        return {200, QJsonObject{{QStringLiteral("user"), ApiJson::user(user)}}};
    }
    if (path
            == QStringList{QStringLiteral("api"), QStringLiteral("account"), QStringLiteral("v1"),
                           QStringLiteral("self"), QStringLiteral("invites")}
        && request.method() == QHttpServerRequest::Method::Get) {
        const auto mine = store->receivedInvites().result();
        if (!mine)
            return failure(mine.error());
        QJsonArray items;
        for (const auto& invite : mine.value())
            items.append(ApiJson::invite(invite, m_accountId));
        return {200, QJsonObject{{QStringLiteral("items"), items}}};
    }
    if (path.size() < 5 || path.at(3) != QLatin1String("accounts") || path.at(4) != m_accountId)
        return failure(notFound(tr("No such account.")));
    const QStringList rest = path.mid(5);
    if (path.at(1) == QLatin1String("account"))
        return accountRoute(request, rest, store);
    if (path.at(1) == QLatin1String("iam"))
        return iamRoute(request, rest, store);
    return failure(notFound(tr("No such path.")));
}

ApiServer::Reply ApiServer::accountRoute(const QHttpServerRequest& request, const QStringList& path, SqlStore* store)
{
    using Method = QHttpServerRequest::Method;
    const Method method = request.method();
    if (path.value(0) == QLatin1String("members")) {
        if (path.size() == 1 && method == Method::Get) {
            const auto members = store->listMembers().result();
            if (!members)
                return failure(members.error());
            const auto ownerId = store->ownerId().result();
            if (!ownerId)
                return failure(ownerId.error());
            QJsonArray items;
            for (const auto& member : members.value()) {
                items.append(QJsonObject{{QStringLiteral("accountMember"), ApiJson::user(member)},
                                         {QStringLiteral("isOwner"), member.id == ownerId.value()}});
            }
            return {200, QJsonObject{{QStringLiteral("items"), items}}};
        }
        if (path.size() == 2 && method == Method::Delete) {
            const auto removed = store->removeMember(path.at(1)).result();
            return removed ? Reply{200, {}} : failure(removed.error());
        }
        if (path.size() == 2 && method == Method::Get) {
            const auto member = store->findMember(path.at(1)).result();
            return member
                ? Reply{200,
                        QJsonObject{{QStringLiteral("accountMember"),
                                     QJsonObject{{QStringLiteral("accountMember"), ApiJson::user(member.value())}}}}}
                : failure(member.error());
        }
    }
    if (path.value(0) == QLatin1String("invites")) {
        if (path.size() == 1 && method == Method::Get) {
            std::optional<InviteStatus> status;
            const QStringList statuses = request.query().allQueryItemValues(QStringLiteral("statuses"));
            InviteStatus parsed;
            if (statuses.size() == 1 && statuses.first().startsWith(QLatin1String("ACCOUNT_INVITE_STATUS_"))
                && inviteStatusFromName(statuses.first().mid(22), &parsed))
                status = parsed;
            const auto invites = store->listInvites(status).result();
            if (!invites)
                return failure(invites.error());
            QJsonArray items;
            for (const auto& invite : invites.value()) {
                if (statuses.isEmpty() || statuses.contains(ApiJson::inviteStatusEnum(invite.status)))
                    items.append(ApiJson::invite(invite, m_accountId));
            }
            return {200, QJsonObject{{QStringLiteral("items"), items}}};
        }
        if (path.size() == 1 && method == Method::Post) {
            QJsonParseError error;
            const QJsonObject body = QJsonDocument::fromJson(request.body(), &error).object();
            if (error.error != QJsonParseError::NoError)
                return failure(usageError(tr("The request body is not valid JSON.")));
            const QJsonObject invite = body.value(QStringLiteral("accountInvite")).toObject();
            QStringList roles;
            for (const auto& role : invite.value(QStringLiteral("userRoleIds")).toArray())
                roles.append(role.toString());
            const auto created = store->invite({invite.value(QStringLiteral("userEmail")).toString()}, roles).result();
            return created ? Reply{200,
                                   QJsonObject{{QStringLiteral("accountInvite"),
                                                ApiJson::invite(created.value().sent.first(), m_accountId)}}}
                           : failure(created.error());
        }
        if (path.size() == 2 && method == Method::Delete) {
            const auto revoked = store->revokeInvite(path.at(1)).result();
            return revoked ? Reply{200, {}} : failure(revoked.error());
        }
        if (path.size() == 2 && method == Method::Get) {
            const auto invite = store->findInvite(path.at(1)).result();
            return invite
                ? Reply{200,
                        QJsonObject{{QStringLiteral("accountInvite"), ApiJson::invite(invite.value(), m_accountId)}}}
                : failure(invite.error());
        }
        if (path.size() == 3 && method == Method::Post && path.at(2) == QLatin1String("accept")) {
            // The caller's own invitation, read before it stops being pending.
            const auto mine = store->receivedInvites().result();
            const auto member = store->acceptInvite(path.at(1)).result();
            if (!member)
                return failure(member.error());
            QJsonObject accepted;
            for (const auto& invite : mine ? mine.value() : QList<Invite>()) {
                if (invite.id != path.at(1))
                    continue;
                Invite done = invite;
                done.status = InviteStatus::Accepted;
                accepted = ApiJson::invite(done, m_accountId);
            }
            return {200, QJsonObject{{QStringLiteral("invite"), accepted}}};
        }
        if (path.size() == 3 && method == Method::Post && path.at(2) == QLatin1String("reject")) {
            const auto invite = store->rejectInvite(path.at(1)).result();
            return invite
                ? Reply{200, QJsonObject{{QStringLiteral("invite"), ApiJson::invite(invite.value(), m_accountId)}}}
                : failure(invite.error());
        }
    }
    return failure(notFound(tr("No such path.")));
}

ApiServer::Reply ApiServer::iamRoute(const QHttpServerRequest& request, const QStringList& path, SqlStore* store)
{
    using Method = QHttpServerRequest::Method;
    const Method method = request.method();
    const auto roleDraft = [&](RoleDraft* draft) -> std::optional<Error> {
        QJsonParseError error;
        const QJsonObject body = QJsonDocument::fromJson(request.body(), &error).object();
        if (error.error != QJsonParseError::NoError)
            return usageError(tr("The request body is not valid JSON."));
        const QJsonObject role = body.value(QStringLiteral("role")).toObject();
        draft->name = role.value(QStringLiteral("name")).toString();
        draft->description = role.value(QStringLiteral("description")).toString();
        for (const auto& permission : role.value(QStringLiteral("permissions")).toArray())
            draft->permissions.insert(permission.toObject().value(QStringLiteral("value")).toString());
        return std::nullopt;
    };
    if (path == QStringList{QStringLiteral("effective-permissions")} && method == Method::Get) {
        const auto permissions = store->effectivePermissions().result();
        if (!permissions)
            return failure(permissions.error());
        QJsonArray values;
        for (const auto& value : permissions.value())
            values.append(QJsonObject{{QStringLiteral("value"), value}});
        return {200, QJsonObject{{QStringLiteral("permissions"), values}}};
    }
    if (path == QStringList{QStringLiteral("permissions")} && method == Method::Get) {
        const auto catalogue = store->permissionCatalogue().result();
        if (!catalogue)
            return failure(catalogue.error());
        QJsonArray permissions;
        for (const auto& permission : catalogue.value())
            permissions.append(ApiJson::permission(permission));
        return {200, QJsonObject{{QStringLiteral("permissions"), permissions}}};
    }
    if (path.value(0) == QLatin1String("roles")) {
        if (path.size() == 1 && method == Method::Get) {
            const auto roles = store->listRoles().result();
            if (!roles)
                return failure(roles.error());
            QJsonArray items;
            for (const auto& role : roles.value())
                items.append(ApiJson::role(role, m_accountId));
            return {200, QJsonObject{{QStringLiteral("items"), items}}};
        }
        if (path.size() == 1 && method == Method::Post) {
            RoleDraft draft;
            if (auto error = roleDraft(&draft))
                return failure(*error);
            const auto role = store->createRole(draft).result();
            return role ? Reply{200, QJsonObject{{QStringLiteral("role"), ApiJson::role(role.value(), m_accountId)}}}
                        : failure(role.error());
        }
        if (path.size() == 2 && method == Method::Get) {
            const auto details = store->roleDetails(path.at(1)).result();
            return details
                ? Reply{200, QJsonObject{{QStringLiteral("role"), ApiJson::role(details.value().role, m_accountId)}}}
                : failure(details.error());
        }
        if (path.size() == 2 && method == Method::Put) {
            RoleDraft draft;
            if (auto error = roleDraft(&draft))
                return failure(*error);
            const auto role = store->updateRole(path.at(1), draft).result();
            return role ? Reply{200, QJsonObject{{QStringLiteral("role"), ApiJson::role(role.value(), m_accountId)}}}
                        : failure(role.error());
        }
        if (path.size() == 2 && method == Method::Delete) {
            const auto deleted = store->deleteRole(path.at(1)).result();
            return deleted ? Reply{200, {}} : failure(deleted.error());
        }
        if (path.size() == 3 && path.at(2) == QLatin1String("users") && method == Method::Get) {
            const auto details = store->roleDetails(path.at(1)).result();
            return details ? Reply{200, QJsonObject{{QStringLiteral("users"), usersJson(details.value().members)}}}
                           : failure(details.error());
        }
    }
    if (path.value(0) == QLatin1String("users") && path.size() == 3 && path.at(2) == QLatin1String("roles")) {
        if (method == Method::Get) {
            const auto member = store->findMember(path.at(1)).result();
            if (!member)
                return failure(member.error());
            const auto roles = store->listRoles().result();
            if (!roles)
                return failure(roles.error());
            QJsonArray held;
            for (const auto& role : roles.value()) {
                if (member.value().roleIds.contains(role.id))
                    held.append(ApiJson::role(role, m_accountId));
            }
            return {200, QJsonObject{{QStringLiteral("roles"), held}}};
        }
        if (method == Method::Post) {
            QJsonParseError error;
            const QJsonObject body = QJsonDocument::fromJson(request.body(), &error).object();
            if (error.error != QJsonParseError::NoError)
                return failure(usageError(tr("The request body is not valid JSON.")));
            QStringList add, remove;
            for (const auto& id : body.value(QStringLiteral("roleIdsToAdd")).toArray())
                add.append(id.toString());
            for (const auto& id : body.value(QStringLiteral("roleIdsToDelete")).toArray())
                remove.append(id.toString());
            const auto updated = store->updateMemberRoles(path.at(1), add, remove).result();
            return updated ? Reply{200, {}} : failure(updated.error());
        }
    }
    return failure(notFound(tr("No such path.")));
}
