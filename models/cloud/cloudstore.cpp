// The cloud store's reads: loading User Management costs 5 requests plus one per role, never one per user.
#include "cloudstore.h"

#include "apijson.h"
#include "cloudfuture.h"

#include <QJsonArray>

using namespace CloudFuture;

namespace {

QUrlQuery pendingOnly()
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("statuses"), ApiJson::inviteStatusEnum(InviteStatus::Pending));
    return query;
}

Result<QList<Role>> parseRoles(const QJsonObject& reply, const QString& field = QStringLiteral("items"))
{
    return parseAll<Role>(reply.value(field).toArray(), ApiJson::parseRole);
}

Result<QList<Invite>> parseInvites(const QJsonObject& reply)
{
    return parseAll<Invite>(reply.value(QStringLiteral("items")).toArray(), ApiJson::parseInvite);
}

PermissionSet parsePermissions(const QJsonObject& reply)
{
    PermissionSet permissions;
    for (const auto& permission : reply.value(QStringLiteral("permissions")).toArray())
        permissions.insert(permission.toObject().value(QStringLiteral("value")).toString());
    return permissions;
}

// The roles named by id or name, in the order asked; an unknown one is NotFound.
Result<QList<Role>> findRoles(const QList<Role>& roles, const QStringList& idsOrNames)
{
    QList<Role> found;
    for (const auto& wanted : idsOrNames) {
        const Role* role = findRole(roles, wanted);
        if (!role)
            return notFound(CloudStore::tr("There is no role \"%1\".").arg(wanted));
        found.append(*role);
    }
    return found;
}

} // namespace

CloudStore::CloudStore(const CloudOptions& options, QObject* parent)
    : AccountStore(parent)
    , m_client(new CloudClient(options, this))
    , m_journal(options.journalPath.isEmpty() ? CloudJournal::defaultPath(options.endpoint, options.accountId)
                                              : options.journalPath)
{
}

QString CloudStore::location() const
{
    return tr("Qdrant Cloud account %1 (%2)").arg(m_client->options().accountId, m_client->options().endpoint.host());
}

BackendCapabilities CloudStore::capabilities() const
{
    BackendCapabilities capabilities;
    capabilities.signedInUser = m_client->options().credential.kind == CloudCredential::Kind::UserToken;
    capabilities.atomicBatches = false;
    capabilities.auditLog = false;
    capabilities.renewsInvites = false;
    capabilities.invitesExpire = false;
    return capabilities;
}

QFuture<Result<Account>> CloudStore::setInviteLifetime(int days)
{
    // The API has no invitation lifetime: the rules refuse on the capability alone, before any request.
    ActorContext offline;
    offline.backend = capabilities();
    const Verdict verdict = AccessRules::canSetInviteLifetime(offline, days);
    Q_ASSERT(!verdict);
    return CloudFuture::ready<Account>(verdict.error());
}

QString CloudStore::account(const QString& service) const
{
    return QStringLiteral("/api/%1/v1/accounts/%2").arg(service, m_client->options().accountId);
}

QFuture<Result<ActorContext>> CloudStore::actorContext()
{
    if (m_actor)
        return ready<ActorContext>(*m_actor);
    const bool user = capabilities().signedInUser;
    QList<QFuture<Result<QJsonObject>>> calls{
        m_client->get(account(QStringLiteral("iam")) + QStringLiteral("/effective-permissions")),
        user ? m_client->get(QStringLiteral("/api/iam/v1/users/me")) : ready<QJsonObject>(QJsonObject()),
    };
    QPointer<CloudStore> self(this);
    return then(QtFuture::whenAll(calls.begin(), calls.end()),
                [self, user](const QList<QFuture<Result<QJsonObject>>>& replies) -> Result<ActorContext> {
                    if (!self)
                        return closed();
                    const auto permissions = replies.at(0).result();
                    const auto me = replies.at(1).result();
                    if (!me)
                        return me.error();
                    ActorContext actor;
                    actor.backend = self->capabilities();
                    // Someone who is not (yet) a member holds no permission in the account: an invitee, say.
                    if (permissions)
                        actor.permissions = parsePermissions(permissions.value());
                    else if (permissions.error().code != ErrorCode::PermissionDenied
                             && permissions.error().code != ErrorCode::NotFound)
                        return permissions.error();
                    if (user) {
                        auto who = ApiJson::parseUser(me.value().value(QStringLiteral("user")).toObject());
                        if (!who)
                            return who.error();
                        actor.actorEmail = who.value().email;
                        // Base gives every member read:profile; no permission at all means no membership.
                        if (!actor.permissions.isEmpty())
                            actor.actorId = who.value().id;
                    }
                    if (self->m_actor)
                        actor.ownerId = self->m_actor->ownerId;
                    self->m_actor = actor;
                    return actor;
                });
}

