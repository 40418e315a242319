// Applies accepted store results to the shared account state and announces each change precisely.
#include "accountsession.h"

#include "futurewatch.h"

#include <QLoggingCategory>
#include <QPromise>
#include <QSet>
#include <QTimer>

Q_LOGGING_CATEGORY(lcSession, "roster.ui.session")

AccountSession::AccountSession(AccountStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_refreshTimer(new QTimer(this))
{
    // Several commits in a burst (an import, a busy colleague) become one refresh.
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(100);
    connect(m_refreshTimer, &QTimer::timeout, this, &AccountSession::refresh);
    connect(store, &AccountStore::changedElsewhere, m_refreshTimer, qOverload<>(&QTimer::start));
    store->watchForChanges();
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

ActorContext AccountSession::actorContext() const
{
    ActorContext actor;
    actor.backend = m_store->capabilities();
    actor.actorId = m_snapshot.actor.id;
    actor.actorEmail = actor.backend.signedInUser ? m_snapshot.actor.email : QString();
    actor.permissions = m_snapshot.actorPermissions;
    actor.ownerId = m_snapshot.ownerId;
    return actor;
}

bool AccountSession::isOwner(const Member& member) const
{
    return AccessRules::isOwner(actorContext(), member);
}

const Member* AccountSession::memberByEmail(const QString& email) const
{
    return m_members.byEmail(email);
}

const Invite* AccountSession::pendingInviteByEmail(const QString& email) const
{
    return m_invites.byEmail(email);
}

void AccountSession::dropRoleFromEveryone(const QString& roleId)
{
    m_members.updateEach([&roleId](Member& member) { member.roleIds.removeAll(roleId); });
    m_invites.updateEach([&roleId](Invite& invite) { invite.roleIds.removeAll(roleId); });
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

void AccountSession::takeSnapshot(AccountSnapshot snapshot)
{
    m_snapshot = std::move(snapshot);
    m_members.clear(m_snapshot.members.size());
    m_invites.clear(m_snapshot.pendingInvites.size());
    for (const auto& member : std::as_const(m_snapshot.members))
        m_members.put(member);
    for (const auto& invite : std::as_const(m_snapshot.pendingInvites))
        m_invites.put(invite);
    // The hashes are the state from here on; the lists would only go stale. Assigned empty, not clear()ed: Qt 6's
    // clear() keeps the capacity, and gives a list it shares (the future still holds the loaded one) a new empty
    // block of that size, 17 MB for 100,000 members.
    m_snapshot.members = {};
    m_snapshot.pendingInvites = {};
}

void AccountSession::reload()
{
    const auto loaded = track(m_store->loadAccount(), [this](Result<AccountSnapshot>& result) {
        // Changes up to this state are not news: only later ones by others reach the message bar.
        m_auditMark = result.value().auditMark;
        takeSnapshot(result.takeValue());
        m_loaded = true;
        Q_EMIT reset();
        m_store->prepareForChanges();
    });
    // track() applies successes only; failures are announced here.
    onFinished(loaded, this, [this](const Result<AccountSnapshot>& result) {
        if (!result)
            Q_EMIT loadFailed(result.error());
    });
}

void AccountSession::refresh()
{
    if (!m_loaded)
        return reload();
    if (m_refreshing) {
        m_refreshTimer->start(); // one at a time; come back for what arrives meanwhile
        return;
    }
    m_refreshing = true;
    onFinished(m_store->loadAccount(), this, [this](Result<AccountSnapshot> result) {
        m_refreshing = false;
        if (!result) {
            Q_EMIT loadFailed(result.error());
            return;
        }
        merge(result.takeValue());
        reportOthersChanges();
    });
}

void AccountSession::merge(AccountSnapshot fresh)
{
    // Who we are or what we may see changed: the pages must start over.
    if (fresh.actorPermissions != m_snapshot.actorPermissions || fresh.actor.id != m_snapshot.actor.id) {
        takeSnapshot(std::move(fresh));
        Q_EMIT reset();
        return;
    }
    // Roles first, so that rows added or changed below find their role names.
    const QList<Role> before = m_snapshot.roles;
    m_snapshot.roles = fresh.roles;
    m_snapshot.account = fresh.account;
    m_snapshot.ownerId = fresh.ownerId;
    for (const auto& old : before) {
        if (!role(old.id)) {
            dropRoleFromEveryone(old.id);
            Q_EMIT roleRemoved(old.id);
        }
    }
    for (const auto& now : std::as_const(m_snapshot.roles)) {
        const auto old = std::find_if(before.cbegin(), before.cend(), [&](const Role& r) { return r.id == now.id; });
        if (old == before.cend())
            Q_EMIT roleAdded(now);
        else if (old->name != now.name || old->description != now.description || old->permissions != now.permissions)
            Q_EMIT roleChanged(now);
    }

    QSet<QString> seen;
    QList<Member> added;
    QList<Member> rolesChanged;
    for (auto& member : fresh.members) {
        seen.insert(member.id);
        const auto it = m_members.all().constFind(member.id);
        if (it == m_members.all().constEnd()) {
            added.append(member);
            continue;
        }
        const QSet<QString> oldRoles(it->roleIds.cbegin(), it->roleIds.cend());
        const QSet<QString> newRoles(member.roleIds.cbegin(), member.roleIds.cend());
        if (it->email != member.email)
            applyMember(member);
        else if (oldRoles != newRoles)
            rolesChanged.append(member);
    }
    applyMemberRoles(rolesChanged);
    for (const auto& member : std::as_const(added))
        m_members.put(member);
    if (!added.isEmpty())
        Q_EMIT membersAdded(added);
    const QStringList goneMembers = [&] {
        QStringList ids;
        for (auto it = m_members.all().cbegin(); it != m_members.all().cend(); ++it) {
            if (!seen.contains(it.key()))
                ids.append(it.key());
        }
        return ids;
    }();
    for (const auto& id : goneMembers) {
        m_members.drop(id);
        Q_EMIT memberRemoved(id);
    }

    QSet<QString> pending;
    QList<Invite> newInvites;
    for (const auto& invite : std::as_const(fresh.pendingInvites)) {
        pending.insert(invite.id);
        if (!m_invites.contains(invite.id)) {
            m_invites.put(invite);
            newInvites.append(invite);
        }
    }
    if (!newInvites.isEmpty())
        Q_EMIT invitesAdded(newInvites);
    const QStringList closed = [&] {
        QStringList ids;
        for (auto it = m_invites.all().cbegin(); it != m_invites.all().cend(); ++it) {
            if (!pending.contains(it.key()))
                ids.append(it.key());
        }
        return ids;
    }();
    for (const auto& id : closed) {
        m_invites.drop(id);
        Q_EMIT inviteRemoved(id);
    }
}

void AccountSession::reportOthersChanges()
{
    onFinished(m_store->auditLog(AuditQuery::newest(20)), this, [this](const Result<QList<AuditEvent>>& events) {
        if (!events) {
            // Without read:account the log is closed to us; say that something changed, not what.
            Q_EMIT changedByOthers(tr("Another admin changed the account."));
            return;
        }
        QStringList news;
        QDateTime newest = m_auditMark;
        for (const auto& event : events.value()) {
            if (m_auditMark.isValid() && event.at <= m_auditMark)
                break;
            if (!newest.isValid() || event.at > newest)
                newest = event.at;
            if (emailKey(event.actor) != emailKey(m_snapshot.actor.email))
                news.append(describe(event));
        }
        m_auditMark = newest;
        if (news.isEmpty())
            return;
        // Newest first in the log; tell the newest, and how many more.
        Q_EMIT changedByOthers(news.size() == 1
                                   ? news.first()
                                   : tr("%1 (and %n more change(s))", nullptr, int(news.size() - 1)).arg(news.first()));
    });
}

QString AccountSession::describe(const AuditEvent& event)
{
    const QString& who = event.actor;
    const QString& what = event.target;
    if (event.action == QLatin1String("invite.create"))
        return tr("%1 invited %2.").arg(who, what);
    if (event.action == QLatin1String("invite.revoke"))
        return tr("%1 revoked the invitation for %2.").arg(who, what);
    if (event.action == QLatin1String("invite.accept"))
        return tr("%1 accepted the invitation and joined the account.").arg(what);
    if (event.action == QLatin1String("invite.reject"))
        return tr("%1 declined the invitation.").arg(what);
    if (event.action == QLatin1String("member.roles"))
        return tr("%1 changed the roles of %2.").arg(who, what);
    if (event.action == QLatin1String("member.remove"))
        return tr("%1 removed %2 from the account.").arg(who, what);
    if (event.action == QLatin1String("role.create") || event.action == QLatin1String("role.duplicate"))
        return tr("%1 created the role %2.").arg(who, what);
    if (event.action == QLatin1String("role.update"))
        return tr("%1 changed the role %2.").arg(who, what);
    if (event.action == QLatin1String("role.delete"))
        return tr("%1 deleted the role %2.").arg(who, what);
    return tr("%1 changed the account.").arg(who);
}

QFuture<Result<InviteReport>> AccountSession::invite(const QStringList& emails, const QStringList& roleIds)
{
    QList<NewInvite> invites;
    invites.reserve(emails.size());
    for (const auto& email : emails)
        invites.append({email, roleIds});
    return inviteEach(invites);
}

QFuture<Result<InviteReport>> AccountSession::inviteEach(const QList<NewInvite>& invites,
                                                         std::shared_ptr<BulkControl> control)
{
    return track(m_store->inviteEach(invites, std::move(control)), [this](Result<InviteReport>& result) {
        const QList<Invite>& sent = result.value().sent;
        for (const auto& invite : sent)
            m_invites.put(invite);
        if (!sent.isEmpty())
            Q_EMIT invitesAdded(sent);
    });
}

QFuture<Result<Invite>> AccountSession::revokeInvite(const QString& inviteId)
{
    return track(m_store->revokeInvite(inviteId), [this](Result<Invite>& result) {
        m_invites.drop(result.value().id);
        Q_EMIT inviteRemoved(result.value().id);
    });
}

QFuture<Result<Invite>> AccountSession::resendInvite(const QString& inviteId)
{
    return track(m_store->resendInvite(inviteId),
                 [this, inviteId](Result<Invite>& result) { applyInvite(inviteId, result.value()); });
}

void AccountSession::applyInvite(const QString& previousId, const Invite& invite)
{
    // Renewed in place (the same id), or replaced by a new invitation (the cloud's revoke and send again).
    if (previousId != invite.id && m_invites.drop(previousId))
        Q_EMIT inviteRemoved(previousId);
    const bool known = m_invites.contains(invite.id);
    m_invites.put(invite);
    if (known)
        Q_EMIT invitesChanged({invite});
    else
        Q_EMIT invitesAdded({invite});
}

QFuture<Result<BulkReport>> AccountSession::applyBulk(const BulkChange& change, std::shared_ptr<BulkControl> control)
{
    // Applied even when some people were refused: on the cloud what was done stays done.
    const auto mirror = [this](const BulkReport& report) {
        QStringList removed;
        for (const auto& id : report.removedIds) {
            if (m_members.drop(id) || m_invites.drop(id))
                removed.append(id);
        }
        if (!removed.isEmpty())
            Q_EMIT peopleRemoved(removed);
        applyMemberRoles(report.changedMembers);
        QList<Invite> renewed;
        QList<Invite> added;
        for (const auto& invite : report.sentInvites) {
            (m_invites.contains(invite.id) ? renewed : added).append(invite);
            m_invites.put(invite);
        }
        if (!renewed.isEmpty())
            Q_EMIT invitesChanged(renewed);
        if (!added.isEmpty())
            Q_EMIT invitesAdded(added);
    };
    return track(m_store->applyBulk(change, std::move(control)),
                 [mirror](Result<BulkReport>& result) { mirror(result.value()); });
}

void AccountSession::applyMemberRoles(const QList<Member>& members)
{
    QList<Member> changed;
    QList<Member> added;
    for (const auto& member : members) {
        (m_members.contains(member.id) ? changed : added).append(member);
        m_members.put(member);
    }
    if (!changed.isEmpty())
        Q_EMIT memberRolesChanged(changed);
    if (!added.isEmpty())
        Q_EMIT membersAdded(added);
}

void AccountSession::applyMember(const Member& member)
{
    const bool known = m_members.contains(member.id);
    m_members.put(member);
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
        m_members.drop(memberId);
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

QFuture<Result<Account>> AccountSession::setInviteLifetime(int days)
{
    return track(m_store->setInviteLifetime(days), [this](Result<Account>& result) {
        m_snapshot.account = result.value();
        // What the store computes when it reads an invitation, applied to the ones already loaded.
        const int days = m_snapshot.account.inviteLifetimeDays;
        m_invites.updateEach([days](Invite& invite) { invite.expiresAt = inviteExpiry(invite.createdAt, days); });
        Q_EMIT inviteExpiryChanged();
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
        dropRoleFromEveryone(roleId);
        Q_EMIT roleRemoved(roleId);
    });
}

QFuture<Result<RoleUsage>> AccountSession::roleUsage(const QString& roleId)
{
    return m_store->roleUsage(roleId);
}
