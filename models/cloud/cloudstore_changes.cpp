// The cloud store's changes: each decided by AccessRules before it is sent, then sent once, never replayed.
#include "cloudstore.h"

#include "apijson.h"
#include "cloudstore_p.h"

#include <QJsonArray>

#include <functional>

using namespace CloudFuture;

QFuture<Result<InviteReport>> CloudStore::inviteEachNow(const QList<NewInvite>& invites,
                                                        std::shared_ptr<BulkControl> control)
{
    if (!control)
        control = std::make_shared<BulkControl>();
    control->total = int(invites.size());
    QPointer<CloudStore> self(this);
    return whenAllowed<InviteReport>(AccountAction::Invite, [self, invites, control](const ActorContext& actor) {
        QStringList emails;
        QStringList wanted;
        for (const auto& invite : invites) {
            emails.append(invite.email);
            for (const auto& role : invite.roleIds) {
                if (!wanted.contains(role))
                    wanted.append(role);
            }
        }
        if (auto verdict = AccessRules::checkInviteBatch(emails); !verdict)
            return ready<InviteReport>(verdict.error());
        return chain<InviteReport>(
            self, self->resolveRoles(wanted), [self, actor, invites, control](const QList<Role>& known) {
                // Each row's roles, judged before anything is sent: a refused role refuses the batch.
                QList<QStringList> ids;
                for (const auto& invite : invites) {
                    QList<Role> roles;
                    for (const auto& name : invite.roleIds)
                        roles.append(*findRole(known, name)); // resolveRoles found every one
                    if (auto verdict = AccessRules::canInviteWithRoles(actor, roles); !verdict)
                        return ready<InviteReport>(verdict.error());
                    ids.append(AccessRules::storedInviteRoles(roles));
                }
                // The API takes one address per call, so a batch is not atomic: every address is tried and reported,
                // four at a time, as a browser would.
                auto report = std::make_shared<InviteReport>();
                auto outcomes = std::make_shared<QList<std::optional<Result<Invite>>>>(invites.size());
                const auto start = [self, invites, ids](int i) -> QFuture<Result<Invite>> {
                    if (!self)
                        return ready<Invite>(closed());
                    return then(self->m_client->send(
                                    "POST", self->account(QStringLiteral("account")) + QStringLiteral("/invites"),
                                    ApiJson::createInviteBody(invites.at(i).email.trimmed(), ids.at(i))),
                                [](const Result<QJsonObject>& reply) -> Result<Invite> {
                                    if (!reply)
                                        return reply.error();
                                    return ApiJson::parseInvite(
                                        reply.value().value(QStringLiteral("accountInvite")).toObject());
                                });
                };
                const auto done = [outcomes, control](int i, const Result<Invite>& result) {
                    (*outcomes)[i] = result;
                    ++control->finished;
                };
                const auto stop = [control] {
                    return control->cancelled.load();
                };
                return then(runLimited<Invite>(int(invites.size()), MaxCallsInFlight, start, done, stop),
                            [invites, outcomes, report]() -> Result<InviteReport> {
                                // In the order asked, whatever order the answers came in.
                                for (int i = 0; i < invites.size(); ++i) {
                                    const auto& outcome = outcomes->at(i);
                                    if (!outcome)
                                        report->notSent.append(invites.at(i).email.trimmed());
                                    else if (*outcome)
                                        report->sent.append(outcome->value());
                                    else
                                        report->refused.append({invites.at(i).email.trimmed(), outcome->error()});
                                }
                                // One address that could not be sent is simply a refusal of the call.
                                if (invites.size() == 1 && !report->refused.isEmpty())
                                    return report->refused.first().error;
                                return *report;
                            });
            });
    });
}

QFuture<Result<Invite>> CloudStore::revokeInviteNow(const QString& inviteId)
{
    QPointer<CloudStore> self(this);
    return whenAllowed<Invite>(AccountAction::RevokeInvite, [self, inviteId](const ActorContext& actor) {
        return chain<Invite>(self, self->resolveInvite(inviteId), [self, actor](const Invite& invite) {
            if (auto verdict = AccessRules::canRevoke(actor, invite); !verdict)
                return ready<Invite>(verdict.error());
            return chain<Invite>(self,
                                 self->m_client->send("DELETE",
                                                      self->account(QStringLiteral("account"))
                                                          + QStringLiteral("/invites/") + invite.id),
                                 [invite](const QJsonObject&) {
                                     Invite revoked = invite;
                                     revoked.status = InviteStatus::Canceled;
                                     return ready<Invite>(revoked);
                                 });
        });
    });
}