QFuture<Result<AccountSnapshot>> CloudStore::loadAccount()
{
    // Stage 1, in parallel: who am I and what may I do, members, pending invites, roles.
    m_actor.reset();
    QList<QFuture<Result<QJsonObject>>> lists{
        m_client->get(account(QStringLiteral("account")) + QStringLiteral("/members")),
        m_client->get(account(QStringLiteral("account")) + QStringLiteral("/invites"), pendingOnly()),
        m_client->get(account(QStringLiteral("iam")) + QStringLiteral("/roles")),
    };
    auto actor = actorContext();
    auto promise = std::make_shared<QPromise<Result<AccountSnapshot>>>();
    promise->start();
    auto future = promise->future();
    QPointer<CloudStore> self(this);
    auto listed = QtFuture::whenAll(lists.begin(), lists.end());
    then(actor, [self, promise, listed](const Result<ActorContext>& actor) {
        if (!actor) {
            promise->addResult(Result<AccountSnapshot>(actor.error()));
            return promise->finish();
        }
        then(listed, [self, promise, actor](const QList<QFuture<Result<QJsonObject>>>& replies) {
            loadAccountLists(self, promise, actor.value(), replies);
        });
    });
    return future;
}

void CloudStore::loadAccountLists(QPointer<CloudStore> self, std::shared_ptr<QPromise<Result<AccountSnapshot>>> promise,
                                  const ActorContext& actor, const QList<QFuture<Result<QJsonObject>>>& replies)
{
    const auto fail = [&](const Error& error) {
        promise->addResult(Result<AccountSnapshot>(error));
        promise->finish();
    };
    if (!self)
        return fail(closed());
    AccountSnapshot snapshot;
    snapshot.account.id = snapshot.account.name = self->m_client->options().accountId;
    snapshot.actorPermissions = actor.permissions;
    snapshot.actor.id = actor.actorId;
    snapshot.actor.email = actor.backend.signedInUser ? actor.actorEmail : tr("management key");
    const auto members = replies.at(0).result();
    const auto invites = replies.at(1).result();
    const auto roles = replies.at(2).result();
    // A list the credential may not read is hidden, as on the local stores, not an error.
    for (auto [reply, flag] :
         {std::pair{&members, &snapshot.membersVisible}, std::pair{&invites, &snapshot.invitesVisible},
          std::pair{&roles, &snapshot.rolesVisible}}) {
        *flag = reply->ok();
        if (!*reply && reply->error().code != ErrorCode::PermissionDenied)
            return fail(reply->error());
    }
    QHash<QString, qsizetype> index;
    if (snapshot.membersVisible) {
        for (const auto& item : members.value().value(QStringLiteral("items")).toArray()) {
            auto member = ApiJson::parseUser(item.toObject().value(QStringLiteral("accountMember")).toObject());
            if (!member)
                return fail(member.error());
            if (item.toObject().value(QStringLiteral("isOwner")).toBool())
                snapshot.ownerId = member.value().id;
            index.insert(member.value().id, snapshot.members.size());
            snapshot.members.append(member.takeValue());
        }
        self->m_actor->ownerId = snapshot.ownerId;
    }
    if (snapshot.invitesVisible) {
        auto parsed = parseInvites(invites.value());
        if (!parsed)
            return fail(parsed.error());
        snapshot.pendingInvites = parsed.takeValue();
    }
    if (!snapshot.rolesVisible) {
        promise->addResult(Result<AccountSnapshot>(snapshot));
        return promise->finish();
    }
    auto parsedRoles = parseRoles(roles.value());
    if (!parsedRoles)
        return fail(parsedRoles.error());
    snapshot.roles = parsedRoles.takeValue();
    // Stage 2, in parallel: each role's users, the API's way to a user's roles without one call per user.
    QList<QFuture<Result<QJsonObject>>> second;
    for (const auto& role : std::as_const(snapshot.roles))
        second.append(self->m_client->get(self->account(QStringLiteral("iam")) + QStringLiteral("/roles/") + role.id
                                          + QStringLiteral("/users")));
    then(QtFuture::whenAll(second.begin(), second.end()),
         [promise, snapshot, index](const QList<QFuture<Result<QJsonObject>>>& users) mutable {
             for (int i = 0; i < users.size(); ++i) {
                 const auto reply = users.at(i).result();
                 if (!reply) {
                     promise->addResult(Result<AccountSnapshot>(reply.error()));
                     return promise->finish();
                 }
                 const QString roleId = snapshot.roles.at(i).id;
                 for (const auto& user : reply.value().value(QStringLiteral("users")).toArray()) {
                     const QString userId = user.toObject().value(QStringLiteral("id")).toString();
                     const auto it = index.constFind(userId);
                     if (it != index.constEnd())
                         snapshot.members[*it].roleIds.append(roleId);
                     if (userId == snapshot.actor.id)
                         snapshot.actor.roleIds.append(roleId);
                 }
             }
             promise->addResult(Result<AccountSnapshot>(snapshot));
             promise->finish();
         });
}

