// The SQL engine's changes to people: invitations and their answers, role updates and removals.
#include "sqlaccountengine.h"

#include "sqlengine_p.h"

using namespace SqlEngine;

Result<QList<Invite>> SqlAccountEngine::invite(const QList<NewInvite>& invites)
{
    return transact<QList<Invite>>([&] {
        const ActorContext current = requireAction(AccountAction::Invite);
        // Every address is checked before anything is written: one bad address refuses the whole batch.
        QStringList emails;
        for (const auto& invite : invites)
            emails.append(invite.email);
        require(AccessRules::checkInviteBatch(emails));
        QHash<QStringList, QList<Role>> resolved; // a batch has few distinct role sets
        for (const auto& invite : invites) {
            if (!resolved.contains(invite.roleIds)) {
                resolved.insert(invite.roleIds, resolveRoles(invite.roleIds));
                require(AccessRules::canInviteWithRoles(current, resolved.value(invite.roleIds)));
            }
        }
        // Every address the account refuses is named at once, and then nothing is written.
        QStringList problems;
        for (const auto& raw : emails) {
            const QString email = raw.trimmed();
            auto member = run(QStringLiteral("SELECT count(*) FROM members WHERE email_key = ?"), {emailKey(email)});
            const bool isMember = nextRow(member) && member.value(0).toInt() > 0;
            member.finish();
            auto pending =
                run(QStringLiteral("SELECT invited_by FROM invites WHERE email_key = ? AND status = 'PENDING'"),
                    {emailKey(email)});
            const bool isPending = nextRow(pending);
            if (const Verdict invitee = AccessRules::checkInvitee(email, isMember, isPending,
                                                                  isPending ? pending.value(0).toString() : QString());
                !invitee)
                problems.append(invitee.reason());
        }
        if (!problems.isEmpty())
            fail(refused(problems.join(QLatin1Char(' '))));
        QList<Invite> created;
        created.reserve(invites.size());
        const qint64 now = nowMs();
        for (const auto& wanted : invites) {
            const QList<Role>& roles = resolved.value(wanted.roleIds);
            Invite invite;
            invite.id = newId();
            invite.email = wanted.email.trimmed();
            invite.status = InviteStatus::Pending;
            invite.roleIds = AccessRules::storedInviteRoles(roles);
            invite.invitedBy = auditName(current);
            invite.createdAt = invite.updatedAt = fromMs(now);
            try {
                run(QStringLiteral(
                        "INSERT INTO invites (id, email, email_key, status, invited_by, created_at, updated_at)"
                        " VALUES (?, ?, ?, 'PENDING', ?, ?, ?)"),
                    {invite.id, invite.email, emailKey(invite.email), invite.invitedBy, now, now});
            } catch (const ConstraintViolation&) {
                // Another admin's invite for the same address committed between our check and this insert.
                fail(refused(tr("%1 was invited by another admin a moment ago.").arg(invite.email)));
            }
            for (const auto& roleId : invite.roleIds)
                run(QStringLiteral("INSERT INTO invite_roles (invite_id, role_id) VALUES (?, ?)"), {invite.id, roleId});
            QStringList roleNames;
            for (const auto& role : roles)
                roleNames.append(role.name);
            audit(auditName(current), QStringLiteral("invite.create"), invite.email,
                  roleNames.join(QStringLiteral(", ")));
            created.append(invite);
        }
        return created;
    });
}

Result<Invite> SqlAccountEngine::revokeInvite(const QString& inviteId)
{
    return transact<Invite>([&] {
        const ActorContext current = requireAction(AccountAction::RevokeInvite);
        auto invite = inviteByEmailOrId(inviteId);
        if (!invite)
            fail(notFound(tr("There is no invitation for %1.").arg(inviteId)));
        require(AccessRules::canRevoke(current, *invite));
        const qint64 now = nowMs();
        run(QStringLiteral(
                "UPDATE invites SET status = 'CANCELED', updated_at = ? WHERE id = ? AND status = 'PENDING'"),
            {now, invite->id});
        invite->status = InviteStatus::Canceled;
        invite->updatedAt = fromMs(now);
        audit(auditName(current), QStringLiteral("invite.revoke"), invite->email);
        return *invite;
    });
}

std::optional<Invite> SqlAccountEngine::answeredInvite(const ActorContext& actor, const QString& inviteId)
{
    auto invite = inviteByEmailOrId(inviteId);
    // Someone who may not read invitations learns nothing of one that is not theirs.
    const bool visible = invite
        && (AccessRules::checkPermission(actor.permissions, AccountAction::SeeInvites)
            || emailKey(invite->email) == emailKey(actor.actorEmail));
    if (!visible)
        fail(notFound(tr("There is no invitation for %1.").arg(inviteId)));
    return invite;
}

