// The account operations over one SQL connection (SQLite or PostgreSQL), synchronous.
//
// Lives on the SQL store's worker thread, which owns the connection; the GUI never calls it directly. It plays the
// server: every mutation asks AccessRules with the acting user's context, and writes its audit event in the same
// transaction. The implementation is split by concern: this class's .cpp holds the connection, transactions and
// the actor; sqlengine_reads.cpp, sqlengine_people.cpp, sqlengine_roles.cpp and sqlengine_seed.cpp the rest.
#pragma once

#include "accessrules.h"
#include "accountstore.h"
#include "demodata.h"
#include "storeurl.h"

#include <QCoreApplication>
#include <QHash>
#include <QSqlDatabase>

#include <functional>

class QTimer;

// Who the engine acts for: the holder of the file (the Owner), a signed-in person by email (a member, or an invitee
// answering an invitation), or, behind `serve`, a management key with the Owner's permissions.
struct SqlActor
{
    QString email; // empty: the Owner
    bool managementKey = false;
};

class SqlAccountEngine
{
    Q_DECLARE_TR_FUNCTIONS(SqlAccountEngine)
    Q_DISABLE_COPY_MOVE(SqlAccountEngine)

public:
    enum class OpenMode {
        MustExist, // refuse to create a missing SQLite file
        CreateIfMissing,
    };

    SqlAccountEngine(const StoreUrl& url, const SqlActor& actor);
    ~SqlAccountEngine();

    BackendCapabilities capabilities() const;
    Outcome open(OpenMode mode);
    // Calls `onChange` (on this thread) whenever another connection commits a change to the account.
    void watchChanges(std::function<void()> onChange);
    // The console's connection, after its first load, while nobody waits: runs the once-per-connection check the
    // first change would otherwise wait for, and moves WAL checkpoints out of commits into the pauses after them.
    void prepareForChanges();
    Result<bool> isInitialized();
    // `roster-cli check`: the store's own consistency check (SQLite's integrity_check), and Roster's invariants.
    Result<QStringList> checkIntegrity();
    Result<Account> initialize(const QString& accountName, const QString& ownerEmail);
    Result<DemoSummary> seedDemo(const DemoSpec& spec);

    Result<AccountSnapshot> loadAccount();
    // AccountStore::streamPeople(): members read a row at a time in email order, merged with the pending
    // invitations; `sink` runs on this thread.
    Result<int> streamPeople(const PeopleQuery& query, const PersonSink& sink);
    // The acting member's effective permissions alone, without loading the account.
    Result<PermissionSet> effectivePermissions();
    // The members with their roles (needs read:users), without invites: what a members list call returns.
    Result<QList<Member>> listMembers();
    // The Owner's member id (needs read:users).
    Result<QString> ownerId();
    // The signed-in person's own invitations, whatever their status: no permission needed.
    Result<QList<Invite>> receivedInvites();
    Result<QList<Role>> listRoles();
    Result<RoleDetails> roleDetails(const QString& roleId);
    // One role (needs read:roles), without who holds it.
    Result<Role> role(const QString& roleId);
    // The members who hold a role, in one query and without their roles (needs read:roles; empty without read:users,
    // as in roleDetails): serve's roles/{id}/users, which a cloud page load asks for every role.
    Result<QList<Member>> roleMembers(const QString& roleId);
    Result<Member> findMember(const QString& emailOrId);
    Result<Invite> findInvite(const QString& emailOrId);
    Result<QList<Invite>> listInvites(std::optional<InviteStatus> status);
    Result<QList<Permission>> permissionCatalogue();
    Result<QList<AuditEvent>> auditLog(const AuditQuery& query);
    Result<RoleUsage> roleUsage(const QString& roleId);

    // All of them in one transaction, or none: every refused address is named.
    Result<QList<Invite>> invite(const QList<NewInvite>& invites);
    Result<Invite> revokeInvite(const QString& inviteId);
    // Renews a pending invitation: dated now, so its lifetime starts again.
    Result<Invite> resendInvite(const QString& inviteId);
    // One change for several people in one transaction: all are changed, or none is and every refusal is reported.
    Result<BulkReport> applyBulk(const BulkChange& change, BulkControl* control);
    Result<Member> acceptInvite(const QString& inviteId);
    Result<Invite> rejectInvite(const QString& inviteId);
    Result<Member> updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                     const QStringList& removeRoleIds);
    Outcome removeMember(const QString& memberId);
    Result<Role> createRole(const RoleDraft& draft);
    Result<Role> updateRole(const QString& roleId, const RoleDraft& draft);
    Result<Role> duplicateRole(const QString& roleId, const QString& newName);
    Result<RoleUsage> deleteRole(const QString& roleId);
    // How long invitations stay acceptable, in days; existing invitations are judged by the new lifetime at once.
    Result<Account> setInviteLifetime(int days);