QFuture<Result<QList<Role>>> CloudStore::listRoles()
{
    return then(m_client->get(account(QStringLiteral("iam")) + QStringLiteral("/roles")),
                [](const Result<QJsonObject>& reply) -> Result<QList<Role>> {
                    if (!reply)
                        return reply.error();
                    return parseRoles(reply.value());
                });
}

QFuture<Result<QList<Role>>> CloudStore::resolveRoles(const QStringList& idsOrNames)
{
    if (idsOrNames.isEmpty())
        return ready<QList<Role>>(QList<Role>());
    return then(listRoles(), [idsOrNames](const Result<QList<Role>>& roles) -> Result<QList<Role>> {
        if (!roles)
            return roles.error();
        return findRoles(roles.value(), idsOrNames);
    });
}

QFuture<Result<Role>> CloudStore::resolveRole(const QString& idOrName)
{
    return then(resolveRoles({idOrName}), [](const Result<QList<Role>>& roles) -> Result<Role> {
        if (!roles)
            return roles.error();
        return roles.value().first();
    });
}

QFuture<Result<CloudStore::MemberList>> CloudStore::members()
{
    QPointer<CloudStore> self(this);
    return then(m_client->get(account(QStringLiteral("account")) + QStringLiteral("/members")),
                [self](const Result<QJsonObject>& reply) -> Result<MemberList> {
                    if (!reply)
                        return reply.error();
                    MemberList list;
                    for (const auto& item : reply.value().value(QStringLiteral("items")).toArray()) {
                        auto member =
                            ApiJson::parseUser(item.toObject().value(QStringLiteral("accountMember")).toObject());
                        if (!member)
                            return member.error();
                        if (item.toObject().value(QStringLiteral("isOwner")).toBool())
                            list.ownerId = member.value().id;
                        list.members.append(member.takeValue());
                    }
                    if (self && self->m_actor)
                        self->m_actor->ownerId = list.ownerId;
                    return list;
                });
}