QFuture<Result<QJsonObject>> CloudStore::answerInvite(const QString& inviteId, AccountAction answer)
{
    QPointer<CloudStore> self(this);
    return whenAllowed<QJsonObject>(answer, [self, inviteId, answer](const ActorContext& actor) {
        return chain<QJsonObject>(
            self, self->resolveAnsweredInvite(actor, inviteId), [self, actor, answer](const Invite& invite) {
                const Verdict verdict = answer == AccountAction::AcceptInvite ? AccessRules::canAccept(actor, invite)
                                                                              : AccessRules::canReject(actor, invite);
                if (!verdict)
                    return ready<QJsonObject>(verdict.error());
                const QString path = self->account(QStringLiteral("account")) + QStringLiteral("/invites/") + invite.id
                    + (answer == AccountAction::AcceptInvite ? QStringLiteral("/accept") : QStringLiteral("/reject"));
                return self->m_client->send("POST", path);
            });
    });
}

QFuture<Result<Member>> CloudStore::acceptInviteNow(const QString& inviteId)
{
    QPointer<CloudStore> self(this);
    return chain<Member>(self, answerInvite(inviteId, AccountAction::AcceptInvite), [self](const QJsonObject& reply) {
        // The invitee is a member now; who they are in the account comes from their own profile.
        self->m_actor.reset();
        const auto invite = ApiJson::parseInvite(reply.value(QStringLiteral("invite")).toObject());
        return then(self->m_client->get(QStringLiteral("/api/iam/v1/users/me")),
                    [invite](const Result<QJsonObject>& me) -> Result<Member> {
                        if (!me)
                            return me.error();
                        auto member = ApiJson::parseUser(me.value().value(QStringLiteral("user")).toObject());
                        if (member && invite)
                            member.value().roleIds = invite.value().roleIds;
                        return member;
                    });
    });
}

QFuture<Result<Invite>> CloudStore::rejectInviteNow(const QString& inviteId)
{
    return then(answerInvite(inviteId, AccountAction::RejectInvite),
                [](const Result<QJsonObject>& reply) -> Result<Invite> {
                    if (!reply)
                        return reply.error();
                    return ApiJson::parseInvite(reply.value().value(QStringLiteral("invite")).toObject());
                });
}

QFuture<Result<Member>> CloudStore::updateMemberRolesNow(const QString& memberId, const QStringList& addRoleIds,
                                                         const QStringList& removeRoleIds)
{
    QPointer<CloudStore> self(this);
    return whenAllowed<Member>(
        AccountAction::ChangeMemberRoles, [self, memberId, addRoleIds, removeRoleIds](const ActorContext& actor) {
            return chain<Member>(
                self, self->resolvePerson(memberId, true),
                [self, actor, addRoleIds, removeRoleIds](const Person& person) {
                    if (const auto* invite = std::get_if<Invite>(&person))
                        return ready<Member>(AccessRules::canChangeRoles(actor, *invite).error());
                    const Member member = std::get<Member>(person);
                    return chain<Member>(
                        self, self->resolveRoles(addRoleIds + removeRoleIds),
                        [self, actor, member, adding = int(addRoleIds.size())](const QList<Role>& roles) {
                            const auto change =
                                AccessRules::planRoleChange(actor, member, roles.mid(0, adding), roles.mid(adding));
                            if (!change)
                                return ready<Member>(change.error());
                            if (change.value().isEmpty())
                                return ready<Member>(member);
                            // Then refresh only this member's roles.
                            return chain<Member>(
                                self,
                                self->m_client->send(
                                    "POST",
                                    self->account(QStringLiteral("iam")) + QStringLiteral("/users/") + member.id
                                        + QStringLiteral("/roles"),
                                    ApiJson::assignRolesBody(change.value().add, change.value().remove)),
                                [self, member](const QJsonObject&) { return self->memberWithRoles(member); });
                        });
                });
        });
}

QFuture<Outcome> CloudStore::removeMemberNow(const QString& memberId)
{
    QPointer<CloudStore> self(this);
    return whenAllowed<Done>(AccountAction::RemoveMember, [self, memberId](const ActorContext& allowed) {
        return chain<Done>(self, self->resolvePerson(memberId, false), [self, allowed](const Person& person) {
            if (const auto* invite = std::get_if<Invite>(&person))
                return ready<Done>(AccessRules::canRemoveMember(allowed, *invite).error());
            const Member member = std::get<Member>(person);
            ActorContext actor = allowed;
            actor.ownerId = self->m_actor ? self->m_actor->ownerId : actor.ownerId; // as the members list said
            if (auto verdict = AccessRules::canRemoveMember(actor, member); !verdict)
                return ready<Done>(verdict.error());
            return chain<Done>(self,
                               self->m_client->send("DELETE",
                                                    self->account(QStringLiteral("account"))
                                                        + QStringLiteral("/members/") + member.id),
                               [](const QJsonObject&) { return ready<Done>(Done{}); });
        });
    });
}