private:
    // When an invitation created at `createdAtMs` expires under the account's lifetime.
    QDateTime expiryFor(qint64 createdAtMs);
    Outcome openSqlite(OpenMode mode);
    Outcome openPostgres();
    // Creates or upgrades the tables (and turns on WAL): only for a store about to hold an account.
    Outcome prepareForWriting();
    Error readOnlyRefusal() const;
    // Before the first write of this connection: a damaged file is refused, not written into.
    void checkBeforeWriting();
    // After every COMMIT of this connection.
    void committed();
    QString quickCheck(); // "ok", or what is wrong with the file
    QSqlDatabase database() const;
    QSqlQuery run(const QString& sql, const QVariantList& binds = {});
    // run() in two steps, for a statement executed many times: prepare once, then bind and execute each time.
    QSqlQuery prepared(const QString& sql);
    void execute(QSqlQuery& query, const QVariantList& binds);
    template <typename T, typename Body>
    Result<T> transact(Body&& body);
    template <typename T, typename Body>
    Result<T> readOnly(Body&& body);

    // Who acts, as AccessRules needs it. A person who is not a member gets a context without permissions.
    ActorContext context();
    // The context, once AccessRules allowed `action` (backend, then permission) and the actor is a member.
    ActorContext requireAction(AccountAction action);
    // The name audit events give the actor: their email, or "management key".
    static QString auditName(const ActorContext& actor);
    void audit(const QString& actor, const QString& action, const QString& target, const QString& detail = {});
    // `rows` into `tableAndColumns` ("invites (id, email)"), BatchRows rows per statement, each bound as `rowMarks`.
    void insertRows(const QString& tableAndColumns, const QString& rowMarks, const QList<QVariantList>& rows);

    Account loadAccountRow();
    // The account, its built-in roles and its Owner, inside the caller's transaction.
    Account createAccount(const QString& accountName, const QString& ownerEmail);
    QList<Role> loadRoles();
    Role loadRole(const QString& roleIdOrName);
    QList<Role> resolveRoles(const QStringList& roleIds);
    std::optional<Member> memberByEmailOrId(const QString& emailOrId);
    Member loadMemberRoles(Member member);
    PermissionSet permissionsOf(const QString& memberId);
    QString ownerMemberId();
    std::optional<Invite> inviteByEmailOrId(const QString& emailOrId);
    // One person's part of a change, inside the caller's transaction; a refusal is thrown.
    Member memberFor(const ActorContext& current, const QString& memberId, AccountAction action);
    // The pending invitation `target` names; a member, or a closed invitation, is refused as the rules word it.
    Invite pendingInviteFor(const ActorContext& current, const QString& target, BulkChange::Kind kind);
    // The address of whoever `emailOrId` names, for reports; the text itself when it names no one.
    QString emailOf(const QString& emailOrId);
    Member removeMemberIn(const ActorContext& current, const QString& memberId);
    // A bulk change's targets (ids or addresses) that are members, read together.
    QHash<QString, Member> membersByTarget(const QStringList& targets);
    // The roles of these members, read together: a member without any is absent.
    QHash<QString, QStringList> rolesOfMembers(const QStringList& memberIds);
    // Runs `change` for each target, listing in `report` whom the rules refuse and counting progress in `control`;
    // a damaged or unreachable store ends it all (sqlengine_bulk.cpp).
    template <typename Change>
    void judgeEach(const QStringList& targets, BulkControl* control, BulkReport& report, Change change);
    // Judges and removes every target, listing the refused in `report` (and then removing no one).
    void removeMembersIn(const ActorContext& current, const QStringList& targets, BulkControl* control,
                         BulkReport& report);
    // A bulk revoke's or resend's targets that name an invitation, read together: for each, the one
    // inviteByEmailOrId() picks (an id; else the address's pending invitation; else its newest).
    QHash<QString, Invite> invitesByTarget(const QStringList& targets);
    // Judges and revokes or resends (`kind`) every target, as removeMembersIn() does.
    void answerInvitesIn(const ActorContext& current, BulkChange::Kind kind, const QStringList& targets,
                         BulkControl* control, BulkReport& report);
    // The same for giving and taking roles.
    void changeRolesOfMembersIn(const ActorContext& current, const QStringList& targets, const QList<Role>& toAdd,
                                const QList<Role>& toRemove, BulkControl* control, BulkReport& report);
    Invite revokeInviteIn(const ActorContext& current, const QString& inviteId);
    Invite resendInviteIn(const ActorContext& current, const QString& inviteId);
    Member changeRolesIn(const ActorContext& current, const QString& memberId, const QList<Role>& toAdd,
                         const QList<Role>& toRemove);
    // The invitation an accept or reject names, as far as the actor may see it (else NotFound).
    std::optional<Invite> answeredInvite(const ActorContext& actor, const QString& inviteId);
    QList<Member> loadMembers(const QString& roleFilterId);
    QList<Invite> loadInvites(std::optional<InviteStatus> status, const QString& roleFilterId);
    // How many members hold the role and how many pending invites carry it.
    RoleUsage countUsage(const Role& role);
    QString roleIdOf(SystemRole role);
    void insertRole(const Role& role);
    void writeRolePermissions(const Role& role);

    StoreUrl m_url;
    SqlActor m_actor;
    QString m_connectionName;
    QString m_instanceId; // tells our own change notifications from other admins'
    QTimer* m_changePoll = nullptr; // SQLite only; lives and dies on the worker thread
    QTimer* m_idleCheckpoint = nullptr; // SQLite in the console: checkpoints after a pause, not inside a commit
    bool m_rolledBack = false; // run() ended a failed PostgreSQL transaction early
    bool m_readOnly = false; // an SQLite file (or folder) we may not write: reads only
    bool m_hasSchema = false; // Roster's tables exist; without them the store holds no account
    bool m_integrityChecked = false;
};
