// The open account's one shared state: every page reads it, every mutation goes through it.
//
// Mutations are sent to the store; when the store accepts, the session applies the result to its
// state and announces exactly what changed, so views update rows in place and never drift apart.
#pragma once

#include "accessrules.h"
#include "accountstore.h"
#include "peoplebyid.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

class QTimer;

class AccountSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountSession)

public:
    explicit AccountSession(AccountStore* store, QObject* parent = nullptr);

    AccountStore* store() const { return m_store; }
    bool isLoaded() const { return m_loaded; }
    bool isBusy() const { return m_pending > 0; }

    // The state as last loaded or changed.
    const Account& account() const { return m_snapshot.account; }
    const Member& actor() const { return m_snapshot.actor; }
    const PermissionSet& actorPermissions() const { return m_snapshot.actorPermissions; }
    bool membersVisible() const { return m_snapshot.membersVisible; }
    bool invitesVisible() const { return m_snapshot.invitesVisible; }
    bool rolesVisible() const { return m_snapshot.rolesVisible; }
    const QList<Role>& roles() const { return m_snapshot.roles; }
    const QHash<QString, Member>& members() const { return m_members.all(); }
    const QHash<QString, Invite>& pendingInvites() const { return m_invites.all(); }

    const Role* role(const QString& id) const;
    const Role* systemRole(SystemRole system) const;
    QString roleName(const QString& id) const;
    // A member's or invite's roles as names, in the account's role order, Base included.
    QStringList roleNames(const QStringList& roleIds, bool implicitBase) const;
    // Who acts, as AccessRules needs it for every decision the pages show.
    ActorContext actorContext() const;
    bool isOwner(const Member& member) const;
    bool isSelf(const Member& member) const { return member.id == m_snapshot.actor.id; }
    // By email address, in any case; constant time, for checks that run per keystroke or per imported row.
    const Member* memberByEmail(const QString& email) const;
    const Invite* pendingInviteByEmail(const QString& email) const;

    // Loads everything off the GUI thread; emits reset() or loadFailed().
    void reload();
    // Loads again and applies only the differences, row by row: how changes by other admins arrive.
    void refresh();
    // Describes an audit event for the message bar, e.g. "bo@example.com revoked the invitation for cy@example.com."
    static QString describe(const AuditEvent& event);

    QFuture<Result<InviteReport>> invite(const QStringList& emails, const QStringList& roleIds);
    // Each invitation with its own roles (a previewed list); `control` follows and cancels them on the cloud.
    QFuture<Result<InviteReport>> inviteEach(const QList<NewInvite>& invites,
                                             std::shared_ptr<BulkControl> control = {});
    QFuture<Result<Invite>> revokeInvite(const QString& inviteId);
    QFuture<Result<Member>> updateMemberRoles(const QString& memberId, const QStringList& add,
                                              const QStringList& remove);
    QFuture<Outcome> removeMember(const QString& memberId);
    QFuture<Result<Invite>> resendInvite(const QString& inviteId);
    // A multi-selection's change; `control` follows and cancels it where the backend goes person by person.
    QFuture<Result<BulkReport>> applyBulk(const BulkChange& change, std::shared_ptr<BulkControl> control = {});
    QFuture<Result<Role>> createRole(const RoleDraft& draft);
    QFuture<Result<Role>> updateRole(const QString& roleId, const RoleDraft& draft);
    QFuture<Result<Role>> duplicateRole(const QString& roleId, const QString& newName);
    QFuture<Result<RoleUsage>> deleteRole(const QString& roleId);
    QFuture<Result<RoleUsage>> roleUsage(const QString& roleId);
    // The account's invitation lifetime; every pending invitation is judged by the new one at once.
    QFuture<Result<Account>> setInviteLifetime(int days);

    // For a change learnt elsewhere (another console, an accepted invite): applies it like our own.
    void applyMember(const Member& member);
    // Members whose roles changed: the known ones in one memberRolesChanged, any others as added.
    void applyMemberRoles(const QList<Member>& members);
    void applyInvite(const QString& previousId, const Invite& invite);

Q_SIGNALS:
    void busyChanged(bool busy);
    void reset();
    void loadFailed(const Error& error);
    void membersAdded(const QList<Member>& members);
    void memberChanged(const Member& member);
    // Several members' roles changed at once (a bulk change, or others' changes that refresh() found): one signal,
    // so that views update in one pass instead of once per member.
    void memberRolesChanged(const QList<Member>& members);
    void memberRemoved(const QString& memberId);
    void invitesAdded(const QList<Invite>& invites);
    void inviteRemoved(const QString& inviteId);
    // Several members and invitations gone at once (a bulk change): one signal, so views update in one pass.
    void peopleRemoved(const QStringList& ids);
    // Invitations renewed in place (resent): one signal for a bulk resend of thousands, as for roles.
    void invitesChanged(const QList<Invite>& invites);
    void roleAdded(const Role& role);
    void roleChanged(const Role& role);
    void roleRemoved(const QString& roleId);
    // The invitation lifetime changed: every pending invitation has a new expiry.
    void inviteExpiryChanged();
    // Something other admins did, in words, after refresh() applied it.
    void changedByOthers(const QString& description);

private:
    template <typename T, typename Apply>
    QFuture<T> track(QFuture<T> future, Apply apply);
    void setBusy(int delta);
    void merge(AccountSnapshot fresh);
    // A role deleted here or elsewhere: no one holds it any more.
    void dropRoleFromEveryone(const QString& roleId);
    void takeSnapshot(AccountSnapshot snapshot);
    void reportOthersChanges();

    AccountStore* m_store;
    AccountSnapshot m_snapshot; // members and invites live in the hashes below instead
    PeopleById<Member> m_members;
    PeopleById<Invite> m_invites;
    bool m_loaded = false;
    int m_pending = 0;
    QTimer* m_refreshTimer;
    QDateTime m_auditMark; // newest audit event already seen or reported
    bool m_refreshing = false;
};
