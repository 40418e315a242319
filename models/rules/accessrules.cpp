// The decisions behind every rule of RULES.md.
#include "accessrules.h"

#include <QRegularExpression>

static bool containsControlCharacter(const QString& text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return true;
    }
    return false;
}

static int codePointCount(const QString& text)
{
    return int(text.toUcs4().size());
}

QString AccessRules::requiredPermission(AccountAction action)
{
    switch (action) {
    case AccountAction::SeeMembers:
        return Permissions::ReadUsers;
    case AccountAction::SeeInvites:
        return Permissions::ReadInvites;
    case AccountAction::SeeRoles:
        return Permissions::ReadRoles;
    case AccountAction::Invite:
        return Permissions::WriteInvites;
    case AccountAction::RevokeInvite:
        return Permissions::DeleteInvites;
    case AccountAction::ChangeMemberRoles:
    case AccountAction::EditRole:
        return Permissions::WriteRoles;
    case AccountAction::RemoveMember:
        return Permissions::DeleteUsers;
    case AccountAction::DeleteRole:
        return Permissions::DeleteRoles;
    case AccountAction::SeeAuditLog:
        return Permissions::ReadAccount;
    }
    return {};
}

QString AccessRules::actionPhrase(AccountAction action)
{
    switch (action) {
    case AccountAction::SeeMembers:
        return tr("see the account's members");
    case AccountAction::SeeInvites:
        return tr("see pending invitations");
    case AccountAction::SeeRoles:
        return tr("see roles");
    case AccountAction::Invite:
        return tr("invite users");
    case AccountAction::RevokeInvite:
        return tr("revoke invitations");
    case AccountAction::ChangeMemberRoles:
        return tr("change a user's roles");
    case AccountAction::RemoveMember:
        return tr("remove users from the account");
    case AccountAction::EditRole:
        return tr("create or change roles");
    case AccountAction::DeleteRole:
        return tr("delete roles");
    case AccountAction::SeeAuditLog:
        return tr("see the audit log");
    }
    return {};
}

