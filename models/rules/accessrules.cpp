// The decision behind every action, in the fixed order: what the backend can do, the permission, the state rules.
#include "accessrules.h"

#include <QLocale>

#include <algorithm>

bool AccessRules::isOwner(const ActorContext& actor, const Member& member)
{
    return !member.id.isEmpty() && member.id == actor.ownerId;
}

bool AccessRules::isSelf(const ActorContext& actor, const Member& member)
{
    return !member.id.isEmpty() && member.id == actor.actorId;
}

QString AccessRules::requiredPermission(AccountAction action)
{
    switch (action) {
    case AccountAction::SeeProfile:
        return Permissions::ReadProfile;
    case AccountAction::SeeMembers:
        return Permissions::ReadUsers;
    case AccountAction::SeeInvites:
        return Permissions::ReadInvites;
    case AccountAction::SeeRoles:
        return Permissions::ReadRoles;
    case AccountAction::SeeAuditLog:
        return Permissions::ReadAccount;
    case AccountAction::Invite:
        return Permissions::WriteInvites;
    case AccountAction::RevokeInvite:
        return Permissions::DeleteInvites;
    case AccountAction::ResendInvite:
        return Permissions::WriteInvites;
    case AccountAction::ChangeMemberRoles:
    case AccountAction::EditRole:
        return Permissions::WriteRoles;
    case AccountAction::RemoveMember:
        return Permissions::DeleteUsers;
    case AccountAction::DeleteRole:
        return Permissions::DeleteRoles;
    case AccountAction::SetInviteLifetime:
        return Permissions::WriteAccount;
    case AccountAction::AcceptInvite:
    case AccountAction::RejectInvite:
        break;
    }
    return {};
}

QString AccessRules::actionPhrase(AccountAction action)
{
    switch (action) {
    case AccountAction::SeeProfile:
        return tr("see your own profile");
    case AccountAction::SeeMembers:
        return tr("see the account's members");
    case AccountAction::SeeInvites:
        return tr("see pending invitations");
    case AccountAction::SeeRoles:
        return tr("see roles");
    case AccountAction::SeeAuditLog:
        return tr("see the audit log");
    case AccountAction::Invite:
        return tr("invite users");
    case AccountAction::RevokeInvite:
        return tr("revoke invitations");
    case AccountAction::ResendInvite:
        return tr("resend invitations");
    case AccountAction::ChangeMemberRoles:
        return tr("change a user's roles");
    case AccountAction::RemoveMember:
        return tr("remove users from the account");
    case AccountAction::EditRole:
        return tr("create or change roles");
    case AccountAction::DeleteRole:
        return tr("delete roles");
    case AccountAction::SetInviteLifetime:
        return tr("change how long invitations last");
    case AccountAction::AcceptInvite:
    case AccountAction::RejectInvite:
        break;
    }
    return {};
}

Verdict AccessRules::checkPermission(const PermissionSet& actorPermissions, AccountAction action)
{
    const QString permission = requiredPermission(action);
    if (permission.isEmpty() || actorPermissions.contains(permission))
        return Verdict::allowed();
    return permissionDenied(tr("You need the %1 permission to %2.").arg(permission, actionPhrase(action)));
}

Verdict AccessRules::checkBackend(const ActorContext& actor, AccountAction action)
{
    if (actor.backend.signedInUser)
        return Verdict::allowed();
    // The cloud API's user-only calls (RULES.md, "The cloud API's own limits").
    if (action == AccountAction::Invite || action == AccountAction::ResendInvite)
        return permissionDenied(tr("Invitations can be sent only by a signed-in user, not with a management key."));
    if (action == AccountAction::RemoveMember)
        return permissionDenied(tr("Members can be removed only by a signed-in user, not with a management key."));
    return Verdict::allowed();
}

Verdict AccessRules::checkAction(const ActorContext& actor, AccountAction action)
{
    if (action == AccountAction::SetInviteLifetime && !actor.backend.invitesExpire)
        return refused(tr("Qdrant Cloud invitations do not expire, so this account has no invitation lifetime to "
                          "change."));
    if (auto verdict = checkBackend(actor, action); !verdict)
        return verdict;
    return checkPermission(actor.permissions, action);
}

