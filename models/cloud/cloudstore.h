// The AccountStore over the Qdrant Cloud public REST API (account and IAM services).
//
// Every change is decided by AccessRules before anything is sent, in the rules' own order: what the credential can
// do, then the permission (from the credential's effective permissions, fetched once), then the state rules once
// the target is known. The server decides again; the console only avoids sending what is doomed.
#pragma once

#include "accessrules.h"
#include "accountstore.h"
#include "cloudclient.h"
#include "cloudjournal.h"

#include <QPointer>
#include <QPromise>

#include <memory>

#include <optional>
#include <variant>

class CloudStore final : public AccountStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloudStore)

public:
    // Changes to several people go out this many at a time, as a browser would send them.
    static constexpr int MaxCallsInFlight = 4;

    explicit CloudStore(const CloudOptions& options, QObject* parent = nullptr);

    CloudClient* client() const { return m_client; }
    QString location() const override;
    BackendCapabilities capabilities() const override;
    // Who the credential acts as: its effective permissions and, for a user token, who the user is. Fetched once,
    // and again by every loadAccount().
    QFuture<Result<ActorContext>> actorContext();

    QFuture<Result<AccountSnapshot>> loadAccount() override;
    QFuture<Result<QList<Role>>> listRoles() override;
    QFuture<Result<RoleDetails>> roleDetails(const QString& roleId) override;
    QFuture<Result<Member>> findMember(const QString& emailOrId) override;
    QFuture<Result<QList<Invite>>> receivedInvites() override;
    QFuture<Result<Invite>> findInvite(const QString& emailOrId) override;
    QFuture<Result<QList<Invite>>> listInvites(std::optional<InviteStatus> status) override;
    QFuture<Result<QList<Permission>>> permissionCatalogue() override;
    // The journal of changes made from this computer, which auditLog() reads.
    QFuture<Result<QList<AuditEvent>>> auditLog(const AuditQuery& query) override;
    const CloudJournal& journal() const { return m_journal; }
    QFuture<Result<RoleUsage>> roleUsage(const QString& roleId) override;
    QFuture<Result<InviteReport>> inviteEach(const QList<NewInvite>& invites,
                                             std::shared_ptr<BulkControl> control = {}) override;
    QFuture<Result<Invite>> revokeInvite(const QString& inviteId) override;
    QFuture<Result<Invite>> resendInvite(const QString& inviteId) override;
    QFuture<Result<BulkReport>> applyBulk(const BulkChange& change, std::shared_ptr<BulkControl> control) override;
    QFuture<Result<Member>> acceptInvite(const QString& inviteId) override;
    QFuture<Result<Invite>> rejectInvite(const QString& inviteId) override;
    QFuture<Result<Member>> updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                              const QStringList& removeRoleIds) override;
    QFuture<Outcome> removeMember(const QString& memberId) override;
    QFuture<Result<Role>> createRole(const RoleDraft& draft) override;
    QFuture<Result<Role>> updateRole(const QString& roleId, const RoleDraft& draft) override;
    QFuture<Result<Role>> duplicateRole(const QString& roleId, const QString& newName) override;
    QFuture<Result<RoleUsage>> deleteRole(const QString& roleId) override;
    QFuture<Result<Account>> setInviteLifetime(int days) override;

private:
    struct MemberList
    {
        QList<Member> members;
        QString ownerId;
    };
    // Someone named by email or id: a member, or a pending invitation.
    using Person = std::variant<Member, Invite>;

    QString account(const QString& service) const; // "/api/<service>/v1/accounts/<id>"
    // Stage 2 of loadAccount(): the lists parsed, then each role's users.
    static void loadAccountLists(QPointer<CloudStore> self, std::shared_ptr<QPromise<Result<AccountSnapshot>>> promise,
                                 const ActorContext& actor, const QList<QFuture<Result<QJsonObject>>>& replies);
    QFuture<Result<MemberList>> members();
    // `withRoles`: also the member's roles, one request for this member alone.
    QFuture<Result<Person>> resolvePerson(const QString& emailOrId, bool withRoles);
    QFuture<Result<Role>> resolveRole(const QString& idOrName);
    QFuture<Result<QList<Role>>> resolveRoles(const QStringList& idsOrNames);
    QFuture<Result<Invite>> resolveInvite(const QString& emailOrId);
    // The invitation the signed-in person answers: their own, or (for someone who may read invitations) any.
    QFuture<Result<Invite>> resolveAnsweredInvite(const ActorContext& actor, const QString& emailOrId);
    QFuture<Result<Member>> memberWithRoles(const Member& member);
    QFuture<Result<QJsonObject>> answerInvite(const QString& inviteId, AccountAction answer);
    // Sends a role definition (create or update) and reads the role the API answers with.
    QFuture<Result<Role>> sendRole(const QByteArray& method, const QString& path, const RoleDraft& draft);
    // Continues with `next` once AccessRules allowed `action` for this credential (backend, then permission).
    template <typename T, typename Next>
    QFuture<Result<T>> whenAllowed(AccountAction action, Next next);

    // One person's part of a bulk change: one call (two for a resend), after the rules allowed it.
    struct Applied
    {
        QString removedId;
        std::optional<Member> member;
        std::optional<Invite> invite;
        // A resend whose second call failed: the invitation is gone (removedId) and this says what to do.
        std::optional<Error> failedHalfway;
    };
    QFuture<Result<Applied>> applyTo(const BulkChange& change, const Person& person, const RoleChange& roles);

    // The changes themselves; the public overrides journal their outcome (cloudstore_journal.cpp).
    QFuture<Result<InviteReport>> inviteEachNow(const QList<NewInvite>& invites, std::shared_ptr<BulkControl> control);
    QFuture<Result<Invite>> revokeInviteNow(const QString& inviteId);
    QFuture<Result<Invite>> resendInviteNow(const QString& inviteId);
    QFuture<Result<BulkReport>> applyBulkNow(const BulkChange& change, std::shared_ptr<BulkControl> control);
    QFuture<Result<Member>> acceptInviteNow(const QString& inviteId);
    QFuture<Result<Invite>> rejectInviteNow(const QString& inviteId);
    QFuture<Result<Member>> updateMemberRolesNow(const QString& memberId, const QStringList& addRoleIds,
                                                 const QStringList& removeRoleIds);
    QFuture<Outcome> removeMemberNow(const QString& memberId);
    QFuture<Result<Role>> createRoleNow(const RoleDraft& draft);
    QFuture<Result<Role>> updateRoleNow(const QString& roleId, const RoleDraft& draft);
    QFuture<Result<Role>> duplicateRoleNow(const QString& roleId, const QString& newName);
    QFuture<Result<RoleUsage>> deleteRoleNow(const QString& roleId);

    // Writes the outcome of a change to the journal, once it is known: done, refused or failed, with the reason.
    template <typename T>
    QFuture<Result<T>> journaled(QFuture<Result<T>> change, const QString& action, const QString& target);
    void record(const QString& action, const QString& target, const QString& outcome);
    static QString outcomeOf(const Error& error);

    CloudClient* m_client;
    std::optional<ActorContext> m_actor;
    CloudJournal m_journal;
    QDateTime m_lastJournalAt;
};