QFuture<Result<Member>> CloudStore::memberWithRoles(const Member& member)
{
    return then(m_client->get(account(QStringLiteral("iam")) + QStringLiteral("/users/") + member.id
                              + QStringLiteral("/roles")),
                [member](const Result<QJsonObject>& reply) -> Result<Member> {
                    if (!reply)
                        return reply.error();
                    auto roles = parseRoles(reply.value(), QStringLiteral("roles"));
                    if (!roles)
                        return roles.error();
                    Member updated = member;
                    updated.roleIds.clear();
                    for (const auto& role : roles.value())
                        updated.roleIds.append(role.id);
                    return updated;
                });
}

QFuture<Result<CloudStore::Person>> CloudStore::resolvePerson(const QString& emailOrId, bool withRoles)
{
    QPointer<CloudStore> self(this);
    return chain<Person>(self, members(), [self, emailOrId, withRoles](const MemberList& list) {
        for (const auto& member : list.members) {
            if (member.id != emailOrId && emailKey(member.email) != emailKey(emailOrId))
                continue;
            if (!withRoles)
                return ready<Person>(Person(member));
            return chain<Person>(self, self->memberWithRoles(member),
                                 [](const Member& full) { return ready<Person>(Person(full)); });
        }
        // Not a member: a pending invitation is for the rules to judge; anything else is unknown.
        return then(self->resolveInvite(emailOrId), [emailOrId](const Result<Invite>& invite) -> Result<Person> {
            if (invite && invite.value().status == InviteStatus::Pending)
                return Person(invite.value());
            return notFound(tr("%1 is not a member of this account.").arg(emailOrId));
        });
    });
}

QFuture<Result<Member>> CloudStore::findMember(const QString& emailOrId)
{
    return then(resolvePerson(emailOrId, true), [](const Result<Person>& person) -> Result<Member> {
        if (!person)
            return person.error();
        if (const auto* member = std::get_if<Member>(&person.value()))
            return *member;
        return AccessRules::notYetAMember(std::get<Invite>(person.value())).error();
    });
}

QFuture<Result<QList<Invite>>> CloudStore::listInvites(std::optional<InviteStatus> status)
{
    QUrlQuery query;
    if (status)
        query.addQueryItem(QStringLiteral("statuses"), ApiJson::inviteStatusEnum(*status));
    return then(m_client->get(account(QStringLiteral("account")) + QStringLiteral("/invites"), query),
                [](const Result<QJsonObject>& reply) -> Result<QList<Invite>> {
                    if (!reply)
                        return reply.error();
                    return parseInvites(reply.value());
                });
}

QFuture<Result<QList<Invite>>> CloudStore::receivedInvites()
{
    const QString accountId = m_client->options().accountId;
    return then(m_client->get(QStringLiteral("/api/account/v1/self/invites")),
                [accountId](const Result<QJsonObject>& reply) -> Result<QList<Invite>> {
                    if (!reply)
                        return reply.error();
                    QList<Invite> mine;
                    for (const auto& item : reply.value().value(QStringLiteral("items")).toArray()) {
                        // The list covers every account; this store is one of them.
                        const QString forAccount = item.toObject().value(QStringLiteral("accountId")).toString();
                        if (!forAccount.isEmpty() && forAccount != accountId)
                            continue;
                        auto invite = ApiJson::parseInvite(item.toObject());
                        if (!invite)
                            return invite.error();
                        mine.append(invite.takeValue());
                    }
                    return mine;
                });
}

// The invite with that id, or the address's pending invite, else its newest one.
static Result<Invite> pickInvite(const QList<Invite>& invites, const QString& emailOrId)
{
    const Invite* best = nullptr;
    for (const auto& invite : invites) {
        if (invite.id == emailOrId)
            return invite;
        if (emailKey(invite.email) != emailKey(emailOrId))
            continue;
        if (!best || (invite.status == InviteStatus::Pending && best->status != InviteStatus::Pending)
            || (invite.status == best->status && invite.createdAt > best->createdAt))
            best = &invite;
    }
    if (best)
        return *best;
    return notFound(CloudStore::tr("There is no invitation for %1.").arg(emailOrId));
}

