// Applies accepted store results to the shared account state and announces each change precisely.
#include "accountsession.h"

#include "futurewatch.h"

#include <QLoggingCategory>
#include <QPromise>

Q_LOGGING_CATEGORY(lcSession, "roster.ui.session")

AccountSession::AccountSession(AccountStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
}

const Role* AccountSession::role(const QString& id) const
{
    for (const auto& role : m_snapshot.roles) {
        if (role.id == id)
            return &role;
    }
    return nullptr;
}

const Role* AccountSession::systemRole(SystemRole system) const
{
    for (const auto& role : m_snapshot.roles) {
        if (role.system == system)
            return &role;
    }
    return nullptr;
}

QString AccountSession::roleName(const QString& id) const
{
    const Role* found = role(id);
    return found ? found->name : QString();
}

QStringList AccountSession::roleNames(const QStringList& roleIds, bool implicitBase) const
{
    // Base first (everyone has it), then the others in the account's role order.
    QStringList names;
    for (const auto& role : m_snapshot.roles) {
        const bool held = roleIds.contains(role.id) || (implicitBase && role.system == SystemRole::Base);
        if (!held)
            continue;
        if (role.system == SystemRole::Base)
            names.prepend(role.name);
        else
            names.append(role.name);
    }
    return names;
}

bool AccountSession::isOwner(const Member& member) const
{
    const Role* owner = systemRole(SystemRole::Owner);
    return owner && member.roleIds.contains(owner->id);
}

const Member* AccountSession::memberByEmail(const QString& email) const
{
    const QString key = emailKey(email);
    for (const auto& member : m_members) {
        if (emailKey(member.email) == key)
            return &member;
    }
    return nullptr;
}

void AccountSession::setBusy(int delta)
{
    const bool wasBusy = isBusy();
    m_pending += delta;
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
}

template <typename T, typename Apply>
QFuture<T> AccountSession::track(QFuture<T> future, Apply apply)
{
    // The caller's future resolves only after the state is updated, so its handler sees the new state.
    setBusy(+1);
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    onFinished(future, this, [this, apply, promise](T result) {
        setBusy(-1);
        if (result.ok())
            apply(result);
        else
            qCInfo(lcSession) << "refused:" << result.error().message;
        promise->addResult(result);
        promise->finish();
    });
    return promise->future();
}

void AccountSession::reload()
{
    const auto loaded = track(m_store->loadAccount(), [this](Result<AccountSnapshot>& result) {
        m_snapshot = result.takeValue();
        m_members.clear();
        m_invites.clear();
        m_members.reserve(m_snapshot.members.size());
        for (const auto& member : std::as_const(m_snapshot.members))
            m_members.insert(member.id, member);
        for (const auto& invite : std::as_const(m_snapshot.pendingInvites))
            m_invites.insert(invite.id, invite);
        // The hashes are the state from here on; the lists would only go stale.
        m_snapshot.members.clear();
        m_snapshot.pendingInvites.clear();
        m_loaded = true;
        Q_EMIT reset();
    });
    // track() applies successes only; failures are announced here.
    onFinished(loaded, this, [this](const Result<AccountSnapshot>& result) {
        if (!result)
            Q_EMIT loadFailed(result.error());
    });
}

QFuture<Result<QList<Invite>>> AccountSession::invite(const QStringList& emails, const QStringList& roleIds)
{
    return track(m_store->invite(emails, roleIds), [this](Result<QList<Invite>>& result) {
        for (const auto& invite : result.value())
            m_invites.insert(invite.id, invite);
        Q_EMIT invitesAdded(result.value());
    });
}

QFuture<Result<Invite>> AccountSession::revokeInvite(const QString& inviteId)
{
    return track(m_store->revokeInvite(inviteId), [this](Result<Invite>& result) {
        m_invites.remove(result.value().id);
        Q_EMIT inviteRemoved(result.value().id);
    });
}

void AccountSession::applyMember(const Member& member)
{
    const bool known = m_members.contains(member.id);
    m_members.insert(member.id, member);
    if (known)
        Q_EMIT memberChanged(member);
    else
        Q_EMIT membersAdded({member});
}

QFuture<Result<Member>> AccountSession::updateMemberRoles(const QString& memberId, const QStringList& add,
                                                          const QStringList& remove)
{
    return track(m_store->updateMemberRoles(memberId, add, remove),
                 [this](Result<Member>& result) { applyMember(result.value()); });
}

QFuture<Outcome> AccountSession::removeMember(const QString& memberId)
{
    return track(m_store->removeMember(memberId), [this, memberId](Outcome&) {
        m_members.remove(memberId);
        Q_EMIT memberRemoved(memberId);
    });
}

QFuture<Result<Role>> AccountSession::createRole(const RoleDraft& draft)
{
    return track(m_store->createRole(draft), [this](Result<Role>& result) {
        m_snapshot.roles.append(result.value());
        Q_EMIT roleAdded(result.value());
    });
}

QFuture<Result<Role>> AccountSession::updateRole(const QString& roleId, const RoleDraft& draft)
{
    return track(m_store->updateRole(roleId, draft), [this](Result<Role>& result) {
        for (auto& role : m_snapshot.roles) {
            if (role.id == result.value().id)
                role = result.value();
        }
        Q_EMIT roleChanged(result.value());
    });
}

QFuture<Result<Role>> AccountSession::duplicateRole(const QString& roleId, const QString& newName)
{
    return track(m_store->duplicateRole(roleId, newName), [this](Result<Role>& result) {
        m_snapshot.roles.append(result.value());
        Q_EMIT roleAdded(result.value());
    });
}

QFuture<Result<RoleUsage>> AccountSession::deleteRole(const QString& roleId)
{
    return track(m_store->deleteRole(roleId), [this, roleId](Result<RoleUsage>&) {
        m_snapshot.roles.erase(std::remove_if(m_snapshot.roles.begin(), m_snapshot.roles.end(),
                                              [&](const Role& role) { return role.id == roleId; }),
                               m_snapshot.roles.end());
        // The store unassigned the role everywhere in one transaction; mirror that here, and let
        // views drop it from their rows on the one roleRemoved() signal rather than a signal per member.
        for (auto& member : m_members)
            member.roleIds.removeAll(roleId);
        for (auto& invite : m_invites)
            invite.roleIds.removeAll(roleId);
        Q_EMIT roleRemoved(roleId);
    });
}

QFuture<Result<RoleUsage>> AccountSession::roleUsage(const QString& roleId)
{
    return m_store->roleUsage(roleId);
}
