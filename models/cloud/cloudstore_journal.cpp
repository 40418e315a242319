// Every change made through the cloud store, journaled with its outcome: the Audit log page of a cloud account
// shows these, since the API exposes no events. Bulk changes are journaled person by person, as they are sent.
#include "cloudstore.h"

#include "cloudstore_p.h"

#include <QUuid>

namespace {

QString joined(const QStringList& parts)
{
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString CloudStore::outcomeOf(const Error& error)
{
    // Stored data, in one language: "refused" when the rules or the server said no, "failed" when it never got there.
    return (error.code == ErrorCode::Backend ? QStringLiteral("failed: ") : QStringLiteral("refused: "))
        + error.message;
}

void CloudStore::record(const QString& action, const QString& target, const QString& outcome)
{
    QString actor;
    if (m_actor)
        actor = m_actor->actorEmail.isEmpty() ? QStringLiteral("management key") : m_actor->actorEmail;
    // Strictly increasing times, so that the journal's newest-first order is the order things were done in.
    QDateTime at = Clock::now();
    if (m_lastJournalAt.isValid() && at <= m_lastJournalAt)
        at = m_lastJournalAt.addMSecs(1);
    m_lastJournalAt = at;
    m_journal.record({QUuid::createUuid().toString(QUuid::WithoutBraces), at, actor, action, target, outcome});
}

QFuture<Result<QList<AuditEvent>>> CloudStore::auditLog(const AuditQuery& query)
{
    // The API has no audit log: what this computer changed, from the local journal.
    return CloudFuture::ready<QList<AuditEvent>>(m_journal.read(query));
}

QFuture<Result<InviteReport>> CloudStore::inviteEach(const QList<NewInvite>& invites,
                                                     std::shared_ptr<BulkControl> control)
{
    QPointer<CloudStore> self(this);
    QStringList emails;
    for (const auto& invite : invites)
        emails.append(invite.email);
    return inviteEachNow(invites, control).then(this, [self, emails](Result<InviteReport> result) {
        if (!self)
            return result;
        if (!result) {
            self->record(QStringLiteral("invite.create"), joined(emails), outcomeOf(result.error()));
            return result;
        }
        for (const auto& invite : result.value().sent)
            self->record(QStringLiteral("invite.create"), invite.email, QStringLiteral("done"));
        for (const auto& refusal : result.value().refused)
            self->record(QStringLiteral("invite.create"), refusal.email, outcomeOf(refusal.error));
        for (const auto& email : result.value().notSent)
            self->record(QStringLiteral("invite.create"), email, QStringLiteral("not sent: cancelled"));
        return result;
    });
}

QFuture<Result<BulkReport>> CloudStore::applyBulk(const BulkChange& change, std::shared_ptr<BulkControl> control)
{
    static const QHash<BulkChange::Kind, QString> actions = {
        {BulkChange::Kind::Remove, QStringLiteral("member.remove")},
        {BulkChange::Kind::Revoke, QStringLiteral("invite.revoke")},
        {BulkChange::Kind::Resend, QStringLiteral("invite.resend")},
        {BulkChange::Kind::ChangeRoles, QStringLiteral("member.roles")},
    };
    const QString action = actions.value(change.kind);
    QPointer<CloudStore> self(this);
    const QStringList targets = change.targets;
    return applyBulkNow(change, control).then(this, [self, action, targets](Result<BulkReport> result) {
        if (!self)
            return result;
        if (!result) {
            self->record(action, joined(targets), outcomeOf(result.error()));
            return result;
        }
        for (const auto& email : result.value().done)
            self->record(action, email, QStringLiteral("done"));
        for (const auto& refusal : result.value().refused)
            self->record(action, refusal.email, outcomeOf(refusal.error));
        for (const auto& email : result.value().notSent)
            self->record(action, email, QStringLiteral("not sent: cancelled"));
        return result;
    });
}

QFuture<Result<Invite>> CloudStore::revokeInvite(const QString& inviteId)
{
    return journaled(revokeInviteNow(inviteId), QStringLiteral("invite.revoke"), inviteId);
}

QFuture<Result<Invite>> CloudStore::resendInvite(const QString& inviteId)
{
    return journaled(resendInviteNow(inviteId), QStringLiteral("invite.resend"), inviteId);
}

QFuture<Result<Member>> CloudStore::acceptInvite(const QString& inviteId)
{
    return journaled(acceptInviteNow(inviteId), QStringLiteral("invite.accept"), inviteId);
}

QFuture<Result<Invite>> CloudStore::rejectInvite(const QString& inviteId)
{
    return journaled(rejectInviteNow(inviteId), QStringLiteral("invite.reject"), inviteId);
}

QFuture<Result<Member>> CloudStore::updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                                      const QStringList& removeRoleIds)
{
    return journaled(updateMemberRolesNow(memberId, addRoleIds, removeRoleIds), QStringLiteral("member.roles"),
                     memberId);
}

QFuture<Outcome> CloudStore::removeMember(const QString& memberId)
{
    return journaled(removeMemberNow(memberId), QStringLiteral("member.remove"), memberId);
}

QFuture<Result<Role>> CloudStore::createRole(const RoleDraft& draft)
{
    return journaled(createRoleNow(draft), QStringLiteral("role.create"), draft.name);
}

QFuture<Result<Role>> CloudStore::updateRole(const QString& roleId, const RoleDraft& draft)
{
    return journaled(updateRoleNow(roleId, draft), QStringLiteral("role.update"),
                     draft.name.isEmpty() ? roleId : draft.name);
}

QFuture<Result<Role>> CloudStore::duplicateRole(const QString& roleId, const QString& newName)
{
    return journaled(duplicateRoleNow(roleId, newName), QStringLiteral("role.duplicate"),
                     newName.isEmpty() ? roleId : newName);
}

QFuture<Result<RoleUsage>> CloudStore::deleteRole(const QString& roleId)
{
    return journaled(deleteRoleNow(roleId), QStringLiteral("role.delete"), roleId);
}