QFuture<Result<Invite>> CloudStore::resolveInvite(const QString& emailOrId)
{
    return then(listInvites(std::nullopt), [emailOrId](const Result<QList<Invite>>& invites) -> Result<Invite> {
        if (!invites)
            return invites.error();
        return pickInvite(invites.value(), emailOrId);
    });
}

QFuture<Result<Invite>> CloudStore::resolveAnsweredInvite(const ActorContext& actor, const QString& emailOrId)
{
    // Someone who may read the account's invitations finds any, so the rules can say whose it is.
    if (AccessRules::checkPermission(actor.permissions, AccountAction::SeeInvites))
        return resolveInvite(emailOrId);
    return then(receivedInvites(), [emailOrId](const Result<QList<Invite>>& invites) -> Result<Invite> {
        if (!invites)
            return invites.error();
        return pickInvite(invites.value(), emailOrId);
    });
}

QFuture<Result<Invite>> CloudStore::findInvite(const QString& emailOrId)
{
    return resolveInvite(emailOrId);
}

QFuture<Result<RoleDetails>> CloudStore::roleDetails(const QString& roleId)
{
    QPointer<CloudStore> self(this);
    return chain<RoleDetails>(self, resolveRole(roleId), [self](const Role& role) {
        QList<QFuture<Result<QJsonObject>>> calls{
            self->m_client->get(self->account(QStringLiteral("iam")) + QStringLiteral("/roles/") + role.id
                                + QStringLiteral("/users")),
            self->m_client->get(self->account(QStringLiteral("account")) + QStringLiteral("/invites"), pendingOnly())};
        return then(QtFuture::whenAll(calls.begin(), calls.end()),
                    [role](const QList<QFuture<Result<QJsonObject>>>& replies) -> Result<RoleDetails> {
                        RoleDetails details;
                        details.role = role;
                        const auto users = replies.at(0).result();
                        if (!users)
                            return users.error();
                        auto members = parseAll<Member>(users.value().value(QStringLiteral("users")).toArray(),
                                                        ApiJson::parseUser);
                        if (!members)
                            return members.error();
                        details.members = members.takeValue();
                        // Invitations are shown to those who may read them; without, the tab lists members only.
                        if (const auto invites = replies.at(1).result(); invites) {
                            auto parsed = parseInvites(invites.value());
                            if (!parsed)
                                return parsed.error();
                            for (const auto& invite : parsed.value()) {
                                if (holdsRole(invite.roleIds, role))
                                    details.pendingInvites.append(invite);
                            }
                        }
                        return details;
                    });
    });
}

QFuture<Result<QList<Permission>>> CloudStore::permissionCatalogue()
{
    return then(m_client->get(account(QStringLiteral("iam")) + QStringLiteral("/permissions")),
                [](const Result<QJsonObject>& reply) -> Result<QList<Permission>> {
                    if (!reply)
                        return reply.error();
                    QList<Permission> permissions;
                    const auto& catalogue = PermissionCatalogue::builtIn();
                    for (const auto& item : reply.value().value(QStringLiteral("permissions")).toArray()) {
                        Permission permission{item.toObject().value(QStringLiteral("value")).toString(),
                                              item.toObject().value(QStringLiteral("category")).toString(),
                                              {}};
                        if (const Permission* known = catalogue.find(permission.value))
                            permission.description = known->description;
                        permissions.append(permission);
                    }
                    return permissions;
                });
}

QFuture<Result<RoleUsage>> CloudStore::roleUsage(const QString& roleId)
{
    return then(roleDetails(roleId), [](const Result<RoleDetails>& details) -> Result<RoleUsage> {
        if (!details)
            return details.error();
        return RoleUsage{int(details.value().members.size()), int(details.value().pendingInvites.size())};
    });
}
