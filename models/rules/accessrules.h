// The account access rules of RULES.md: every decision, and the wording of every refusal, in one place with no I/O.
//
// Each action has one decision function. Its inputs are who acts (ActorContext) and the target; its answer is
// "allowed" or one refusal, checked in one fixed order: what the backend can do, then the permission, then the
// state rules. The SQL engine, the cloud store, `serve`, roster-cli and every enabled control and tooltip ask these
// functions, so a refusal reads the same wherever an admin meets it.
#pragma once

#include "domain.h"
#include "permissioncatalogue.h"
#include "result.h"

#include <QCoreApplication>

// Every operation guarded by a permission, as in RULES.md's "Who may do what" table.
enum class AccountAction {
    SeeProfile, // one's own profile: Base grants it to every member
    SeeMembers,
    SeeInvites,
    SeeRoles,
    SeeAuditLog,
    Invite,
    RevokeInvite,
    ResendInvite,
    AcceptInvite, // the invitee's own act: no permission, only the identity
    RejectInvite,
    ChangeMemberRoles,
    RemoveMember,
    EditRole, // create, rename, duplicate, edit permissions
    DeleteRole,
    SetInviteLifetime, // the account's invitation lifetime (local stores)
};

// Who acts, as far as the rules care: the one input every decision shares.
struct ActorContext
{
    QString actorId; // the acting member; empty for a management key or for someone not (yet) a member
    QString actorEmail; // the signed-in user; empty for a management key
    PermissionSet permissions; // the union of the actor's roles
    BackendCapabilities backend;
    QString ownerId; // the Owner's member id
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

    // --- Who is who
    static bool isOwner(const ActorContext& actor, const Member& member);
    static bool isSelf(const ActorContext& actor, const Member& member);

    // --- The first two steps of every decision: what the backend can do, then the permission.
    // Stores call this before they look the target up, so that a refusal names what the action needs.
    static Verdict checkAction(const ActorContext& actor, AccountAction action);
    static QString requiredPermission(AccountAction action); // empty for the invitee's own acts
    static Verdict checkPermission(const PermissionSet& actorPermissions, AccountAction action);
    static PermissionSet systemRolePermissions(SystemRole role, const PermissionCatalogue& catalogue);

