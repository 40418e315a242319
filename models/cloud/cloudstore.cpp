// Maps each store call onto the public API; loading User Management costs 5 requests plus one per role.
#include "cloudstore.h"

#include "accessrules.h"
#include "apijson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPromise>
#include <QUuid>

namespace {

template <typename T>
QFuture<Result<T>> ready(Result<T> value)
{
    QPromise<Result<T>> promise;
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return promise.future();
}

// Continues `future` with `next` in the thread that completes it (the network thread: ours).
template <typename T, typename Next>
auto then(QFuture<T> future, Next next)
{
    return future.then(QtFuture::Launch::Sync, std::move(next));
}

template <typename T, typename F>
Result<T> mapOk(const Result<QJsonObject>& reply, F convert)
{
    if (!reply)
        return reply.error();
    return convert(reply.value());
}

// When `first` succeeds, and the store still exists, continues with `next(value)`, whose future gives the
// overall result; a failure anywhere ends the chain with that error. One scaffold for every two-step call.
template <typename B, typename A, typename Next>
QFuture<Result<B>> chain(QPointer<QObject> alive, QFuture<Result<A>> first, Next next)
{
    auto promise = std::make_shared<QPromise<Result<B>>>();
    promise->start();
    auto future = promise->future();
    then(first, [alive, promise, next](const Result<A>& value) {
        const auto finish = [&](Result<B> result) {
            promise->addResult(std::move(result));
            promise->finish();
        };
        if (!value)
            return finish(value.error());
        if (!alive)
            return finish(backendFailure(QCoreApplication::translate("CloudStore", "The connection was closed.")));
        then(next(value.value()), [promise](const Result<B>& result) {
            promise->addResult(result);
            promise->finish();
        });
    });
    return future;
}

// The roles named by id or name, in the order asked; an unknown one is NotFound.
Result<QList<Role>> findRoles(const QList<Role>& roles, const QStringList& idsOrNames)
{
    QList<Role> found;
    for (const auto& wanted : idsOrNames) {
        const Role* role = findRole(roles, wanted);
        if (!role)
            return notFound(QCoreApplication::translate("CloudStore", "There is no role \"%1\".").arg(wanted));
        found.append(*role);
    }
    return found;
}

Result<QList<Role>> parseRoles(const QJsonArray& items)
{
    QList<Role> roles;
    for (const auto& item : items) {
        auto role = ApiJson::parseRole(item.toObject());
        if (!role)
            return role.error();
        roles.append(role.takeValue());
    }
    return roles;
}

Result<QList<Invite>> parseInvites(const QJsonArray& items)
{
    QList<Invite> invites;
    for (const auto& item : items) {
        auto invite = ApiJson::parseInvite(item.toObject());
        if (!invite)
            return invite.error();
        invites.append(invite.takeValue());
    }
    return invites;
}

QJsonObject roleBody(const QString& accountId, const RoleDraft& draft, const QString& id = {})
{
    QJsonArray permissions;
    for (const auto& value : AccessRules::withImpliedReads(draft.permissions, PermissionCatalogue::builtIn()))
        permissions.append(QJsonObject{{QStringLiteral("value"), value}});
    QJsonObject role{{QStringLiteral("accountId"), accountId},
                     {QStringLiteral("name"), draft.name.trimmed()},
                     {QStringLiteral("description"), draft.description.trimmed()},
                     {QStringLiteral("roleType"), QStringLiteral("ROLE_TYPE_CUSTOM")},
                     {QStringLiteral("permissions"), permissions}};
    if (!id.isEmpty())
        role.insert(QStringLiteral("id"), id);
    return QJsonObject{{QStringLiteral("role"), role}};
}

} // namespace

CloudStore::CloudStore(const CloudOptions& options, QObject* parent)
    : AccountStore(parent)
    , m_client(new CloudClient(options, this))
{
}

QString CloudStore::location() const
{
    return tr("Qdrant Cloud account %1 (%2)").arg(m_client->options().accountId, m_client->options().endpoint.host());
}

StoreCapabilities CloudStore::capabilities() const
{
    StoreCapabilities capabilities;
    if (m_client->options().credential.kind == CloudCredential::Kind::ManagementKey) {
        capabilities.inviteUnavailableReason =
            tr("Qdrant Cloud accepts invitations only from a signed-in user, not from a management key.");
        capabilities.removeMemberUnavailableReason =
            tr("Qdrant Cloud lets only a signed-in user remove members, not a management key.");
    }
    return capabilities;
}

