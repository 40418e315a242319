// Routes requests to the same store calls the console makes, so the server applies the same rules and
// permissions as the local store, and refuses what the real API refuses to management keys.
#include "apiserver.h"

#include "accessrules.h"
#include "apijson.h"
#include "sqlstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>
#include <QUuid>

Q_LOGGING_CATEGORY(lcServe, "roster.serve")

namespace {

QStringList segments(const HttpRequest& request)
{
    return request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

QJsonArray usersJson(const QList<Member>& members)
{
    QJsonArray array;
    for (const auto& member : members)
        array.append(ApiJson::user(member));
    return array;
}

// Ids are short; a path segment longer than this is refused without being echoed into the answer.
constexpr qsizetype MaxSegmentLength = 128;

} // namespace

ApiServer::ApiServer(const StoreUrl& url, QHash<QString, QString> tokens, QSet<QString> keys, QObject* parent)
    : QObject(parent)
    , m_url(url)
    , m_tokens(std::move(tokens))
    , m_keys(std::move(keys))
    , m_listener([this](const HttpRequest& request) { return admit(request); },
                 [this](const HttpRequest& request, std::function<void(const HttpResponse&)> respond) {
                     answer(request, std::move(respond));
                 },
                 this)
{
    // Enough threads that a page load's parallel requests are served in parallel, as the real API would.
    m_pool.setMaxThreadCount(8);
}

ApiServer::~ApiServer()
{
    m_pool.waitForDone();
}

Result<quint16> ApiServer::start(const QHostAddress& address, quint16 port)
{
    const auto owner = storesFor({true, {}});
    if (!owner.caller)
        return backendFailure(tr("The store cannot be opened."));
    const auto snapshot = owner.caller->loadAccount().result();
    if (!snapshot)
        return snapshot.error();
    m_account = snapshot.value().account;
    const quint16 bound = m_listener.listen(address, port);
    if (bound == 0)
        return backendFailure(
            tr("Cannot listen on %1 port %2: %3").arg(address.toString()).arg(port).arg(m_listener.errorString()));
    return bound;
}

std::optional<ApiServer::Caller> ApiServer::authenticate(const HttpRequest& request) const
{
    const QByteArray header = request.headers.value("authorization").trimmed();
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

std::optional<HttpResponse> ApiServer::admit(const HttpRequest& request) const
{
    if (!authenticate(request))
        return HttpResponse{401, apiErrorBody(16, tr("Missing or unknown credentials."))}; // UNAUTHENTICATED
    return std::nullopt;
}

ApiServer::Stores ApiServer::storesFor(const Caller& caller)
{
    // A few connections per caller, used in turn, so that one caller's parallel requests run in parallel too.
    constexpr int ConnectionsPerCaller = 4;
    const auto open = [this](const Caller& who) -> std::shared_ptr<SqlStore> {
        auto store = std::make_shared<SqlStore>(m_url, SqlActor{who.email, who.managementKey});
        if (!store->open(SqlAccountEngine::OpenMode::MustExist).result())
            return nullptr;
        return store;
    };
    const auto pick = [&](const Caller& who) -> SqlStore* {
        const QString key = who.managementKey ? QStringLiteral("*") : emailKey(who.email);
        auto& pool = m_stores[key];
        const int turn = m_turns[key]++;
        if (pool.size() < ConnectionsPerCaller) {
            if (auto store = open(who))
                pool.append(store);
        }
        return pool.isEmpty() ? nullptr : pool.at(turn % pool.size()).get();
    };
    return {pick(caller), pick({true, {}})};
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

HttpResponse ApiServer::answerNow(const HttpRequest& request)
{
    if (const auto refusal = admit(request))
        return *refusal;
    const Reply reply = route(request, *authenticate(request), storesFor(*authenticate(request)));
    return {reply.status, QJsonDocument(reply.body).toJson(QJsonDocument::Compact)};
}

void ApiServer::answer(const HttpRequest& request, std::function<void(const HttpResponse&)> respond)
{
    const auto caller = authenticate(request); // admitted already; the caller is known
    const Stores stores = storesFor(*caller);
    // The store calls wait for their worker threads: in the pool, never on this thread, which keeps reading.
    m_pool.start([this, request, caller = *caller, stores, respond = std::move(respond)]() mutable {
        const Reply reply = route(request, caller, stores);
        qCDebug(lcServe) << request.method << request.path << reply.status;
        QMetaObject::invokeMethod(
            this,
            [this, reply, respond = std::move(respond)] {
                const HttpResponse response{reply.status, QJsonDocument(reply.body).toJson(QJsonDocument::Compact)};
                if (m_latencyMs <= 0)
                    return respond(response);
                QTimer::singleShot(m_latencyMs, this, [response, respond] { respond(response); });
            },
            Qt::QueuedConnection);
    });
}

ApiServer::Reply ApiServer::route(const HttpRequest& request, const Caller& caller, const Stores& stores) const
{
    SqlStore* store = stores.caller;
    if (!store || !stores.owner)
        return failure(backendFailure(tr("The store cannot be opened.")));
    const QStringList path = segments(request);
    for (const auto& segment : path) {
        if (segment.size() > MaxSegmentLength)
            return failure(notFound(tr("No such path.")));
    }
    // /api/<service>/v1/...
    if (path.size() < 3 || path.at(0) != QLatin1String("api") || path.at(2) != QLatin1String("v1"))
        return failure(notFound(tr("No such path.")));
    if (path.size() == 5 && path.at(1) == QLatin1String("iam") && path.at(3) == QLatin1String("users")
        && path.at(4) == QLatin1String("me") && request.method == "GET") {
        if (caller.managementKey)
            return failure(notFound(tr("A management key is not a user.")));
        // One's own profile needs no read:users (Base grants read:profile): look it up with the Owner's rights.
        const auto me = stores.owner->findMember(caller.email).result();
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
        && request.method == "GET") {
        const auto mine = store->receivedInvites().result();
        if (!mine)
            return failure(mine.error());
        QJsonArray items;
        for (const auto& invite : mine.value())
            items.append(ApiJson::invite(invite, m_account.id));
        return {200, QJsonObject{{QStringLiteral("items"), items}}};
    }
    if (path
            == QStringList{QStringLiteral("api"), QStringLiteral("account"), QStringLiteral("v1"),
                           QStringLiteral("accounts")}
        && request.method == "GET") {
        // ListAccounts: the one account served, to a management key or to one of its members; an invitee who has
        // not joined sees none.
        QJsonArray items;
        if (caller.managementKey || stores.owner->findMember(caller.email).result())
            items.append(ApiJson::account(m_account));
        return {200, QJsonObject{{QStringLiteral("items"), items}}};
    }
    if (path.size() < 5 || path.at(3) != QLatin1String("accounts") || path.at(4) != m_account.id)
        return failure(notFound(tr("No such account.")));
    const QStringList rest = path.mid(5);
    if (path.at(1) == QLatin1String("account"))
        return accountRoute(request, rest, store);
    if (path.at(1) == QLatin1String("iam"))
        return iamRoute(request, rest, store);
    return failure(notFound(tr("No such path.")));
}

ApiServer::Reply ApiServer::accountRoute(const HttpRequest& request, const QStringList& path, SqlStore* store) const
{
    const QByteArray& method = request.method;
    if (path.value(0) == QLatin1String("members")) {
        if (path.size() == 1 && method == "GET") {
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
        if (path.size() == 2 && method == "DELETE") {
            const auto removed = store->removeMember(path.at(1)).result();
            return removed ? Reply{200, {}} : failure(removed.error());
        }
        if (path.size() == 2 && method == "GET") {
            const auto member = store->findMember(path.at(1)).result();
            return member
                ? Reply{200,
                        QJsonObject{{QStringLiteral("accountMember"),
                                     QJsonObject{{QStringLiteral("accountMember"), ApiJson::user(member.value())}}}}}
                : failure(member.error());
        }
    }
    if (path.value(0) == QLatin1String("invites")) {
        if (path.size() == 1 && method == "GET") {
            std::optional<InviteStatus> status;
            const QStringList statuses = request.query.allQueryItemValues(QStringLiteral("statuses"));
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
                    items.append(ApiJson::invite(invite, m_account.id));
            }
            return {200, QJsonObject{{QStringLiteral("items"), items}}};
        }
        if (path.size() == 1 && method == "POST") {
            QJsonParseError error;
            const QJsonObject body = QJsonDocument::fromJson(request.body, &error).object();
            if (error.error != QJsonParseError::NoError)
                return failure(usageError(tr("The request body is not valid JSON.")));
            const QJsonObject invite = body.value(QStringLiteral("accountInvite")).toObject();
            QStringList roles;
            for (const auto& role : invite.value(QStringLiteral("userRoleIds")).toArray())
                roles.append(role.toString());
            const auto created = store->invite({invite.value(QStringLiteral("userEmail")).toString()}, roles).result();
            return created ? Reply{200,
                                   QJsonObject{{QStringLiteral("accountInvite"),
                                                ApiJson::invite(created.value().sent.first(), m_account.id)}}}
                           : failure(created.error());
        }
        if (path.size() == 2 && method == "DELETE") {
            const auto revoked = store->revokeInvite(path.at(1)).result();
            return revoked ? Reply{200, {}} : failure(revoked.error());
        }
        if (path.size() == 2 && method == "GET") {
            const auto invite = store->findInvite(path.at(1)).result();
            return invite
                ? Reply{200,
                        QJsonObject{{QStringLiteral("accountInvite"), ApiJson::invite(invite.value(), m_account.id)}}}
                : failure(invite.error());
        }
        if (path.size() == 3 && method == "POST" && path.at(2) == QLatin1String("accept")) {
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
                accepted = ApiJson::invite(done, m_account.id);
            }
            return {200, QJsonObject{{QStringLiteral("invite"), accepted}}};
        }
        if (path.size() == 3 && method == "POST" && path.at(2) == QLatin1String("reject")) {
            const auto invite = store->rejectInvite(path.at(1)).result();
            return invite
                ? Reply{200, QJsonObject{{QStringLiteral("invite"), ApiJson::invite(invite.value(), m_account.id)}}}
                : failure(invite.error());
        }
    }
    return failure(notFound(tr("No such path.")));
}

ApiServer::Reply ApiServer::iamRoute(const HttpRequest& request, const QStringList& path, SqlStore* store) const
{
    const QByteArray& method = request.method;
    const auto roleDraft = [&](RoleDraft* draft) -> std::optional<Error> {
        QJsonParseError error;
        const QJsonObject body = QJsonDocument::fromJson(request.body, &error).object();
        if (error.error != QJsonParseError::NoError)
            return usageError(tr("The request body is not valid JSON."));
        const QJsonObject role = body.value(QStringLiteral("role")).toObject();
        draft->name = role.value(QStringLiteral("name")).toString();
        draft->description = role.value(QStringLiteral("description")).toString();
        for (const auto& permission : role.value(QStringLiteral("permissions")).toArray())
            draft->permissions.insert(permission.toObject().value(QStringLiteral("value")).toString());
        return std::nullopt;
    };
    if (path == QStringList{QStringLiteral("effective-permissions")} && method == "GET") {
        const auto permissions = store->effectivePermissions().result();
        if (!permissions)
            return failure(permissions.error());
        QJsonArray values;
        for (const auto& value : permissions.value())
            values.append(QJsonObject{{QStringLiteral("value"), value}});
        return {200, QJsonObject{{QStringLiteral("permissions"), values}}};
    }
    if (path == QStringList{QStringLiteral("permissions")} && method == "GET") {
        const auto catalogue = store->permissionCatalogue().result();
        if (!catalogue)
            return failure(catalogue.error());
        QJsonArray permissions;
        for (const auto& permission : catalogue.value())
            permissions.append(ApiJson::permission(permission));
        return {200, QJsonObject{{QStringLiteral("permissions"), permissions}}};
    }
    if (path.value(0) == QLatin1String("roles")) {
        if (path.size() == 1 && method == "GET") {
            const auto roles = store->listRoles().result();
            if (!roles)
                return failure(roles.error());
            QJsonArray items;
            for (const auto& role : roles.value())
                items.append(ApiJson::role(role, m_account.id));
            return {200, QJsonObject{{QStringLiteral("items"), items}}};
        }
        if (path.size() == 1 && method == "POST") {
            RoleDraft draft;
            if (auto error = roleDraft(&draft))
                return failure(*error);
            const auto role = store->createRole(draft).result();
            return role ? Reply{200, QJsonObject{{QStringLiteral("role"), ApiJson::role(role.value(), m_account.id)}}}
                        : failure(role.error());
        }
        if (path.size() == 2 && method == "GET") {
            const auto role = store->role(path.at(1)).result();
            return role ? Reply{200, QJsonObject{{QStringLiteral("role"), ApiJson::role(role.value(), m_account.id)}}}
                        : failure(role.error());
        }
        if (path.size() == 2 && method == "PUT") {
            RoleDraft draft;
            if (auto error = roleDraft(&draft))
                return failure(*error);
            const auto role = store->updateRole(path.at(1), draft).result();
            return role ? Reply{200, QJsonObject{{QStringLiteral("role"), ApiJson::role(role.value(), m_account.id)}}}
                        : failure(role.error());
        }
        if (path.size() == 2 && method == "DELETE") {
            const auto deleted = store->deleteRole(path.at(1)).result();
            return deleted ? Reply{200, {}} : failure(deleted.error());
        }
        if (path.size() == 3 && path.at(2) == QLatin1String("users") && method == "GET") {
            const auto members = store->roleMembers(path.at(1)).result();
            return members ? Reply{200, QJsonObject{{QStringLiteral("users"), usersJson(members.value())}}}
                           : failure(members.error());
        }
    }
    if (path.value(0) == QLatin1String("users") && path.size() == 3 && path.at(2) == QLatin1String("roles")) {
        if (method == "GET") {
            const auto member = store->findMember(path.at(1)).result();
            if (!member)
                return failure(member.error());
            const auto roles = store->listRoles().result();
            if (!roles)
                return failure(roles.error());
            QJsonArray held;
            for (const auto& role : roles.value()) {
                if (member.value().roleIds.contains(role.id))
                    held.append(ApiJson::role(role, m_account.id));
            }
            return {200, QJsonObject{{QStringLiteral("roles"), held}}};
        }
        if (method == "POST") {
            QJsonParseError error;
            const QJsonObject body = QJsonDocument::fromJson(request.body, &error).object();
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
