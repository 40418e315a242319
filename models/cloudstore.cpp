// Maps each store call onto the public API; loading User Management costs 5 requests plus one per role.
#include "cloudstore.h"

#include "accessrules.h"
#include "apijson.h"

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
        for (const auto& role : roles.value()) {
            if (role.id == idOrName || roleNameKey(role.name) == roleNameKey(idOrName))
                return role;
        }
        return notFound(tr("There is no role \"%1\".").arg(idOrName));
    });
}

QFuture<Result<QStringList>> CloudStore::resolveRoleIds(const QStringList& idsOrNames)
{
    if (idsOrNames.isEmpty())
        return ready<QStringList>(QStringList());
    return then(listRoles(), [idsOrNames](const Result<QList<Role>>& roles) -> Result<QStringList> {
        if (!roles)
            return roles.error();
        QStringList ids;
        QList<Role> chosen;
        for (const auto& wanted : idsOrNames) {
            const auto it = std::find_if(roles.value().cbegin(), roles.value().cend(), [&](const Role& role) {
                return role.id == wanted || roleNameKey(role.name) == roleNameKey(wanted);
            });
            if (it == roles.value().cend())
                return notFound(tr("There is no role \"%1\".").arg(wanted));
            chosen.append(*it);
        }
        // The same rules the local store applies, checked before anything is sent.
        if (auto verdict = AccessRules::checkInviteRoles(chosen); !verdict)
            return verdict;
        for (const auto& role : chosen)
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
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Result<Invite>>>();
    promise->start();
    auto future = promise->future();
    then(resolveInvite(inviteId), [self, promise](const Result<Invite>& invite) {
        if (!invite || !self) {
            promise->addResult(invite ? Result<Invite>(backendFailure(tr("The connection was closed."))) : invite);
            return promise->finish();
        }
        if (auto verdict = AccessRules::checkInviteTransition(invite.value(), InviteStatus::Canceled); !verdict) {
            promise->addResult(Result<Invite>(verdict.error()));
            return promise->finish();
        }
        then(self->m_client->send(
                 "DELETE", self->account(QStringLiteral("account")) + QStringLiteral("/invites/") + invite.value().id),
             [promise, invite](const Result<QJsonObject>& reply) {
                 Invite revoked = invite.value();
                 revoked.status = InviteStatus::Canceled;
                 promise->addResult(reply ? Result<Invite>(revoked) : Result<Invite>(reply.error()));
                 promise->finish();
             });
    });
    return future;
}

QFuture<Result<Member>> CloudStore::acceptInvite(const QString& inviteId)
{
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Result<Member>>>();
    promise->start();
    auto future = promise->future();
    then(resolveInvite(inviteId), [self, promise](const Result<Invite>& invite) {
        if (!invite || !self) {
            promise->addResult(
                Result<Member>(invite ? backendFailure(tr("The connection was closed.")) : invite.error()));
            return promise->finish();
        }
        then(self->m_client->send("POST",
                                  self->account(QStringLiteral("account")) + QStringLiteral("/invites/")
                                      + invite.value().id + QStringLiteral("/accept")),
             [self, promise, invite](const Result<QJsonObject>& reply) {
                 if (!reply || !self) {
                     promise->addResult(
                         Result<Member>(reply ? backendFailure(tr("The connection was closed.")) : reply.error()));
                     return promise->finish();
                 }
                 then(self->resolveMember(invite.value().email), [promise](const Result<Member>& member) {
                     promise->addResult(member);
                     promise->finish();
                 });
             });
    });
    return future;
}

QFuture<Result<Invite>> CloudStore::rejectInvite(const QString& inviteId)
{
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Result<Invite>>>();
    promise->start();
    auto future = promise->future();
    then(resolveInvite(inviteId), [self, promise](const Result<Invite>& invite) {
        if (!invite || !self) {
            promise->addResult(invite ? Result<Invite>(backendFailure(tr("The connection was closed."))) : invite);
            return promise->finish();
        }
        then(self->m_client->send("POST",
                                  self->account(QStringLiteral("account")) + QStringLiteral("/invites/")
                                      + invite.value().id + QStringLiteral("/reject")),
             [promise](const Result<QJsonObject>& reply) {
                 promise->addResult(mapOk<Invite>(reply, [](const QJsonObject& json) {
                     return ApiJson::parseInvite(json.value(QStringLiteral("invite")).toObject());
                 }));
                 promise->finish();
             });
    });
    return future;
}

QFuture<Result<Member>> CloudStore::updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                                      const QStringList& removeRoleIds)
{
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Result<Member>>>();
    promise->start();
    auto future = promise->future();
    const auto fail = [promise](const Error& error) {
        promise->addResult(Result<Member>(error));
        promise->finish();
    };
    then(resolveMember(memberId), [self, promise, fail, addRoleIds, removeRoleIds](const Result<Member>& member) {
        if (!member || !self)
            return fail(member ? backendFailure(tr("The connection was closed.")) : member.error());
        then(self->listRoles(),
             [self, promise, fail, member, addRoleIds, removeRoleIds](const Result<QList<Role>>& roles) {
                 if (!roles || !self)
                     return fail(roles ? backendFailure(tr("The connection was closed.")) : roles.error());
                 const auto pick = [&](const QStringList& wanted, QList<Role>* out) -> std::optional<Error> {
                     for (const auto& ref : wanted) {
                         const auto it =
                             std::find_if(roles.value().cbegin(), roles.value().cend(), [&](const Role& role) {
                                 return role.id == ref || roleNameKey(role.name) == roleNameKey(ref);
                             });
                         if (it == roles.value().cend())
                             return notFound(tr("There is no role \"%1\".").arg(ref));
                         out->append(*it);
                     }
                     return std::nullopt;
                 };
                 QList<Role> toAdd, toRemove;
                 if (auto error = pick(addRoleIds, &toAdd))
                     return fail(*error);
                 if (auto error = pick(removeRoleIds, &toRemove))
                     return fail(*error);
                 // The rules are checked here too, so nothing doomed is sent.
                 const auto change = AccessRules::planRoleChange(member.value(), toAdd, toRemove);
                 if (!change)
                     return fail(change.error());
                 if (change.value().isEmpty()) {
                     promise->addResult(member);
                     return promise->finish();
                 }
                 const QJsonObject body{
                     {QStringLiteral("roleIdsToAdd"), QJsonArray::fromStringList(change.value().add)},
                     {QStringLiteral("roleIdsToDelete"), QJsonArray::fromStringList(change.value().remove)}};
                 then(self->m_client->send("POST",
                                           self->account(QStringLiteral("iam")) + QStringLiteral("/users/")
                                               + member.value().id + QStringLiteral("/roles"),
                                           body),
                      [self, promise, fail, member](const Result<QJsonObject>& reply) {
                          if (!reply || !self)
                              return fail(reply ? backendFailure(tr("The connection was closed.")) : reply.error());
                          // Refresh only this member's roles.
                          then(self->memberWithRoles(member.value()), [promise](const Result<Member>& updated) {
                              promise->addResult(updated);
                              promise->finish();
                          });
                      });
             });
    });
    return future;
}

QFuture<Outcome> CloudStore::removeMember(const QString& memberId)
{
    if (const QString reason = capabilities().removeMemberUnavailableReason; !reason.isEmpty())
        return ready<Done>(permissionDenied(reason));
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Outcome>>();
    promise->start();
    auto future = promise->future();
    then(resolveMember(memberId), [self, promise, memberId](const Result<Member>& member) {
        if (!member || !self) {
            Error error = member ? backendFailure(tr("The connection was closed.")) : member.error();
            promise->addResult(Outcome(error));
            return promise->finish();
        }
        then(self->m_client->send(
                 "DELETE", self->account(QStringLiteral("account")) + QStringLiteral("/members/") + member.value().id),
             [promise](const Result<QJsonObject>& reply) {
                 promise->addResult(reply ? Outcome(Done{}) : Outcome(reply.error()));
                 promise->finish();
             });
    });
    return future;
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
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Result<Role>>>();
    promise->start();
    auto future = promise->future();
    then(resolveRole(roleId), [self, promise, draft](const Result<Role>& role) {
        if (!role || !self) {
            promise->addResult(role ? Result<Role>(backendFailure(tr("The connection was closed."))) : role);
            return promise->finish();
        }
        if (auto verdict = AccessRules::checkRoleMutable(role.value()); !verdict) {
            promise->addResult(Result<Role>(verdict.error()));
            return promise->finish();
        }
        then(self->m_client->send("PUT",
                                  self->account(QStringLiteral("iam")) + QStringLiteral("/roles/") + role.value().id,
                                  roleBody(self->m_client->options().accountId, draft, role.value().id)),
             [promise](const Result<QJsonObject>& reply) {
                 promise->addResult(mapOk<Role>(reply, [](const QJsonObject& json) {
                     return ApiJson::parseRole(json.value(QStringLiteral("role")).toObject());
                 }));
                 promise->finish();
             });
    });
    return future;
}

QFuture<Result<Role>> CloudStore::duplicateRole(const QString& roleId, const QString& newName)
{
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Result<Role>>>();
    promise->start();
    auto future = promise->future();
    then(listRoles(), [self, promise, roleId, newName](const Result<QList<Role>>& roles) {
        const auto finish = [&](Result<Role> result) {
            promise->addResult(std::move(result));
            promise->finish();
        };
        if (!roles || !self)
            return finish(roles ? backendFailure(tr("The connection was closed.")) : roles.error());
        const auto source = std::find_if(roles.value().cbegin(), roles.value().cend(), [&](const Role& role) {
            return role.id == roleId || roleNameKey(role.name) == roleNameKey(roleId);
        });
        if (source == roles.value().cend())
            return finish(notFound(tr("There is no role \"%1\".").arg(roleId)));
        QStringList taken;
        for (const auto& role : roles.value())
            taken.append(role.name);
        QString name = newName.trimmed();
        if (name.isEmpty()) {
            name = AccessRules::duplicateNameProposal(source->name);
            for (int n = 2; !AccessRules::checkRoleNameFree(name, taken); ++n)
                name = AccessRules::duplicateNameProposal(source->name) + QLatin1Char(' ') + QString::number(n);
        }
        if (auto verdict = AccessRules::checkRoleNameFree(name, taken); !verdict)
            return finish(verdict.error());
        const RoleDraft draft{name, source->description,
                              PermissionSet(source->permissions.cbegin(), source->permissions.cend())};
        then(self->createRole(draft), [promise](const Result<Role>& copy) {
            promise->addResult(copy);
            promise->finish();
        });
    });
    return future;
}

QFuture<Result<RoleUsage>> CloudStore::deleteRole(const QString& roleId)
{
    QPointer<CloudStore> self(this);
    auto promise = std::make_shared<QPromise<Result<RoleUsage>>>();
    promise->start();
    auto future = promise->future();
    then(roleDetails(roleId), [self, promise](const Result<RoleDetails>& details) {
        if (!details || !self) {
            promise->addResult(
                Result<RoleUsage>(details ? backendFailure(tr("The connection was closed.")) : details.error()));
            return promise->finish();
        }
        if (auto verdict = AccessRules::checkRoleMutable(details.value().role); !verdict) {
            promise->addResult(Result<RoleUsage>(verdict.error()));
            return promise->finish();
        }
        const RoleUsage usage{int(details.value().members.size()), int(details.value().pendingInvites.size())};
        then(self->m_client->send(
                 "DELETE", self->account(QStringLiteral("iam")) + QStringLiteral("/roles/") + details.value().role.id),
             [promise, usage](const Result<QJsonObject>& reply) {
                 promise->addResult(reply ? Result<RoleUsage>(usage) : Result<RoleUsage>(reply.error()));
                 promise->finish();
             });
    });
    return future;
}