QString CloudStore::account(const QString& service) const
{
    return QStringLiteral("/api/%1/v1/accounts/%2").arg(service, m_client->options().accountId);
}

QFuture<Result<AccountSnapshot>> CloudStore::loadAccount()
{
    // Stage 1, in parallel: who am I, what may I do, members, pending invites, roles.
    const bool user = m_client->options().credential.kind == CloudCredential::Kind::UserToken;
    QUrlQuery pending;
    pending.addQueryItem(QStringLiteral("statuses"), QStringLiteral("ACCOUNT_INVITE_STATUS_PENDING"));
    QList<QFuture<Result<QJsonObject>>> first{
        user ? m_client->get(QStringLiteral("/api/iam/v1/users/me")) : ready<QJsonObject>(QJsonObject()),
        m_client->get(account(QStringLiteral("iam")) + QStringLiteral("/effective-permissions")),
        m_client->get(account(QStringLiteral("account")) + QStringLiteral("/members")),
        m_client->get(account(QStringLiteral("account")) + QStringLiteral("/invites"), pending),
        m_client->get(account(QStringLiteral("iam")) + QStringLiteral("/roles")),
    };
    auto promise = std::make_shared<QPromise<Result<AccountSnapshot>>>();
    promise->start();
    auto future = promise->future();
    QPointer<CloudStore> self(this);
    then(QtFuture::whenAll(first.begin(), first.end()),
         [self, promise, user](const QList<QFuture<Result<QJsonObject>>>& replies) {
             const auto fail = [&](const Error& error) {
                 promise->addResult(Result<AccountSnapshot>(error));
                 promise->finish();
             };
             if (!self)
                 return fail(backendFailure(tr("The connection was closed.")));
             const auto me = replies.at(0).result();
             const auto permissions = replies.at(1).result();
             const auto members = replies.at(2).result();
             const auto invites = replies.at(3).result();
             const auto roles = replies.at(4).result();
             for (const auto* reply : {&me, &permissions}) {
                 if (!*reply)
                     return fail(reply->error());
             }
             AccountSnapshot snapshot;
             snapshot.account.id = self->m_client->options().accountId;
             snapshot.account.name = snapshot.account.id;
             for (const auto& permission : permissions.value().value(QStringLiteral("permissions")).toArray())
                 snapshot.actorPermissions.insert(permission.toObject().value(QStringLiteral("value")).toString());
             if (user) {
                 auto actor = ApiJson::parseUser(me.value().value(QStringLiteral("user")).toObject());
                 if (!actor)
                     return fail(actor.error());
                 snapshot.actor = actor.takeValue();
             } else {
                 snapshot.actor.email = tr("management key");
             }
             // A list the credential may not read is hidden, as on the local stores, not an error.
             const auto visible = [&](const Result<QJsonObject>& reply, bool* flag) -> std::optional<Error> {
                 *flag = reply.ok();
                 if (!reply && reply.error().code != ErrorCode::PermissionDenied)
                     return reply.error();
                 return std::nullopt;
             };
             for (auto [reply, flag] :
                  {std::pair{&members, &snapshot.membersVisible}, std::pair{&invites, &snapshot.invitesVisible},
                   std::pair{&roles, &snapshot.rolesVisible}}) {
                 if (auto error = visible(*reply, flag))
                     return fail(*error);
             }
             QHash<QString, qsizetype> index;
             QString ownerId;
             if (snapshot.membersVisible) {
                 for (const auto& item : members.value().value(QStringLiteral("items")).toArray()) {
                     auto member =
                         ApiJson::parseUser(item.toObject().value(QStringLiteral("accountMember")).toObject());
                     if (!member)
                         return fail(member.error());
                     if (item.toObject().value(QStringLiteral("isOwner")).toBool())
                         ownerId = member.value().id;
                     index.insert(member.value().id, snapshot.members.size());
                     snapshot.members.append(member.takeValue());
                 }
             }
             if (snapshot.invitesVisible) {
                 auto parsed = parseInvites(invites.value().value(QStringLiteral("items")).toArray());
                 if (!parsed)
                     return fail(parsed.error());
                 snapshot.pendingInvites = parsed.takeValue();
             }
             if (!snapshot.rolesVisible) {
                 promise->addResult(Result<AccountSnapshot>(snapshot));
                 return promise->finish();
             }
             auto parsedRoles = parseRoles(roles.value().value(QStringLiteral("items")).toArray());
             if (!parsedRoles)
                 return fail(parsedRoles.error());
             snapshot.roles = parsedRoles.takeValue();
             // Stage 2, in parallel: each role's users, the API's way to a user's roles without one call per user.
             QList<QFuture<Result<QJsonObject>>> second;
             for (const auto& role : std::as_const(snapshot.roles))
                 second.append(self->m_client->get(self->account(QStringLiteral("iam")) + QStringLiteral("/roles/")
                                                   + role.id + QStringLiteral("/users")));
             then(QtFuture::whenAll(second.begin(), second.end()),
                  [promise, snapshot, index, ownerId](const QList<QFuture<Result<QJsonObject>>>& users) mutable {
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
         });
    return future;
}

QFuture<Result<QList<Role>>> CloudStore::listRoles()
{
    return then(m_client->get(account(QStringLiteral("iam")) + QStringLiteral("/roles")),
                [](const Result<QJsonObject>& reply) -> Result<QList<Role>> {
                    if (!reply)
                        return reply.error();
                    return parseRoles(reply.value().value(QStringLiteral("items")).toArray());
                });
}

QFuture<Result<Role>> CloudStore::resolveRole(const QString& idOrName)
{
    return then(listRoles(), [idOrName](const Result<QList<Role>>& roles) -> Result<Role> {
        if (!roles)
            return roles.error();
        const auto found = findRoles(roles.value(), {idOrName});
        if (!found)
            return found.error();
        return found.value().first();
    });
}

QFuture<Result<QStringList>> CloudStore::resolveRoleIds(const QStringList& idsOrNames)
{
    if (idsOrNames.isEmpty())
        return ready<QStringList>(QStringList());
    return then(listRoles(), [idsOrNames](const Result<QList<Role>>& roles) -> Result<QStringList> {
        if (!roles)
            return roles.error();
        const auto chosen = findRoles(roles.value(), idsOrNames);
        if (!chosen)
            return chosen.error();
        // The same rules the local store applies, checked before anything is sent.
        if (auto verdict = AccessRules::checkInviteRoles(chosen.value()); !verdict)
            return verdict;
        QStringList ids;
        for (const auto& role : chosen.value())
            ids.append(role.id);
        return ids;
    });
}

QFuture<Result<QList<Member>>> CloudStore::members()
{
    return then(m_client->get(account(QStringLiteral("account")) + QStringLiteral("/members")),
                [](const Result<QJsonObject>& reply) -> Result<QList<Member>> {
                    if (!reply)
                        return reply.error();
                    QList<Member> members;
                    for (const auto& item : reply.value().value(QStringLiteral("items")).toArray()) {
                        auto member =
                            ApiJson::parseUser(item.toObject().value(QStringLiteral("accountMember")).toObject());
                        if (!member)
                            return member.error();
                        members.append(member.takeValue());
                    }
                    return members;
                });
}

QFuture<Result<Member>> CloudStore::memberWithRoles(const Member& member)
{
    return then(m_client->get(account(QStringLiteral("iam")) + QStringLiteral("/users/") + member.id
                              + QStringLiteral("/roles")),
                [member](const Result<QJsonObject>& reply) -> Result<Member> {
                    if (!reply)
                        return reply.error();
                    auto roles = parseRoles(reply.value().value(QStringLiteral("roles")).toArray());
                    if (!roles)
                        return roles.error();
                    Member updated = member;
                    updated.roleIds.clear();
                    for (const auto& role : roles.value())
                        updated.roleIds.append(role.id);
                    return updated;
                });
}

QFuture<Result<Member>> CloudStore::resolveMember(const QString& emailOrId)
{
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Result<Member>>>();
    promise->start();
    auto future = promise->future();
    then(members(), [self, promise, emailOrId](const Result<QList<Member>>& members) {
        const auto finish = [&](Result<Member> result) {
            promise->addResult(std::move(result));
            promise->finish();
        };
        if (!members)
            return finish(members.error());
        for (const auto& member : members.value()) {
            if (member.id == emailOrId || emailKey(member.email) == emailKey(emailOrId)) {
                if (!self)
                    return finish(backendFailure(tr("The connection was closed.")));
                then(self->memberWithRoles(member), [promise](const Result<Member>& full) {
                    promise->addResult(full);
                    promise->finish();
                });
                return;
            }
        }
        if (!self)
            return finish(backendFailure(tr("The connection was closed.")));
        // Not a member: a pending invitation is refused by the rules (revoke it), anything else is unknown.
        then(self->resolveInvite(emailOrId), [promise, emailOrId](const Result<Invite>& invite) {
            Error error = notFound(tr("%1 is not a member of this account.").arg(emailOrId));
            if (invite && invite.value().status == InviteStatus::Pending)
                error = AccessRules::checkRemovePendingInvite(invite.value()).error();
            promise->addResult(Result<Member>(error));
            promise->finish();
        });
    });
    return future;
}

QFuture<Result<Member>> CloudStore::findMember(const QString& emailOrId)
{
    return resolveMember(emailOrId);
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
                    return parseInvites(reply.value().value(QStringLiteral("items")).toArray());
                });
}