    // --- Decisions: one per action, each the whole answer for its target.
    static Verdict canInvite(const ActorContext& actor);
    // The roles an invitation grants: never Owner, and only roles whose permissions the actor holds.
    static Verdict canInviteWithRoles(const ActorContext& actor, const QList<Role>& roles);
    static Verdict canRevoke(const ActorContext& actor, const Invite& invite);
    // Resend… on a pending invitation (and, on the cloud, revoking it first: delete:invites as well).
    static Verdict canResend(const ActorContext& actor, const Invite& invite);
    static Verdict canAccept(const ActorContext& actor, const Invite& invite);
    // How long invitations stay acceptable, in whole days.
    static Verdict canSetInviteLifetime(const ActorContext& actor, int days);
    static Verdict canReject(const ActorContext& actor, const Invite& invite);
    // Manage roles… on a member; a pending invitation's roles cannot be changed.
    static Verdict canChangeRoles(const ActorContext& actor, const Member& member);
    static Verdict canChangeRoles(const ActorContext& actor, const Invite& invite);
    // Whether `role` may be given to someone by a role update or an invitation (no Owner, no escalation).
    static Verdict canGrantRole(const ActorContext& actor, const Role& role);
    // Normalises an update against the member's current roles, or refuses it: the whole decision for a role update.
    static Result<RoleChange> planRoleChange(const ActorContext& actor, const Member& member, const QList<Role>& toAdd,
                                             const QList<Role>& toRemove);
    // Remove role from user… on a role's Users tab.
    static Verdict canUnassignRole(const ActorContext& actor, const Member& member, const Role& role);
    static Verdict canRemoveMember(const ActorContext& actor, const Member& member);
    // Remove on a pending invitation: refused, it is revoked instead.
    static Verdict canRemoveMember(const ActorContext& actor, const Invite& invite);
    // One row of a bulk change, in the words of the single action: a row refused here is left out of the change.
    // `roles` are the account's roles, for ChangeRoles.
    static Verdict canApplyTo(const ActorContext& actor, const BulkChange& change, const Member& member,
                              const QList<Role>& roles);
    static Verdict canApplyTo(const ActorContext& actor, const BulkChange& change, const Invite& invite);
    static AccountAction bulkAction(BulkChange::Kind kind);
    // Someone looked up as a member who has only a pending invitation.
    static Verdict notYetAMember(const Invite& invite);
    // Add role…: may the actor create roles at all; then the draft itself against the account's roles.
    static Verdict canCreateRole(const ActorContext& actor);
    static Verdict canCreateRole(const ActorContext& actor, const RoleDraft& draft, const QList<Role>& roles);
    // Rename… and the Permissions tab of `role`; then a draft to save over it.
    static Verdict canEditRole(const ActorContext& actor, const Role& role);
    static Verdict canUpdateRole(const ActorContext& actor, const Role& role, const RoleDraft& draft,
                                 const QList<Role>& roles);
    // Duplicate… of `source`; then under `name`.
    static Verdict canDuplicateRole(const ActorContext& actor, const Role& source);
    static Verdict canDuplicateRole(const ActorContext& actor, const Role& source, const QString& name,
                                    const QList<Role>& roles);
    static Verdict canDeleteRole(const ActorContext& actor, const Role& role);

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
    // Whether the actor may put `permission` into a role: only what they hold themself (no escalation).
    static bool holdsPermission(const ActorContext& actor, const QString& permission);
    static Verdict checkRoleMutable(const Role& role);
    static QString duplicateNameProposal(const QString& name);
    // "NAME copy", else "NAME copy 2", 3… : the first proposal no role in `taken` already uses.
    static QString freeDuplicateName(const QString& name, const QStringList& taken);
    // The names of `roles`, but the one with `exceptRoleId`: the names a new or renamed role must not take.
    static QStringList takenNames(const QList<Role>& roles, const QString& exceptRoleId = {});

    // --- Invitations
    static Verdict checkEmail(const QString& email);
    // Splits what an admin typed (commas, spaces, new lines) into addresses.
    static QStringList splitEmails(const QString& text);
    // Each address of a batch on its own: valid, and not listed earlier in the batch.
    static QList<Verdict> checkInviteAddresses(const QStringList& emails);
    // A batch of addresses: at least one, each valid, none listed twice. The refusal names every bad address.
    static Verdict checkInviteBatch(const QStringList& emails);
    // `invitedBy`: who sent the pending invite, when there is one, so a loser of a race learns who won.
    static Verdict checkInvitee(const QString& email, bool isActiveMember, bool hasPendingInvite,
                                const QString& invitedBy = {});
    // Only a PENDING invite can be revoked, accepted or rejected.
    static Verdict checkInviteTransition(const Invite& invite, InviteStatus target);
    // The roles an invite stores: Base is implicit and never stored.
    static QStringList storedInviteRoles(const QList<Role>& roles);

    // No escalation, one permission at a time: whether the actor may put `permission` into a role definition.
    static Verdict canGrantPermission(const ActorContext& actor, const QString& permission);

private:
    static QString actionPhrase(AccountAction action);
    static Verdict checkBackend(const ActorContext& actor, AccountAction action);
    static Verdict checkInvitee(const ActorContext& actor, const Invite& invite, InviteStatus target);
    // No escalation: every permission in `permissions` must be one the actor holds.
    static QStringList lackedPermissions(const ActorContext& actor, const PermissionSet& permissions);
    static Verdict checkDefinitionGrantable(const ActorContext& actor, const PermissionSet& permissions);
    // A role definition the actor saves: valid, only what they hold, and a name no other role has.
    static Verdict checkDraftFor(const ActorContext& actor, const RoleDraft& draft, const QStringList& takenNames);
};
