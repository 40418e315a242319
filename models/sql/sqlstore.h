// The AccountStore over SQLite or PostgreSQL: the engine runs on a worker thread that owns the connection.
#pragma once

#include "accountstore.h"
#include "demodata.h"
#include "sqlaccountengine.h"

#include <QPromise>
#include <QThread>

#include <memory>

class SqlStore final : public AccountStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SqlStore)

public:
    SqlStore(const StoreUrl& url, const SqlActor& actor, QObject* parent = nullptr);
    ~SqlStore() override;

    QFuture<Outcome> open(SqlAccountEngine::OpenMode mode);
    QFuture<Result<bool>> isInitialized();
    QFuture<Result<Account>> initialize(const QString& accountName, const QString& ownerEmail);
    QFuture<Result<DemoSummary>> seedDemo(const DemoSpec& spec);
    QFuture<Result<PermissionSet>> effectivePermissions();
    QFuture<Result<QList<Member>>> listMembers();
    QFuture<Result<QString>> ownerId();
    QFuture<Result<QStringList>> checkIntegrity();
    QFuture<Result<Role>> role(const QString& roleId);
    QFuture<Result<QList<Member>>> roleMembers(const QString& roleId);

    QString location() const override { return m_url.displayString(); }
    BackendCapabilities capabilities() const override { return m_capabilities; }
    void watchForChanges() override;
    void prepareForChanges() override;

    QFuture<Result<AccountSnapshot>> loadAccount() override;
    QFuture<Result<QList<Role>>> listRoles() override;
    QFuture<Result<RoleDetails>> roleDetails(const QString& roleId) override;
    QFuture<Result<Member>> findMember(const QString& emailOrId) override;
    QFuture<Result<QList<Invite>>> receivedInvites() override;
    QFuture<Result<Invite>> findInvite(const QString& emailOrId) override;
    QFuture<Result<QList<Invite>>> listInvites(std::optional<InviteStatus> status) override;
    QFuture<Result<QList<Permission>>> permissionCatalogue() override;
    QFuture<Result<QList<AuditEvent>>> auditLog(const AuditQuery& query) override;
    QFuture<Result<RoleUsage>> roleUsage(const QString& roleId) override;
    QFuture<Result<int>> streamPeople(const PeopleQuery& query, PersonSink sink) override;
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
    // Queues `job` on the worker thread and returns a future of its result.
    template <typename Job>
    auto post(Job job) -> QFuture<std::invoke_result_t<Job, SqlAccountEngine&>>
    {
        using R = std::invoke_result_t<Job, SqlAccountEngine&>;
        auto promise = std::make_shared<QPromise<R>>();
        auto future = promise->future();
        promise->start();
        SqlAccountEngine* engine = m_engine.get();
        QMetaObject::invokeMethod(
            m_worker,
            [promise, engine, job = std::move(job)]() mutable {
                promise->addResult(job(*engine));
                promise->finish();
            },
            Qt::QueuedConnection);
        return future;
    }

    StoreUrl m_url;
    BackendCapabilities m_capabilities;
    QThread m_thread;
    QObject* m_worker = nullptr; // lives on m_thread; the context jobs run in
    std::unique_ptr<SqlAccountEngine> m_engine; // used only on m_thread
};