PermissionSet AccessRules::systemRolePermissions(SystemRole role, const PermissionCatalogue& catalogue)
{
    PermissionSet result;
    switch (role) {
    case SystemRole::Base:
        result.insert(Permissions::ReadProfile);
        break;
    case SystemRole::Admin:
        for (const auto& permission : catalogue.permissions()) {
            if (permission.value != Permissions::WriteAccount)
                result.insert(permission.value);
        }
        break;
    case SystemRole::Owner:
        for (const auto& permission : catalogue.permissions())
            result.insert(permission.value);
        break;
    case SystemRole::None:
        break;
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// No escalation

bool AccessRules::holdsPermission(const ActorContext& actor, const QString& permission)
{
    // The Owner holds every permission, including any the catalogue gained after the account was made.
    const bool owner = !actor.actorId.isEmpty() && actor.actorId == actor.ownerId;
    return owner || actor.permissions.contains(permission);
}

QStringList AccessRules::lackedPermissions(const ActorContext& actor, const PermissionSet& permissions)
{
    QStringList lacked;
    for (const auto& permission : permissions) {
        if (!holdsPermission(actor, permission))
            lacked.append(permission);
    }
    lacked.sort();
    return lacked;
}

Verdict AccessRules::canGrantRole(const ActorContext& actor, const Role& role)
{
    if (role.system == SystemRole::Owner)
        return refused(tr("The Owner role cannot be assigned or removed by a role update."));
    if (!role.isKnown())
        return checkRoleMutable(role);
    const QStringList lacked =
        lackedPermissions(actor, PermissionSet(role.permissions.cbegin(), role.permissions.cend()));
    if (!lacked.isEmpty())
        return permissionDenied(tr("You cannot grant the %1 role: it carries %2, which you do not hold.")
                                    .arg(role.name, lacked.join(QStringLiteral(", "))));
    return Verdict::allowed();
}

// ---------------------------------------------------------------------------------------------
// Invitations

Verdict AccessRules::canInvite(const ActorContext& actor)
{
    return checkAction(actor, AccountAction::Invite);
}

Verdict AccessRules::canInviteWithRoles(const ActorContext& actor, const QList<Role>& roles)
{
    if (auto verdict = canInvite(actor); !verdict)
        return verdict;
    for (const auto& role : roles) {
        if (role.system == SystemRole::Owner)
            return refused(tr("The Owner role cannot be granted by an invitation."));
    }
    for (const auto& role : roles) {
        if (auto verdict = canGrantRole(actor, role); !verdict)
            return verdict;
    }
    return Verdict::allowed();
}

Verdict AccessRules::canRevoke(const ActorContext& actor, const Invite& invite)
{
    if (auto verdict = checkAction(actor, AccountAction::RevokeInvite); !verdict)
        return verdict;
    return checkInviteTransition(invite, InviteStatus::Canceled);
}

Verdict AccessRules::canResend(const ActorContext& actor, const Invite& invite)
{
    if (auto verdict = checkAction(actor, AccountAction::ResendInvite); !verdict)
        return verdict;
    if (!actor.backend.renewsInvites && !checkPermission(actor.permissions, AccountAction::RevokeInvite))
        return permissionDenied(tr("Resending revokes the invitation and sends it again here, so it also needs the "
                                   "%1 permission.")
                                    .arg(requiredPermission(AccountAction::RevokeInvite)));
    if (invite.status == InviteStatus::Pending)
        return Verdict::allowed();
    if (invite.status == InviteStatus::Unknown)
        return checkInviteTransition(invite, InviteStatus::Canceled); // the read-only wording
    return refused(tr("The invitation for %1 is %2; only a pending invitation can be resent.")
                       .arg(invite.email, inviteStatusName(invite.status).toLower()));
}

AccountAction AccessRules::bulkAction(BulkChange::Kind kind)
{
    switch (kind) {
    case BulkChange::Kind::Remove:
        return AccountAction::RemoveMember;
    case BulkChange::Kind::Revoke:
        return AccountAction::RevokeInvite;
    case BulkChange::Kind::Resend:
        return AccountAction::ResendInvite;
    case BulkChange::Kind::ChangeRoles:
        break;
    }
    return AccountAction::ChangeMemberRoles;
}

Verdict AccessRules::canApplyTo(const ActorContext& actor, const BulkChange& change, const Member& member,
                                const QList<Role>& roles)
{
    switch (change.kind) {
    case BulkChange::Kind::Remove:
        return canRemoveMember(actor, member);
    case BulkChange::Kind::Revoke:
    case BulkChange::Kind::Resend:
        if (auto verdict = checkAction(actor, bulkAction(change.kind)); !verdict)
            return verdict;
        return refused(tr("%1 is already a member; only a pending invitation can be %2.")
                           .arg(member.email, change.kind == BulkChange::Kind::Revoke ? tr("revoked") : tr("resent")));
    case BulkChange::Kind::ChangeRoles:
        break;
    }
    QList<Role> add;
    QList<Role> remove;
    for (const auto& id : change.addRoleIds) {
        if (const Role* role = findRole(roles, id))
            add.append(*role);
    }
    for (const auto& id : change.removeRoleIds) {
        if (const Role* role = findRole(roles, id))
            remove.append(*role);
    }
    const auto plan = planRoleChange(actor, member, add, remove);
    return plan ? Verdict::allowed() : Verdict(plan.error());
}

Verdict AccessRules::canApplyTo(const ActorContext& actor, const BulkChange& change, const Invite& invite)
{
    switch (change.kind) {
    case BulkChange::Kind::Remove:
        return canRemoveMember(actor, invite);
    case BulkChange::Kind::Revoke:
        return canRevoke(actor, invite);
    case BulkChange::Kind::Resend:
        return canResend(actor, invite);
    case BulkChange::Kind::ChangeRoles:
        break;
    }
    return canChangeRoles(actor, invite);
}

Verdict AccessRules::checkInvitee(const ActorContext& actor, const Invite& invite, InviteStatus target)
{
    // Only the invitee answers an invitation: the signed-in user whose address it names.
    if (actor.actorEmail.isEmpty() || emailKey(actor.actorEmail) != emailKey(invite.email))
        return permissionDenied(target == InviteStatus::Accepted
                                    ? tr("Only %1 can accept this invitation.").arg(invite.email)
                                    : tr("Only %1 can decline this invitation.").arg(invite.email));
    return checkInviteTransition(invite, target);
}

Verdict AccessRules::canAccept(const ActorContext& actor, const Invite& invite)
{
    if (auto verdict = checkAction(actor, AccountAction::AcceptInvite); !verdict)
        return verdict;
    if (auto verdict = checkInvitee(actor, invite, InviteStatus::Accepted); !verdict)
        return verdict;
    if (isExpired(invite))
        return refused(
            tr("The invitation for %1 expired on %2; an admin can resend it.")
                .arg(invite.email, QLocale().toString(invite.expiresAt.toLocalTime(), QLocale::ShortFormat)));
    return Verdict::allowed();
}

Verdict AccessRules::canSetInviteLifetime(const ActorContext& actor, int days)
{
    if (auto verdict = checkAction(actor, AccountAction::SetInviteLifetime); !verdict)
        return verdict;
    if (days < 1 || days > Account::MaxInviteLifetimeDays)
        return refused(
            tr("An invitation lasts from 1 to %1 days, not %2.").arg(Account::MaxInviteLifetimeDays).arg(days));
    return Verdict::allowed();
}

Verdict AccessRules::canReject(const ActorContext& actor, const Invite& invite)
{
    if (auto verdict = checkAction(actor, AccountAction::RejectInvite); !verdict)
        return verdict;
    return checkInvitee(actor, invite, InviteStatus::Rejected);
}

// ---------------------------------------------------------------------------------------------
// Members

Verdict AccessRules::canChangeRoles(const ActorContext& actor, const Member&)
{
    return checkAction(actor, AccountAction::ChangeMemberRoles);
}

Verdict AccessRules::canChangeRoles(const ActorContext& actor, const Invite& invite)
{
    if (auto verdict = checkAction(actor, AccountAction::ChangeMemberRoles); !verdict)
        return verdict;
    return refused(tr("%1 has not joined yet; the roles of a pending invitation cannot be changed.").arg(invite.email));
}

Result<RoleChange> AccessRules::planRoleChange(const ActorContext& actor, const Member& member,
                                               const QList<Role>& toAdd, const QList<Role>& toRemove)
{
    if (auto verdict = canChangeRoles(actor, member); !verdict)
        return verdict;
    if (toAdd.isEmpty() && toRemove.isEmpty())
        return refused(tr("Name at least one role to add or remove."));
    RoleChange change;
    for (const auto& role : toRemove) {
        if (role.system == SystemRole::Base)
            return refused(tr("Every member has the Base role; it cannot be removed."));
        if (role.system == SystemRole::Owner)
            return refused(tr("The Owner role cannot be assigned or removed by a role update."));
        if (member.roleIds.contains(role.id) && !change.remove.contains(role.id))
            change.remove.append(role.id);
    }
    for (const auto& role : toAdd) {
        // A role named in both lists ends removed; one already held is a no-op.
        const bool alsoRemoved =
            std::any_of(toRemove.cbegin(), toRemove.cend(), [&](const Role& removed) { return removed.id == role.id; });
        if (role.system != SystemRole::Owner
            && (alsoRemoved || member.roleIds.contains(role.id) || change.add.contains(role.id)))
            continue;
        if (auto verdict = canGrantRole(actor, role); !verdict)
            return verdict;
        change.add.append(role.id);
    }
    return change;
}

Verdict AccessRules::canUnassignRole(const ActorContext& actor, const Member& member, const Role& role)
{
    const auto change = planRoleChange(actor, member, {}, {role});
    return change ? Verdict::allowed() : Verdict(change.error());
}

Verdict AccessRules::canRemoveMember(const ActorContext& actor, const Member& member)
{
    if (auto verdict = checkAction(actor, AccountAction::RemoveMember); !verdict)
        return verdict;
    if (isOwner(actor, member))
        return refused(tr("The Owner cannot be removed."));
    if (isSelf(actor, member))
        return refused(tr("You cannot remove yourself."));
    return Verdict::allowed();
}

Verdict AccessRules::canRemoveMember(const ActorContext& actor, const Invite& invite)
{
    if (auto verdict = checkAction(actor, AccountAction::RemoveMember); !verdict)
        return verdict;
    return refused(tr("%1 has not joined yet: revoke the invitation instead of removing the user.").arg(invite.email));
}

Verdict AccessRules::notYetAMember(const Invite& invite)
{
    return refused(tr("%1 has not joined yet: the invitation is still pending.").arg(invite.email));
}

// ---------------------------------------------------------------------------------------------
// Roles

Verdict AccessRules::checkDefinitionGrantable(const ActorContext& actor, const PermissionSet& permissions)
{
    const QStringList lacked = lackedPermissions(actor, permissions);
    if (lacked.isEmpty())
        return Verdict::allowed();
    return permissionDenied(
        tr("A role can carry only permissions you hold yourself; you lack %1.").arg(lacked.join(QStringLiteral(", "))));
}

Verdict AccessRules::canGrantPermission(const ActorContext& actor, const QString& permission)
{
    // Ticking write:X ticks read:X too: judge the pair, as Save would.
    return checkDefinitionGrantable(actor, withImpliedReads(PermissionSet{permission}, PermissionCatalogue::builtIn()));
}

Verdict AccessRules::canCreateRole(const ActorContext& actor)
{
    return checkAction(actor, AccountAction::EditRole);
}

Verdict AccessRules::canCreateRole(const ActorContext& actor, const RoleDraft& draft, const QList<Role>& roles)
{
    if (auto verdict = canCreateRole(actor); !verdict)
        return verdict;
    return checkDraftFor(actor, draft, takenNames(roles));
}

Verdict AccessRules::checkDraftFor(const ActorContext& actor, const RoleDraft& draft, const QStringList& takenNames)
{
    const auto& catalogue = PermissionCatalogue::builtIn();
    if (auto verdict = checkRoleDraft(draft, catalogue); !verdict)
        return verdict;
    if (auto verdict = checkDefinitionGrantable(actor, withImpliedReads(draft.permissions, catalogue)); !verdict)
        return verdict;
    return checkRoleNameFree(draft.name, takenNames);
}

Verdict AccessRules::canEditRole(const ActorContext& actor, const Role& role)
{
    if (auto verdict = checkAction(actor, AccountAction::EditRole); !verdict)
        return verdict;
    return checkRoleMutable(role);
}

Verdict AccessRules::canUpdateRole(const ActorContext& actor, const Role& role, const RoleDraft& draft,
                                   const QList<Role>& roles)
{
    if (auto verdict = canEditRole(actor, role); !verdict)
        return verdict;
    return checkDraftFor(actor, draft, takenNames(roles, role.id));
}

Verdict AccessRules::canDuplicateRole(const ActorContext& actor, const Role& source)
{
    if (auto verdict = checkAction(actor, AccountAction::EditRole); !verdict)
        return verdict;
    const PermissionSet permissions(source.permissions.cbegin(), source.permissions.cend());
    return checkDefinitionGrantable(actor, permissions);
}

Verdict AccessRules::canDuplicateRole(const ActorContext& actor, const Role& source, const QString& name,
                                      const QList<Role>& roles)
{
    if (auto verdict = canDuplicateRole(actor, source); !verdict)
        return verdict;
    const RoleDraft draft{name, source.description,
                          PermissionSet(source.permissions.cbegin(), source.permissions.cend())};
    if (auto verdict = checkRoleDraft(draft, PermissionCatalogue::builtIn()); !verdict)
        return verdict;
    return checkRoleNameFree(name, takenNames(roles));
}

Verdict AccessRules::canDeleteRole(const ActorContext& actor, const Role& role)
{
    if (auto verdict = checkAction(actor, AccountAction::DeleteRole); !verdict)
        return verdict;
    return checkRoleMutable(role);
}
