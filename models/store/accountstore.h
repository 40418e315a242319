// The one interface every backend implements: SQLite, PostgreSQL and the Qdrant Cloud API.
//
// Every call is asynchronous and returns a future that resolves on the store's own thread or
// network callback; callers attach continuations with a context object (QFuture::then) so that
// nothing runs after its receiver is gone.
#pragma once

#include "domain.h"
#include "peoplerows.h"
#include "result.h"

#include <QFuture>
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

// A role with the people who hold it: the Role Details page's Users tab.
struct RoleDetails
{
    Role role;
    QList<Member> members;
    QList<Invite> pendingInvites;
};

// One invitation to send: an address and the roles it will grant (ids or names; Base is implicit).
struct NewInvite
{
    QString email;
    QStringList roleIds;
};

// One person a change could not reach, and why.
struct Refusal
{
    QString email;
    Error error;
};

// What an invitation call did. A backend with atomic batches sends every address or none, and then the call fails;
// one without (the cloud API takes an address per call) tries each address and lists those it could not invite.
struct InviteReport
{
    QList<Invite> sent;
    QList<Refusal> refused;
    QStringList notSent; // cancelled before their turn (the cloud)
};

// Follows and stops a bulk change. Shared by the caller and the store (its worker thread, its network callbacks).
struct BulkControl
{
    std::atomic<int> finished{0};
    std::atomic<int> total{0};
    std::atomic<bool> cancelled{false};
};

// What a bulk change did, person by person.
struct BulkReport
{
    QStringList done; // who was changed, by email
    QList<Refusal> refused; // who was not, and why
    QStringList notSent; // cancelled before their turn came
    // Local stores: one refusal means nobody was changed (done is empty). The cloud changes each person on its own.
    bool allOrNothing = false;
    // What changed, so that a session mirrors it without reloading.
    QStringList removedIds; // members removed, invitations revoked, invitations replaced by a resend
    QList<Member> changedMembers;
    QList<Invite> sentInvites; // renewed or re-created invitations
};

class AccountStore : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~AccountStore() override = default;

    // A human-readable name for the status bar: a file path, a database or a cloud account.
    virtual QString location() const = 0;
    // What this backend can do at all, whoever acts; AccessRules words what it cannot.
    virtual BackendCapabilities capabilities() const { return {}; }
    // Starts announcing changedElsewhere(); backends that cannot tell stay silent.
    virtual void watchForChanges() { }
    // Work the store does once before its first change, done ahead while the admin reads the first screen.
    virtual void prepareForChanges() { }

    // Reads
    virtual QFuture<Result<AccountSnapshot>> loadAccount() = 0;
    virtual QFuture<Result<QList<Role>>> listRoles() = 0;
    virtual QFuture<Result<RoleDetails>> roleDetails(const QString& roleId) = 0;
    // `emailOrId` matches a member id, or an email case-insensitively.
    virtual QFuture<Result<Member>> findMember(const QString& emailOrId) = 0;
    // The signed-in person's own invitations, whatever their status (no permission needed): how an invitee finds
    // theirs.
    virtual QFuture<Result<QList<Invite>>> receivedInvites() = 0;
    // An invite id, or the email's pending invite (else its newest one).
    virtual QFuture<Result<Invite>> findInvite(const QString& emailOrId) = 0;
    virtual QFuture<Result<QList<Invite>>> listInvites(std::optional<InviteStatus> status) = 0;
    virtual QFuture<Result<QList<Permission>>> permissionCatalogue() = 0;
    virtual QFuture<Result<QList<AuditEvent>>> auditLog(const AuditQuery& query) = 0;
    virtual QFuture<Result<RoleUsage>> roleUsage(const QString& roleId) = 0;
    // Everyone `query` asks for, in email order, handed to `sink` a row at a time; resolves to how many rows went
    // out. Nothing reaches `sink` when the query is refused. The local stores read row by row, on their own thread,
    // and never hold the whole account; this default loads it and then hands out its rows.
    virtual QFuture<Result<int>> streamPeople(const PeopleQuery& query, PersonSink sink);

    // Invitations, each with its own roles: all are sent, or none is, unless capabilities().atomicBatches is false.
    // `control` follows and cancels the invitations where they go one call at a time.
    virtual QFuture<Result<InviteReport>> inviteEach(const QList<NewInvite>& invites,
                                                     std::shared_ptr<BulkControl> control = {}) = 0;
    // The same roles for every address.
    QFuture<Result<InviteReport>> invite(const QStringList& emails, const QStringList& roleIds)
    {
        QList<NewInvite> invites;
        invites.reserve(emails.size());
        for (const auto& email : emails)
            invites.append({email, roleIds});
        return inviteEach(invites);
    }
    virtual QFuture<Result<Invite>> revokeInvite(const QString& inviteId) = 0;
    // Sends a pending invitation again: renewed in place, or (capabilities().renewsInvites false) revoked and
    // created anew with the same roles.
    virtual QFuture<Result<Invite>> resendInvite(const QString& inviteId) = 0;
    // One change for several people: in one transaction where capabilities().atomicBatches, else person by person,
    // a few at a time, following and obeying `control` when given.
    virtual QFuture<Result<BulkReport>> applyBulk(const BulkChange& change,
                                                  std::shared_ptr<BulkControl> control = {}) = 0;
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
    // The account's invitation lifetime in days (local stores; the cloud refuses, in AccessRules' words).
    virtual QFuture<Result<Account>> setInviteLifetime(int days) = 0;

Q_SIGNALS:
    // Another admin (another connection or machine) changed the account.
    void changedElsewhere();
};