QFuture<Result<Invite>> CloudStore::resolveInvite(const QString& emailOrId)
{
    return then(listInvites(std::nullopt), [emailOrId](const Result<QList<Invite>>& invites) -> Result<Invite> {
        if (!invites)
            return invites.error();
        const Invite* best = nullptr;
        for (const auto& invite : invites.value()) {
            if (invite.id == emailOrId)
                return invite;
            if (emailKey(invite.email) != emailKey(emailOrId))
                continue;
            // The pending invite, else the newest.
            if (!best || (invite.status == InviteStatus::Pending && best->status != InviteStatus::Pending)
                || (invite.status == best->status && invite.createdAt > best->createdAt))
                best = &invite;
        }
        if (best)
            return *best;
        return notFound(tr("There is no invitation for %1.").arg(emailOrId));
    });
}

QFuture<Result<Invite>> CloudStore::findInvite(const QString& emailOrId)
{
    return resolveInvite(emailOrId);
}

QFuture<Result<RoleDetails>> CloudStore::roleDetails(const QString& roleId)
{
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Result<RoleDetails>>>();
    promise->start();
    auto future = promise->future();
    then(resolveRole(roleId), [self, promise](const Result<Role>& role) {
        if (!role || !self) {
            promise->addResult(
                Result<RoleDetails>(role ? backendFailure(tr("The connection was closed.")) : role.error()));
            return promise->finish();
        }
        QUrlQuery pending;
        pending.addQueryItem(QStringLiteral("statuses"), QStringLiteral("ACCOUNT_INVITE_STATUS_PENDING"));
        QList<QFuture<Result<QJsonObject>>> calls{
            self->m_client->get(self->account(QStringLiteral("iam")) + QStringLiteral("/roles/") + role.value().id
                                + QStringLiteral("/users")),
            self->m_client->get(self->account(QStringLiteral("account")) + QStringLiteral("/invites"), pending)};
        then(QtFuture::whenAll(calls.begin(), calls.end()),
             [promise, role](const QList<QFuture<Result<QJsonObject>>>& replies) {
                 RoleDetails details;
                 details.role = role.value();
                 const auto users = replies.at(0).result();
                 const auto invites = replies.at(1).result();
                 Error error = !users ? users.error() : Error{};
                 if (users) {
                     for (const auto& item : users.value().value(QStringLiteral("users")).toArray()) {
                         auto member = ApiJson::parseUser(item.toObject());
                         if (!member) {
                             error = member.error();
                             break;
                         }
                         details.members.append(member.takeValue());
                     }
                 }
                 if (invites) {
                     auto parsed = parseInvites(invites.value().value(QStringLiteral("items")).toArray());
                     if (parsed) {
                         for (const auto& invite : parsed.value()) {
                             if (invite.roleIds.contains(details.role.id) || details.role.system == SystemRole::Base)
                                 details.pendingInvites.append(invite);
                         }
                     }
                 }
                 promise->addResult(error.isError() ? Result<RoleDetails>(error) : Result<RoleDetails>(details));
                 promise->finish();
             });
    });
    return future;
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

QFuture<Result<QList<AuditEvent>>> CloudStore::auditLog(int)
{
    return ready<QList<AuditEvent>>(
        usageError(tr("The Qdrant Cloud API has no audit log; it is kept by local stores only.")));
}

QFuture<Result<RoleUsage>> CloudStore::roleUsage(const QString& roleId)
{
    return then(roleDetails(roleId), [](const Result<RoleDetails>& details) -> Result<RoleUsage> {
        if (!details)
            return details.error();
        return RoleUsage{int(details.value().members.size()), int(details.value().pendingInvites.size())};
    });
}

QFuture<Result<QList<Invite>>> CloudStore::invite(const QStringList& emails, const QStringList& roleIds)
{
    if (const QString reason = capabilities().inviteUnavailableReason; !reason.isEmpty())
        return ready<QList<Invite>>(permissionDenied(reason));
    if (auto verdict = AccessRules::checkInviteBatch(emails); !verdict)
        return ready<QList<Invite>>(verdict.error());
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Result<QList<Invite>>>>();
    promise->start();
    auto future = promise->future();
    then(resolveRoleIds(roleIds), [self, promise, emails](const Result<QStringList>& ids) {
        if (!ids || !self) {
            promise->addResult(
                Result<QList<Invite>>(ids ? backendFailure(tr("The connection was closed.")) : ids.error()));
            return promise->finish();
        }
        // The API takes one address per call: send them in turn and stop at the first refusal.
        auto created = std::make_shared<QList<Invite>>();
        auto next = std::make_shared<std::function<void(int)>>();
        *next = [self, promise, emails, ids = ids.value(), created, next](int i) {
            if (i == emails.size() || !self) {
                promise->addResult(Result<QList<Invite>>(*created));
                promise->finish();
                next->operator=(nullptr); // break the cycle
                return;
            }
            QJsonObject invite{{QStringLiteral("accountId"), self->m_client->options().accountId},
                               {QStringLiteral("userEmail"), emails.at(i).trimmed()},
                               {QStringLiteral("userRoleIds"), QJsonArray::fromStringList(ids)}};
            then(self->m_client->send("POST", self->account(QStringLiteral("account")) + QStringLiteral("/invites"),
                                      QJsonObject{{QStringLiteral("accountInvite"), invite}}),
                 [promise, created, next, i, emails](const Result<QJsonObject>& reply) {
                     auto parsed = mapOk<Invite>(reply, [](const QJsonObject& json) {
                         return ApiJson::parseInvite(json.value(QStringLiteral("accountInvite")).toObject());
                     });
                     if (!parsed) {
                         Error error = parsed.error();
                         if (!created->isEmpty())
                             error.message += QLatin1Char(' ')
                                 + tr("%n earlier address(es) in this batch were invited.", nullptr,
                                      int(created->size()));
                         promise->addResult(Result<QList<Invite>>(error));
                         promise->finish();
                         next->operator=(nullptr);
                         return;
                     }
                     created->append(parsed.takeValue());
                     (*next)(i + 1);
                 });
        };
        (*next)(0);
    });
    return future;
}

QFuture<Result<Invite>> CloudStore::revokeInvite(const QString& inviteId)
{
    return chain<Invite>(this, resolveInvite(inviteId), [this](const Invite& invite) {
        if (auto verdict = AccessRules::checkInviteTransition(invite, InviteStatus::Canceled); !verdict)
            return ready<Invite>(verdict.error());
        return chain<Invite>(
            this,
            m_client->send("DELETE", account(QStringLiteral("account")) + QStringLiteral("/invites/") + invite.id),
            [invite](const QJsonObject&) {
                Invite revoked = invite;
                revoked.status = InviteStatus::Canceled;
                return ready<Invite>(revoked);
            });
    });
}

QFuture<Result<Member>> CloudStore::acceptInvite(const QString& inviteId)
{
    return chain<Member>(this, resolveInvite(inviteId), [this](const Invite& invite) {
        return chain<Member>(this,
                             m_client->send("POST",
                                            account(QStringLiteral("account")) + QStringLiteral("/invites/") + invite.id
                                                + QStringLiteral("/accept")),
                             [this, invite](const QJsonObject&) { return resolveMember(invite.email); });
    });
}

QFuture<Result<Invite>> CloudStore::rejectInvite(const QString& inviteId)
{
    return chain<Invite>(this, resolveInvite(inviteId), [this](const Invite& invite) {
        return chain<Invite>(this,
                             m_client->send("POST",
                                            account(QStringLiteral("account")) + QStringLiteral("/invites/") + invite.id
                                                + QStringLiteral("/reject")),
                             [](const QJsonObject& json) {
                                 return ready<Invite>(
                                     ApiJson::parseInvite(json.value(QStringLiteral("invite")).toObject()));
                             });
    });
}

QFuture<Result<Member>> CloudStore::updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                                      const QStringList& removeRoleIds)
{
    return chain<Member>(this, resolveMember(memberId), [this, addRoleIds, removeRoleIds](const Member& member) {
        return chain<Member>(this, listRoles(), [this, member, addRoleIds, removeRoleIds](const QList<Role>& roles) {
            const auto toAdd = findRoles(roles, addRoleIds);
            const auto toRemove = findRoles(roles, removeRoleIds);
            if (!toAdd || !toRemove)
                return ready<Member>(!toAdd ? toAdd.error() : toRemove.error());
            // The rules are checked here too, so nothing doomed is sent.
            const auto change = AccessRules::planRoleChange(member, toAdd.value(), toRemove.value());
            if (!change)
                return ready<Member>(change.error());
            if (change.value().isEmpty())
                return ready<Member>(member);
            const QJsonObject body{
                {QStringLiteral("roleIdsToAdd"), QJsonArray::fromStringList(change.value().add)},
                {QStringLiteral("roleIdsToDelete"), QJsonArray::fromStringList(change.value().remove)}};
            // Then refresh only this member's roles.
            return chain<Member>(this,
                                 m_client->send("POST",
                                                account(QStringLiteral("iam")) + QStringLiteral("/users/") + member.id
                                                    + QStringLiteral("/roles"),
                                                body),
                                 [this, member](const QJsonObject&) { return memberWithRoles(member); });
        });
    });
}

