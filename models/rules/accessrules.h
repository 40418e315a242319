// The account access rules of RULES.md, decided in one place with no I/O.
//
// The SQL stores call these before writing anything, and the UI calls the same functions to
// enable, disable and explain actions, so the wording of a refusal is the same everywhere.
#pragma once

#include "domain.h"
#include "permissioncatalogue.h"
#include "result.h"

#include <QCoreApplication>

// Every operation guarded by a permission, as in RULES.md's "Who may do what" table.
enum class AccountAction {
    SeeMembers,
    SeeInvites,
    SeeRoles,
    Invite,
    RevokeInvite,
    ChangeMemberRoles,
    RemoveMember,
    EditRole,
    DeleteRole,
    SeeAuditLog,
};

// A role update once normalised: what will really be added and removed.
struct RoleChange
{
    QStringList add;
    QStringList remove;

    bool isEmpty() const { return add.isEmpty() && remove.isEmpty(); }
};

class AccessRules
{
    Q_DECLARE_TR_FUNCTIONS(AccessRules)

public:
    static constexpr int MaxEmailLength = 254;
    static constexpr int MinRoleNameLength = 4;
    static constexpr int MaxRoleNameLength = 64;
    static constexpr int MaxDescriptionLength = 256;

    // --- Permissions
    static QString requiredPermission(AccountAction action);
    static Verdict checkPermission(const PermissionSet& actorPermissions, AccountAction action);
    static PermissionSet systemRolePermissions(SystemRole role, const PermissionCatalogue& catalogue);

    // --- Role definitions
    static Verdict checkRoleName(const QString& name);
    // `takenNames` are the names of the other roles that share the name's case-insensitive key.
    static Verdict checkRoleNameFree(const QString& name, const QStringList& takenNames);
    static Verdict checkRoleDescription(const QString& description);
    static Verdict checkRolePermissions(const PermissionSet& permissions, const PermissionCatalogue& catalogue);
    static Verdict checkRoleDraft(const RoleDraft& draft, const PermissionCatalogue& catalogue);
    // write:X implies read:X: returns the set with every implied read added.
    static PermissionSet withImpliedReads(PermissionSet permissions, const PermissionCatalogue& catalogue);
    // The write permission that forces `permission` on, or empty when nothing locks it.
    static QString lockingWrite(const QString& permission, const PermissionSet& permissions,
                                const PermissionCatalogue& catalogue);
    static Verdict checkRoleMutable(const Role& role);
    static QString duplicateNameProposal(const QString& name);
    // "NAME copy", else "NAME copy 2", 3… : the first proposal no role in `taken` already uses.
    static QString freeDuplicateName(const QString& name, const QStringList& taken);

    // --- Invitations
    static Verdict checkEmail(const QString& email);
    // Splits what an admin typed (commas, spaces, new lines) into addresses.
    static QStringList splitEmails(const QString& text);
    // A batch of addresses: at least one, each valid, none listed twice. The refusal names every bad address.
    static Verdict checkInviteBatch(const QStringList& emails);
    static Verdict checkInviteRoles(const QList<Role>& roles);
    // `invitedBy`: who sent the pending invite, when there is one, so a loser of a race learns who won.
    static Verdict checkInvitee(const QString& email, bool isActiveMember, bool hasPendingInvite,
                                const QString& invitedBy = {});
    // Only a PENDING invite can be revoked, accepted or rejected.
    static Verdict checkInviteTransition(const Invite& invite, InviteStatus target);
    // The roles an invite stores: Base is implicit and never stored.
    static QStringList storedInviteRoles(const QList<Role>& roles);

    // --- Members
    static Verdict checkRemoveMember(const QString& actorId, const Member& target, bool targetIsOwner);
    static Verdict checkRemovePendingInvite(const Invite& invite);
    // Normalises an update against the member's current roles, or refuses it.
    static Result<RoleChange> planRoleChange(const Member& member, const QList<Role>& toAdd,
                                             const QList<Role>& toRemove);

    // --- Combined checks for the UI: the permission and the state rule together.
    static Verdict canInvite(const PermissionSet& actorPermissions);
    static Verdict canRevoke(const PermissionSet& actorPermissions, const Invite& invite);
    static Verdict canChangeRoles(const PermissionSet& actorPermissions);
    static Verdict canRemoveMember(const PermissionSet& actorPermissions, const QString& actorId, const Member& target,
                                   bool targetIsOwner);
    static Verdict canEditRole(const PermissionSet& actorPermissions, const Role& role);
    static Verdict canDeleteRole(const PermissionSet& actorPermissions, const Role& role);
    static Verdict canUnassignRole(const PermissionSet& actorPermissions, const Role& role);

private:
    static QString actionPhrase(AccountAction action);
};