QFuture<Result<Role>> CloudStore::sendRole(const QByteArray& method, const QString& path, const RoleDraft& draft)
{
    // The reads a write implies go with it, as the local stores store them.
    RoleDraft sent = draft;
    sent.permissions = AccessRules::withImpliedReads(draft.permissions, PermissionCatalogue::builtIn());
    return then(m_client->send(method, path, ApiJson::roleBody(sent)),
                [](const Result<QJsonObject>& reply) -> Result<Role> {
                    if (!reply)
                        return reply.error();
                    return ApiJson::parseRole(reply.value().value(QStringLiteral("role")).toObject());
                });
}

QFuture<Result<Role>> CloudStore::createRoleNow(const RoleDraft& draft)
{
    QPointer<CloudStore> self(this);
    return whenAllowed<Role>(AccountAction::EditRole, [self, draft](const ActorContext& actor) {
        return chain<Role>(self, self->listRoles(), [self, actor, draft](const QList<Role>& roles) {
            if (auto verdict = AccessRules::canCreateRole(actor, draft, roles); !verdict)
                return ready<Role>(verdict.error());
            return self->sendRole("POST", self->account(QStringLiteral("iam")) + QStringLiteral("/roles"), draft);
        });
    });
}

QFuture<Result<Role>> CloudStore::updateRoleNow(const QString& roleId, const RoleDraft& draft)
{
    QPointer<CloudStore> self(this);
    return whenAllowed<Role>(AccountAction::EditRole, [self, roleId, draft](const ActorContext& actor) {
        return chain<Role>(self, self->listRoles(), [self, actor, roleId, draft](const QList<Role>& roles) {
            const Role* role = findRole(roles, roleId);
            if (!role)
                return ready<Role>(notFound(tr("There is no role \"%1\".").arg(roleId)));
            if (auto verdict = AccessRules::canUpdateRole(actor, *role, draft, roles); !verdict)
                return ready<Role>(verdict.error());
            return self->sendRole("PUT", self->account(QStringLiteral("iam")) + QStringLiteral("/roles/") + role->id,
                                  draft);
        });
    });
}

QFuture<Result<Role>> CloudStore::duplicateRoleNow(const QString& roleId, const QString& newName)
{
    QPointer<CloudStore> self(this);
    return whenAllowed<Role>(AccountAction::EditRole, [self, roleId, newName](const ActorContext& actor) {
        return chain<Role>(self, self->listRoles(), [self, actor, roleId, newName](const QList<Role>& roles) {
            const Role* source = findRole(roles, roleId);
            if (!source)
                return ready<Role>(notFound(tr("There is no role \"%1\".").arg(roleId)));
            const QString name = newName.trimmed().isEmpty()
                ? AccessRules::freeDuplicateName(source->name, AccessRules::takenNames(roles))
                : newName.trimmed();
            if (auto verdict = AccessRules::canDuplicateRole(actor, *source, name, roles); !verdict)
                return ready<Role>(verdict.error());
            return self->createRole(
                {name, source->description, PermissionSet(source->permissions.cbegin(), source->permissions.cend())});
        });
    });
}

QFuture<Result<RoleUsage>> CloudStore::deleteRoleNow(const QString& roleId)
{
    QPointer<CloudStore> self(this);
    return whenAllowed<RoleUsage>(AccountAction::DeleteRole, [self, roleId](const ActorContext& actor) {
        return chain<RoleUsage>(self, self->roleDetails(roleId), [self, actor](const RoleDetails& details) {
            if (auto verdict = AccessRules::canDeleteRole(actor, details.role); !verdict)
                return ready<RoleUsage>(verdict.error());
            const RoleUsage usage{int(details.members.size()), int(details.pendingInvites.size())};
            return chain<RoleUsage>(self,
                                    self->m_client->send("DELETE",
                                                         self->account(QStringLiteral("iam"))
                                                             + QStringLiteral("/roles/") + details.role.id),
                                    [usage](const QJsonObject&) { return ready<RoleUsage>(usage); });
        });
    });
}