QFuture<Outcome> CloudStore::removeMember(const QString& memberId)
{
    if (const QString reason = capabilities().removeMemberUnavailableReason; !reason.isEmpty())
        return ready<Done>(permissionDenied(reason));
    return chain<Done>(this, resolveMember(memberId), [this](const Member& member) {
        return chain<Done>(
            this,
            m_client->send("DELETE", account(QStringLiteral("account")) + QStringLiteral("/members/") + member.id),
            [](const QJsonObject&) { return ready<Done>(Done{}); });
    });
}

QFuture<Result<Role>> CloudStore::createRole(const RoleDraft& draft)
{
    if (auto verdict = AccessRules::checkRoleDraft(draft, PermissionCatalogue::builtIn()); !verdict)
        return ready<Role>(verdict.error());
    return then(m_client->send("POST", account(QStringLiteral("iam")) + QStringLiteral("/roles"),
                               roleBody(m_client->options().accountId, draft)),
                [](const Result<QJsonObject>& reply) {
                    return mapOk<Role>(reply, [](const QJsonObject& json) {
                        return ApiJson::parseRole(json.value(QStringLiteral("role")).toObject());
                    });
                });
}

QFuture<Result<Role>> CloudStore::updateRole(const QString& roleId, const RoleDraft& draft)
{
    if (auto verdict = AccessRules::checkRoleDraft(draft, PermissionCatalogue::builtIn()); !verdict)
        return ready<Role>(verdict.error());
    return chain<Role>(this, resolveRole(roleId), [this, draft](const Role& role) {
        if (auto verdict = AccessRules::checkRoleMutable(role); !verdict)
            return ready<Role>(verdict.error());
        return chain<Role>(this,
                           m_client->send("PUT", account(QStringLiteral("iam")) + QStringLiteral("/roles/") + role.id,
                                          roleBody(m_client->options().accountId, draft, role.id)),
                           [](const QJsonObject& json) {
                               return ready<Role>(ApiJson::parseRole(json.value(QStringLiteral("role")).toObject()));
                           });
    });
}

