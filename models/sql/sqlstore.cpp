// Forwards each store call to the engine on the worker thread.
#include "sqlstore.h"

SqlStore::SqlStore(const StoreUrl& url, const SqlActor& actor, QObject* parent)
    : AccountStore(parent)
    , m_url(url)
    , m_worker(new QObject)
    , m_engine(std::make_unique<SqlAccountEngine>(url, actor))
{
    m_capabilities = m_engine->capabilities();
    m_thread.setObjectName(QStringLiteral("roster-sql"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

SqlStore::~SqlStore()
{
    // The connection belongs to the worker thread, so it must be closed there.
    QMetaObject::invokeMethod(
        m_worker, [engine = m_engine.release()] { delete engine; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QFuture<Outcome> SqlStore::open(SqlAccountEngine::OpenMode mode)
{
    return post([mode](SqlAccountEngine& engine) { return engine.open(mode); });
}

void SqlStore::watchForChanges()
{
    post([this](SqlAccountEngine& engine) {
        engine.watchChanges([this] {
            // From the worker thread to ours; dropped if the store is gone by then.
            QMetaObject::invokeMethod(
                this, [this] { Q_EMIT changedElsewhere(); }, Qt::QueuedConnection);
        });
        return Done{};
    });
}

void SqlStore::prepareForChanges()
{
    post([](SqlAccountEngine& engine) {
        engine.prepareForChanges();
        return Done{};
    });
}

QFuture<Result<bool>> SqlStore::isInitialized()
{
    return post([](SqlAccountEngine& engine) { return engine.isInitialized(); });
}

QFuture<Result<Account>> SqlStore::initialize(const QString& accountName, const QString& ownerEmail)
{
    return post([=](SqlAccountEngine& engine) { return engine.initialize(accountName, ownerEmail); });
}

QFuture<Result<DemoSummary>> SqlStore::seedDemo(const DemoSpec& spec)
{
    return post([=](SqlAccountEngine& engine) { return engine.seedDemo(spec); });
}

QFuture<Result<PermissionSet>> SqlStore::effectivePermissions()
{
    return post([](SqlAccountEngine& engine) { return engine.effectivePermissions(); });
}

QFuture<Result<QList<Member>>> SqlStore::listMembers()
{
    return post([](SqlAccountEngine& engine) { return engine.listMembers(); });
}

QFuture<Result<QString>> SqlStore::ownerId()
{
    return post([](SqlAccountEngine& engine) { return engine.ownerId(); });
}

QFuture<Result<QStringList>> SqlStore::checkIntegrity()
{
    return post([](SqlAccountEngine& engine) { return engine.checkIntegrity(); });
}

QFuture<Result<QList<Invite>>> SqlStore::receivedInvites()
{
    return post([](SqlAccountEngine& engine) { return engine.receivedInvites(); });
}

QFuture<Result<AccountSnapshot>> SqlStore::loadAccount()
{
    return post([](SqlAccountEngine& engine) { return engine.loadAccount(); });
}

QFuture<Result<QList<Role>>> SqlStore::listRoles()
{
    return post([](SqlAccountEngine& engine) { return engine.listRoles(); });
}

QFuture<Result<Role>> SqlStore::role(const QString& roleId)
{
    return post([=](SqlAccountEngine& engine) { return engine.role(roleId); });
}

QFuture<Result<QList<Member>>> SqlStore::roleMembers(const QString& roleId)
{
    return post([=](SqlAccountEngine& engine) { return engine.roleMembers(roleId); });
}

QFuture<Result<RoleDetails>> SqlStore::roleDetails(const QString& roleId)
{
    return post([=](SqlAccountEngine& engine) { return engine.roleDetails(roleId); });
}

QFuture<Result<Member>> SqlStore::findMember(const QString& emailOrId)
{
    return post([=](SqlAccountEngine& engine) { return engine.findMember(emailOrId); });
}

QFuture<Result<Invite>> SqlStore::findInvite(const QString& emailOrId)
{
    return post([=](SqlAccountEngine& engine) { return engine.findInvite(emailOrId); });
}

QFuture<Result<QList<Invite>>> SqlStore::listInvites(std::optional<InviteStatus> status)
{
    return post([=](SqlAccountEngine& engine) { return engine.listInvites(status); });
}

QFuture<Result<QList<Permission>>> SqlStore::permissionCatalogue()
{
    return post([](SqlAccountEngine& engine) { return engine.permissionCatalogue(); });
}

QFuture<Result<QList<AuditEvent>>> SqlStore::auditLog(const AuditQuery& query)
{
    return post([=](SqlAccountEngine& engine) { return engine.auditLog(query); });
}

QFuture<Result<RoleUsage>> SqlStore::roleUsage(const QString& roleId)
{
    return post([=](SqlAccountEngine& engine) { return engine.roleUsage(roleId); });
}

QFuture<Result<int>> SqlStore::streamPeople(const PeopleQuery& query, PersonSink sink)
{
    return post([=, sink = std::move(sink)](SqlAccountEngine& engine) { return engine.streamPeople(query, sink); });
}

QFuture<Result<InviteReport>> SqlStore::inviteEach(const QList<NewInvite>& invites,
                                                   std::shared_ptr<BulkControl> control)
{
    return post([=](SqlAccountEngine& engine) -> Result<InviteReport> {
        // One transaction: nothing to follow or to stop halfway.
        if (control)
            control->total = int(invites.size());
        auto sent = engine.invite(invites);
        if (control && sent)
            control->finished = int(invites.size());
        if (!sent)
            return sent.error();
        return InviteReport{sent.takeValue(), {}, {}};
    });
}

QFuture<Result<Invite>> SqlStore::resendInvite(const QString& inviteId)
{
    return post([=](SqlAccountEngine& engine) { return engine.resendInvite(inviteId); });
}

QFuture<Result<BulkReport>> SqlStore::applyBulk(const BulkChange& change, std::shared_ptr<BulkControl> control)
{
    return post([=](SqlAccountEngine& engine) { return engine.applyBulk(change, control.get()); });
}

QFuture<Result<Invite>> SqlStore::revokeInvite(const QString& inviteId)
{
    return post([=](SqlAccountEngine& engine) { return engine.revokeInvite(inviteId); });
}

QFuture<Result<Account>> SqlStore::setInviteLifetime(int days)
{
    return post([=](SqlAccountEngine& engine) { return engine.setInviteLifetime(days); });
}

QFuture<Result<Member>> SqlStore::acceptInvite(const QString& inviteId)
{
    return post([=](SqlAccountEngine& engine) { return engine.acceptInvite(inviteId); });
}

QFuture<Result<Invite>> SqlStore::rejectInvite(const QString& inviteId)
{
    return post([=](SqlAccountEngine& engine) { return engine.rejectInvite(inviteId); });
}

QFuture<Result<Member>> SqlStore::updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                                    const QStringList& removeRoleIds)
{
    return post(
        [=](SqlAccountEngine& engine) { return engine.updateMemberRoles(memberId, addRoleIds, removeRoleIds); });
}

QFuture<Outcome> SqlStore::removeMember(const QString& memberId)
{
    return post([=](SqlAccountEngine& engine) { return engine.removeMember(memberId); });
}

QFuture<Result<Role>> SqlStore::createRole(const RoleDraft& draft)
{
    return post([=](SqlAccountEngine& engine) { return engine.createRole(draft); });
}

QFuture<Result<Role>> SqlStore::updateRole(const QString& roleId, const RoleDraft& draft)
{
    return post([=](SqlAccountEngine& engine) { return engine.updateRole(roleId, draft); });
}

QFuture<Result<Role>> SqlStore::duplicateRole(const QString& roleId, const QString& newName)
{
    return post([=](SqlAccountEngine& engine) { return engine.duplicateRole(roleId, newName); });
}

QFuture<Result<RoleUsage>> SqlStore::deleteRole(const QString& roleId)
{
    return post([=](SqlAccountEngine& engine) { return engine.deleteRole(roleId); });
}