Verdict AccessRules::checkPermission(const PermissionSet& actorPermissions, AccountAction action)
{
    const QString permission = requiredPermission(action);
    if (actorPermissions.contains(permission))
        return Verdict::allowed();
    return permissionDenied(tr("You need the %1 permission to %2.").arg(permission, actionPhrase(action)));
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

Verdict AccessRules::checkRoleName(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return refused(tr("A role needs a name."));
    if (containsControlCharacter(trimmed))
        return refused(tr("A role name cannot contain control characters."));
    const int length = codePointCount(trimmed);
    if (length < MinRoleNameLength)
        return refused(
            tr("The role name \"%1\" is too short: use at least %2 characters.").arg(trimmed).arg(MinRoleNameLength));
    if (length > MaxRoleNameLength)
        return refused(tr("The role name is too long: use at most %1 characters.").arg(MaxRoleNameLength));
    return Verdict::allowed();
}

Verdict AccessRules::checkRoleNameFree(const QString& name, const QStringList& takenNames)
{
    const QString key = roleNameKey(name);
    for (const auto& taken : takenNames) {
        if (roleNameKey(taken) == key)
            return refused(tr("A role named \"%1\" already exists.").arg(taken));
    }
    return Verdict::allowed();
}

Verdict AccessRules::checkRoleDescription(const QString& description)
{
    if (codePointCount(description) > MaxDescriptionLength)
        return refused(tr("The description is too long: use at most %1 characters.").arg(MaxDescriptionLength));
    if (containsControlCharacter(QString(description).remove(QLatin1Char('\n'))))
        return refused(tr("The description cannot contain control characters."));
    return Verdict::allowed();
}

Verdict AccessRules::checkRolePermissions(const PermissionSet& permissions, const PermissionCatalogue& catalogue)
{
    if (permissions.isEmpty())
        return refused(tr("A role needs at least one permission."));
    QStringList unknown;
    for (const auto& permission : permissions) {
        if (!catalogue.contains(permission))
            unknown.append(permission);
    }
    if (!unknown.isEmpty()) {
        unknown.sort();
        return refused(tr("Unknown permission: %1.").arg(unknown.join(QStringLiteral(", "))));
    }
    return Verdict::allowed();
}

Verdict AccessRules::checkRoleDraft(const RoleDraft& draft, const PermissionCatalogue& catalogue)
{
    if (auto verdict = checkRoleName(draft.name); !verdict)
        return verdict;
    if (auto verdict = checkRoleDescription(draft.description); !verdict)
        return verdict;
    return checkRolePermissions(draft.permissions, catalogue);
}

PermissionSet AccessRules::withImpliedReads(PermissionSet permissions, const PermissionCatalogue& catalogue)
{
    const PermissionSet original = permissions;
    for (const auto& permission : original) {
        if (!permission.startsWith(QLatin1String("write:")))
            continue;
        const QString read = QLatin1String("read:") + permission.mid(6);
        if (catalogue.contains(read))
            permissions.insert(read);
    }
    return permissions;
}

QString AccessRules::lockingWrite(const QString& permission, const PermissionSet& permissions,
                                  const PermissionCatalogue& catalogue)
{
    if (!permission.startsWith(QLatin1String("read:")))
        return {};
    const QString write = QLatin1String("write:") + permission.mid(5);
    return catalogue.contains(write) && permissions.contains(write) ? write : QString();
}

Verdict AccessRules::checkRoleMutable(const Role& role)
{
    if (role.isSystem())
        return refused(tr("%1 is a built-in role and cannot be changed or deleted.").arg(role.name));
    return Verdict::allowed();
}

QString AccessRules::duplicateNameProposal(const QString& name)
{
    return tr("%1 copy").arg(name.trimmed()).left(MaxRoleNameLength);
}

QString AccessRules::freeDuplicateName(const QString& name, const QStringList& taken)
{
    QString candidate = duplicateNameProposal(name);
    for (int n = 2; !checkRoleNameFree(candidate, taken); ++n)
        candidate = duplicateNameProposal(name) + QLatin1Char(' ') + QString::number(n);
    return candidate;
}

Verdict AccessRules::checkEmail(const QString& email)
{
    // local@domain, with at least one dot inside the domain and no empty label.
    static const QRegularExpression pattern(QStringLiteral("^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$"));
    if (email.isEmpty())
        return refused(tr("An email address is required."));
    if (email.size() > MaxEmailLength)
        return refused(tr("The email address is too long: at most %1 characters.").arg(MaxEmailLength));
    if (containsControlCharacter(email) || !pattern.match(email).hasMatch())
        return refused(tr("\"%1\" is not a valid email address.").arg(email));
    return Verdict::allowed();
}

QStringList AccessRules::splitEmails(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

Verdict AccessRules::checkInviteBatch(const QStringList& emails)
{
    if (emails.isEmpty())
        return refused(tr("Name at least one email address to invite."));
    QStringList problems;
    QSet<QString> seen;
    for (const auto& raw : emails) {
        const QString email = raw.trimmed();
        if (auto verdict = checkEmail(email); !verdict)
            problems.append(verdict.reason());
        else if (seen.contains(emailKey(email)))
            problems.append(tr("%1 is listed more than once.").arg(email));
        seen.insert(emailKey(email));
    }
    if (problems.isEmpty())
        return Verdict::allowed();
    return refused(problems.join(QLatin1Char(' ')));
}

Verdict AccessRules::checkInviteRoles(const QList<Role>& roles)
{
    for (const auto& role : roles) {
        if (role.system == SystemRole::Owner)
            return refused(tr("The Owner role cannot be granted by an invitation."));
    }
    return Verdict::allowed();
}

Verdict AccessRules::checkInvitee(const QString& email, bool isActiveMember, bool hasPendingInvite,
                                  const QString& invitedBy)
{
    if (auto verdict = checkEmail(email); !verdict)
        return verdict;
    if (isActiveMember)
        return refused(tr("%1 is already a member of this account.").arg(email));
    if (hasPendingInvite && !invitedBy.isEmpty())
        return refused(tr("%1 was already invited by %2.").arg(email, invitedBy));
    if (hasPendingInvite)
        return refused(tr("%1 has already been invited.").arg(email));
    return Verdict::allowed();
}

Verdict AccessRules::checkInviteTransition(const Invite& invite, InviteStatus target)
{
    if (invite.status == InviteStatus::Pending)
        return Verdict::allowed();
    QString what;
    switch (target) {
    case InviteStatus::Canceled:
        what = tr("revoked");
        break;
    case InviteStatus::Accepted:
        what = tr("accepted");
        break;
    case InviteStatus::Rejected:
        what = tr("rejected");
        break;
    case InviteStatus::Pending:
        what = tr("reopened");
        break;
    }
    return refused(tr("The invitation for %1 is %2; only a pending invitation can be %3.")
                       .arg(invite.email, inviteStatusName(invite.status).toLower(), what));
}

QStringList AccessRules::storedInviteRoles(const QList<Role>& roles)
{
    QStringList ids;
    for (const auto& role : roles) {
        if (role.system != SystemRole::Base && !ids.contains(role.id))
            ids.append(role.id);
    }
    return ids;
}

Verdict AccessRules::checkRemoveMember(const QString& actorId, const Member& target, bool targetIsOwner)
{
    if (targetIsOwner)
        return refused(tr("The Owner cannot be removed."));
    if (target.id == actorId)
        return refused(tr("You cannot remove yourself."));
    return Verdict::allowed();
}

Verdict AccessRules::checkRemovePendingInvite(const Invite& invite)
{
    return refused(tr("%1 has not joined yet: revoke the invitation instead of removing the user.").arg(invite.email));
}

Result<RoleChange> AccessRules::planRoleChange(const Member& member, const QList<Role>& toAdd,
                                               const QList<Role>& toRemove)
{
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
        if (role.system == SystemRole::Owner)
            return refused(tr("The Owner role cannot be assigned or removed by a role update."));
        // A role named in both lists ends removed; one already held is a no-op.
        const bool alsoRemoved =
            std::any_of(toRemove.cbegin(), toRemove.cend(), [&](const Role& removed) { return removed.id == role.id; });
        if (alsoRemoved || member.roleIds.contains(role.id) || change.add.contains(role.id))
            continue;
        change.add.append(role.id);
    }
    return change;
}

Verdict AccessRules::canInvite(const PermissionSet& actorPermissions)
{
    return checkPermission(actorPermissions, AccountAction::Invite);
}

Verdict AccessRules::canRevoke(const PermissionSet& actorPermissions, const Invite& invite)
{
    if (auto verdict = checkPermission(actorPermissions, AccountAction::RevokeInvite); !verdict)
        return verdict;
    return checkInviteTransition(invite, InviteStatus::Canceled);
}

Verdict AccessRules::canChangeRoles(const PermissionSet& actorPermissions)
{
    return checkPermission(actorPermissions, AccountAction::ChangeMemberRoles);
}

Verdict AccessRules::canRemoveMember(const PermissionSet& actorPermissions, const QString& actorId,
                                     const Member& target, bool targetIsOwner)
{
    if (auto verdict = checkRemoveMember(actorId, target, targetIsOwner); !verdict)
        return verdict;
    return checkPermission(actorPermissions, AccountAction::RemoveMember);
}

Verdict AccessRules::canEditRole(const PermissionSet& actorPermissions, const Role& role)
{
    if (auto verdict = checkRoleMutable(role); !verdict)
        return verdict;
    return checkPermission(actorPermissions, AccountAction::EditRole);
}

Verdict AccessRules::canDeleteRole(const PermissionSet& actorPermissions, const Role& role)
{
    if (auto verdict = checkRoleMutable(role); !verdict)
        return verdict;
    return checkPermission(actorPermissions, AccountAction::DeleteRole);
}

Verdict AccessRules::canUnassignRole(const PermissionSet& actorPermissions, const Role& role)
{
    if (role.system == SystemRole::Base)
        return refused(tr("Every member has the Base role; it cannot be removed."));
    if (role.system == SystemRole::Owner)
        return refused(tr("The Owner role cannot be assigned or removed by a role update."));
    return checkPermission(actorPermissions, AccountAction::ChangeMemberRoles);
}