QFuture<Result<Role>> CloudStore::duplicateRole(const QString& roleId, const QString& newName)
{
    return chain<Role>(this, listRoles(), [this, roleId, newName](const QList<Role>& roles) {
        const auto source = findRoles(roles, {roleId});
        if (!source)
            return ready<Role>(source.error());
        const Role& original = source.value().first();
        QStringList taken;
        for (const auto& role : roles)
            taken.append(role.name);
        const QString name =
            newName.trimmed().isEmpty() ? AccessRules::freeDuplicateName(original.name, taken) : newName.trimmed();
        if (auto verdict = AccessRules::checkRoleNameFree(name, taken); !verdict)
            return ready<Role>(verdict.error());
        return createRole(
            {name, original.description, PermissionSet(original.permissions.cbegin(), original.permissions.cend())});
    });
}

QFuture<Result<RoleUsage>> CloudStore::deleteRole(const QString& roleId)
{
    return chain<RoleUsage>(this, roleDetails(roleId), [this](const RoleDetails& details) {
        if (auto verdict = AccessRules::checkRoleMutable(details.role); !verdict)
            return ready<RoleUsage>(verdict.error());
        const RoleUsage usage{int(details.members.size()), int(details.pendingInvites.size())};
        return chain<RoleUsage>(
            this,
            m_client->send("DELETE", account(QStringLiteral("iam")) + QStringLiteral("/roles/") + details.role.id),
            [usage](const QJsonObject&) { return ready<RoleUsage>(usage); });
    });
}