Result<Member> SqlAccountEngine::acceptInvite(const QString& inviteId)
{
    // The invitee acts here, not an admin: AccessRules checks that the signed-in person is the one invited.
    return transact<Member>([&] {
        const ActorContext current = context();
        require(AccessRules::checkAction(current, AccountAction::AcceptInvite));
        const auto invite = answeredInvite(current, inviteId);
        require(AccessRules::canAccept(current, *invite));
        require(AccessRules::checkInvitee(invite->email, memberByEmailOrId(invite->email).has_value(), false));
        const qint64 now = nowMs();
        run(QStringLiteral("UPDATE invites SET status = 'ACCEPTED', updated_at = ? WHERE id = ?"), {now, invite->id});
        Member member{newId(), invite->email, {}, invite->invitedBy, fromMs(now)};
        try {
            run(QStringLiteral(
                    "INSERT INTO members (id, email, email_key, invited_by, joined_at) VALUES (?, ?, ?, ?, ?)"),
                {member.id, member.email, emailKey(member.email), member.invitedBy, now});
        } catch (const ConstraintViolation&) {
            fail(refused(tr("%1 joined the account a moment ago.").arg(invite->email)));
        }
        // Base always; the invite's roles that still exist (deleted roles left invite_roles by cascade).
        QStringList roleIds{roleIdOf(SystemRole::Base)};
        for (const auto& roleId : invite->roleIds) {
            if (!roleIds.contains(roleId))
                roleIds.append(roleId);
        }
        for (const auto& roleId : roleIds)
            run(QStringLiteral("INSERT INTO member_roles (member_id, role_id) VALUES (?, ?)"), {member.id, roleId});
        member.roleIds = roleIds;
        audit(auditName(current), QStringLiteral("invite.accept"), invite->email);
        return member;
    });
}

Result<Invite> SqlAccountEngine::rejectInvite(const QString& inviteId)
{
    return transact<Invite>([&] {
        const ActorContext current = context();
        require(AccessRules::checkAction(current, AccountAction::RejectInvite));
        auto invite = answeredInvite(current, inviteId);
        require(AccessRules::canReject(current, *invite));
        const qint64 now = nowMs();
        run(QStringLiteral("UPDATE invites SET status = 'REJECTED', updated_at = ? WHERE id = ?"), {now, invite->id});
        invite->status = InviteStatus::Rejected;
        invite->updatedAt = fromMs(now);
        audit(auditName(current), QStringLiteral("invite.reject"), invite->email);
        return *invite;
    });
}

Result<Member> SqlAccountEngine::updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                                   const QStringList& removeRoleIds)
{
    return transact<Member>([&] {
        const ActorContext current = requireAction(AccountAction::ChangeMemberRoles);
        auto member = memberByEmailOrId(memberId);
        if (!member) {
            if (auto invite = inviteByEmailOrId(memberId); invite && invite->status == InviteStatus::Pending)
                require(AccessRules::canChangeRoles(current, *invite));
            fail(notFound(tr("%1 is not a member of this account.").arg(memberId)));
        }
        const QList<Role> toAdd = resolveRoles(addRoleIds);
        const QList<Role> toRemove = resolveRoles(removeRoleIds);
        const auto change = AccessRules::planRoleChange(current, *member, toAdd, toRemove);
        if (!change)
            fail(change.error());
        if (change.value().isEmpty())
            return *member;
        for (const auto& roleId : change.value().remove)
            run(QStringLiteral("DELETE FROM member_roles WHERE member_id = ? AND role_id = ?"), {member->id, roleId});
        for (const auto& roleId : change.value().add)
            run(QStringLiteral("INSERT INTO member_roles (member_id, role_id) VALUES (?, ?)"), {member->id, roleId});
        QStringList detail;
        for (const auto& role : toAdd) {
            if (change.value().add.contains(role.id))
                detail.append(QLatin1Char('+') + role.name);
        }
        for (const auto& role : toRemove) {
            if (change.value().remove.contains(role.id))
                detail.append(QLatin1Char('-') + role.name);
        }
        audit(auditName(current), QStringLiteral("member.roles"), member->email, detail.join(QLatin1Char(' ')));
        return loadMemberRoles(*member);
    });
}

Outcome SqlAccountEngine::removeMember(const QString& memberId)
{
    return transact<Done>([&] {
        const ActorContext current = requireAction(AccountAction::RemoveMember);
        auto member = memberByEmailOrId(memberId);
        if (!member) {
            if (auto invite = inviteByEmailOrId(memberId); invite && invite->status == InviteStatus::Pending)
                require(AccessRules::canRemoveMember(current, *invite));
            fail(notFound(tr("%1 is not a member of this account.").arg(memberId)));
        }
        require(AccessRules::canRemoveMember(current, *member));
        run(QStringLiteral("DELETE FROM members WHERE id = ?"), {member->id});
        audit(auditName(current), QStringLiteral("member.remove"), member->email);
        return Done{};
    });
}
