// The one interface every backend implements: SQLite, PostgreSQL and the Qdrant Cloud API.
//
// Every call is asynchronous and returns a future that resolves on the store's own thread or
// network callback; callers attach continuations with a context object (QFuture::then) so that
// nothing runs after its receiver is gone.
#pragma once

#include "domain.h"
#include "result.h"

#include <QFuture>
#include <QObject>

#include <optional>

// A role with the people who hold it: the Role Details page's Users tab.
struct RoleDetails
{
    Role role;
    QList<Member> members;
    QList<Invite> pendingInvites;
};

// What a backend can do at all, independent of the actor's permissions (the cloud API lacks some calls).
struct StoreCapabilities
{
    QString inviteUnavailableReason; // empty when inviting is possible
    QString removeMemberUnavailableReason;
};

class AccountStore : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~AccountStore() override = default;

    // A human-readable name for the status bar: a file path, a database or a cloud account.
    virtual QString location() const = 0;
    virtual StoreCapabilities capabilities() const { return {}; }
    // Starts announcing changedElsewhere(); backends that cannot tell stay silent.
    virtual void watchForChanges() { }

    // Reads
    virtual QFuture<Result<AccountSnapshot>> loadAccount() = 0;
    virtual QFuture<Result<QList<Role>>> listRoles() = 0;
    virtual QFuture<Result<RoleDetails>> roleDetails(const QString& roleId) = 0;
    // `emailOrId` matches a member id, or an email case-insensitively.
    virtual QFuture<Result<Member>> findMember(const QString& emailOrId) = 0;
    // An invite id, or the email's pending invite (else its newest one).
    virtual QFuture<Result<Invite>> findInvite(const QString& emailOrId) = 0;
    virtual QFuture<Result<QList<Invite>>> listInvites(std::optional<InviteStatus> status) = 0;
    virtual QFuture<Result<QList<Permission>>> permissionCatalogue() = 0;
    virtual QFuture<Result<QList<AuditEvent>>> auditLog(int limit) = 0;
    virtual QFuture<Result<RoleUsage>> roleUsage(const QString& roleId) = 0;

    // Invitations: all addresses are invited, or none is.
    virtual QFuture<Result<QList<Invite>>> invite(const QStringList& emails, const QStringList& roleIds) = 0;
    virtual QFuture<Result<Invite>> revokeInvite(const QString& inviteId) = 0;
    virtual QFuture<Result<Member>> acceptInvite(const QString& inviteId) = 0;
    virtual QFuture<Result<Invite>> rejectInvite(const QString& inviteId) = 0;

    // Members
    virtual QFuture<Result<Member>> updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                                      const QStringList& removeRoleIds) = 0;
    virtual QFuture<Outcome> removeMember(const QString& memberId) = 0;

    // Roles
    virtual QFuture<Result<Role>> createRole(const RoleDraft& draft) = 0;
    virtual QFuture<Result<Role>> updateRole(const QString& roleId, const RoleDraft& draft) = 0;
    virtual QFuture<Result<Role>> duplicateRole(const QString& roleId, const QString& newName) = 0;
    virtual QFuture<Result<RoleUsage>> deleteRole(const QString& roleId) = 0;

Q_SIGNALS:
    // Another admin (another connection or machine) changed the account.
    void changedElsewhere();
};
