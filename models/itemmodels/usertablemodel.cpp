// Keeps the table in step with AccountSession one row at a time; resets only when the whole account reloads.
#include "usertablemodel.h"

#include <QLocale>
#include <QTimer>

UserTableModel::UserTableModel(AccountSession* session, const QString& roleFilterId, QObject* parent)
    : QAbstractTableModel(parent)
    , m_session(session)
    , m_roleFilterId(roleFilterId)
{
    connect(session, &AccountSession::reset, this, &UserTableModel::rebuild);
    connect(session, &AccountSession::membersAdded, this, [this](const QList<Member>& members) {
        QList<Row> rows;
        for (const auto& member : members) {
            if (wants(member.roleIds))
                rows.append(rowFor(member));
        }
        appendRows(rows);
    });
    connect(session, &AccountSession::memberChanged, this, &UserTableModel::upsertMember);
    connect(session, &AccountSession::memberRemoved, this, &UserTableModel::removeRowWithId);
    connect(session, &AccountSession::invitesAdded, this, [this](const QList<Invite>& invites) {
        const auto add = [this](const QList<Invite>& added) {
            QList<Row> rows;
            RolesTextCache cache;
            for (const auto& invite : added) {
                // Still pending: a deferred batch may arrive after one of them was revoked.
                if (wants(invite.roleIds) && m_session->pendingInvites().contains(invite.id))
                    rows.append(rowFor(invite, &cache));
            }
            appendRows(rows);
        };
        // As with removals: a role's tab takes a large batch one turn after User Management.
        if (m_roleFilterId.isEmpty() || invites.size() <= MaxRowRemovals)
            add(invites);
        else
            QTimer::singleShot(NextFrameMs, this, [add, invites] { add(invites); });
    });
    connect(session, &AccountSession::inviteRemoved, this, &UserTableModel::removeRowWithId);
    if (m_roleFilterId.isEmpty()) {
        connect(session, &AccountSession::peopleRemoved, this, &UserTableModel::removeRowsWithIds);
    } else {
        // A role's Users tab takes a large removal a frame after User Management does, so that the two tables'
        // resets (each re-sorting up to 100,000 rows) never freeze the same frame. A zero timer would not do: it
        // runs in the same pass of the event loop, before the window has painted.
        connect(session, &AccountSession::peopleRemoved, this, [this](const QStringList& ids) {
            if (ids.size() <= MaxRowRemovals)
                removeRowsWithIds(ids);
            else
                QTimer::singleShot(NextFrameMs, this, [this, ids] { removeRowsWithIds(ids); });
        });
    }
    connect(session, &AccountSession::inviteChanged, this, &UserTableModel::upsertInvite);
    connect(session, &AccountSession::inviteExpiryChanged, this, &UserTableModel::refreshExpiry);
    connect(session, &AccountSession::roleChanged, this, &UserTableModel::refreshRolesText);
    connect(session, &AccountSession::roleRemoved, this, [this](const QString& roleId) {
        if (roleId == m_roleFilterId) {
            rebuild();
            return;
        }
        for (auto& row : m_rows)
            row.roleIds.removeAll(roleId);
        refreshRolesText();
    });
    if (session->isLoaded())
        rebuild();
}

int UserTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UserTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UserTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case EmailColumn:
            return row.email;
        case StatusColumn:
            if (!row.unknownStatus.isEmpty())
                return unknownValueLabel(row.unknownStatus);
            if (row.isExpired(Clock::nowMs()))
                return tr("Expired invite");
            return row.pending ? tr("Pending invite") : tr("Active");
        case RolesColumn:
            return row.rolesText;
        case InvitedByColumn:
            return row.invitedBy.isEmpty() ? QStringLiteral("—") : row.invitedBy;
        case DateColumn:
            return QLocale().toString(row.date.toLocalTime().date(), QLocale::ShortFormat);
        case ExpiresColumn:
            if (!row.pending || row.expiresAtMs == 0)
                return QString();
            return QLocale().toString(row.expiresAt().toLocalTime().date(), QLocale::ShortFormat);
        case ActionsColumn:
            return tr("Actions");
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ExpiresColumn && row.pending && row.expiresAtMs != 0)
            return (row.isExpired(Clock::nowMs()) ? tr("Expired %1; resend it to renew it") : tr("Expires %1"))
                .arg(QLocale().toString(row.expiresAt().toLocalTime(), QLocale::LongFormat));
        if (index.column() == DateColumn)
            return (row.pending ? tr("Invited %1") : tr("Joined %1"))
                .arg(QLocale().toString(row.date.toLocalTime(), QLocale::LongFormat));
        if (index.column() == ActionsColumn)
            return tr("Actions for %1").arg(row.email);
        break;
    case Qt::AccessibleTextRole:
        if (index.column() == ActionsColumn)
            return tr("Actions for %1").arg(row.email);
        break;
    case IdRole:
        return row.id;
    case IsPendingRole:
        return row.pending;
    case IsExpiredRole:
        return row.isExpired(Clock::nowMs());
    case RoleIdsRole:
        return row.pending && !m_baseRoleId.isEmpty() ? QStringList{m_baseRoleId} + row.roleIds : row.roleIds;
    case SortRole:
        switch (index.column()) {
        case EmailColumn:
            return row.emailKey;
        case StatusColumn:
            return int(row.pending) + int(row.isExpired(Clock::nowMs()));
        case RolesColumn:
            return row.rolesText;
        case InvitedByColumn:
            return row.invitedBy;
        case DateColumn:
            return row.date;
        case ExpiresColumn:
            return row.expiresAtMs;
        }
        break;
    }
    return {};
}

QVariant UserTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section == DateColumn && role == Qt::ToolTipRole)
        return tr("When a member joined, or when a pending invitation was sent");
    if (orientation == Qt::Horizontal && section == ExpiresColumn && role == Qt::ToolTipRole)
        return m_session->store() && !m_session->store()->capabilities().invitesExpire
            ? tr("Invitations on this backend do not expire")
            : tr("When a pending invitation stops being acceptable; resending renews it");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case EmailColumn:
        return tr("Email");
    case StatusColumn:
        return tr("Status");
    case RolesColumn:
        return tr("Roles");
    case InvitedByColumn:
        return tr("Invited by");
    case DateColumn:
        return tr("Date");
    case ExpiresColumn:
        return tr("Expires");
    case ActionsColumn:
        return tr("Actions");
    }
    return {};
}

bool UserTableModel::wants(const QStringList& roleIds) const
{
    if (m_roleFilterId.isEmpty())
        return true;
    const Role* role = m_session->role(m_roleFilterId);
    return role && holdsRole(roleIds, *role);
}

QString UserTableModel::rolesTextFor(const QStringList& roleIds, bool pending, RolesTextCache* cache) const
{
    if (!cache)
        return m_session->roleNames(roleIds, pending).join(QStringLiteral(", "));
    // 100,000 rows hold few distinct role sets: compute each set's text once.
    const QStringList key = pending ? QStringList{QStringLiteral("+base")} + roleIds : roleIds;
    auto it = cache->constFind(key);
    if (it == cache->constEnd())
        it = cache->insert(key, m_session->roleNames(roleIds, pending).join(QStringLiteral(", ")));
    return *it;
}

UserTableModel::Row UserTableModel::rowFor(const Member& member, RolesTextCache* cache) const
{
    const QString key = emailKey(member.email);
    return {member.id,
            member.email,
            key,
            UserFilter::sortPrefix(key),
            member.roleIds,
            rolesTextFor(member.roleIds, false, cache),
            member.invitedBy,
            member.joinedAt,
            false,
            {},
            0};
}

UserTableModel::Row UserTableModel::rowFor(const Invite& invite, RolesTextCache* cache) const
{
    const QString key = emailKey(invite.email);
    return {invite.id,
            invite.email,
            key,
            UserFilter::sortPrefix(key),
            invite.roleIds,
            rolesTextFor(invite.roleIds, true, cache),
            invite.invitedBy,
            invite.createdAt,
            true,
            invite.status == InviteStatus::Unknown ? invite.unknownStatus : QString(),
            invite.expiresAt.isValid() ? invite.expiresAt.toMSecsSinceEpoch() : 0};
}

void UserTableModel::rebuild()
{
    // The whole account was (re)loaded: the one case where a reset is the right signal.
    beginResetModel();
    const Role* base = m_session->systemRole(SystemRole::Base);
    m_baseRoleId = base ? base->id : QString();
    m_rows.clear();
    // Room for exactly the rows this table shows: a role's tab reserving room for everyone held 21 MB for Admin's
    // 3,000 people.
    qsizetype wanted = m_session->members().size() + m_session->pendingInvites().size();
    if (!m_roleFilterId.isEmpty()) {
        wanted = 0;
        for (const auto& member : m_session->members())
            wanted += wants(member.roleIds) ? 1 : 0;
        for (const auto& invite : m_session->pendingInvites())
            wanted += wants(invite.roleIds) ? 1 : 0;
    }
    m_rows.reserve(wanted);
    RolesTextCache cache;
    for (const auto& member : m_session->members()) {
        if (wants(member.roleIds))
            m_rows.append(rowFor(member, &cache));
    }
    for (const auto& invite : m_session->pendingInvites()) {
        if (wants(invite.roleIds))
            m_rows.append(rowFor(invite, &cache));
    }
    // Rows in the views' default order (by email): sorting then costs the proxy a few merges instead of a full
    // sort, after this load and after every large removal, and a range selected in the view is one run here.
    std::sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) {
        return UserFilter::emailKeyLess(a.emailPrefix, a.emailKey, b.emailPrefix, b.emailKey);
    });
    reindexFrom(0);
    endResetModel();
}

void UserTableModel::reindexFrom(int first)
{
    if (first == 0 || m_indexStale) {
        m_index.clear();
        m_indexStale = true; // rowOf() rebuilds it when it is next asked
        return;
    }
    for (int i = first; i < m_rows.size(); ++i)
        m_index.insert(m_rows.at(i).id, i);
}

int UserTableModel::rowOf(const QString& id) const
{
    if (m_indexStale) {
        m_index.reserve(m_rows.size());
        for (int i = 0; i < m_rows.size(); ++i)
            m_index.insert(m_rows.at(i).id, i);
        m_indexStale = false;
    }
    return m_index.value(id, -1);
}

void UserTableModel::appendRows(const QList<Row>& rows)
{
    if (rows.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    // When the rows outgrow the room, an eighth more than needed: QList's own growth would leave a 100,000-row
    // table half as much again unused (33 MB in one block), and exactly enough would copy them all for every invite.
    const qsizetype needed = m_rows.size() + rows.size();
    if (needed > m_rows.capacity())
        m_rows.reserve(needed + needed / 8);
    m_rows.append(rows);
    reindexFrom(first);
    endInsertRows();
}

void UserTableModel::removeRowWithId(const QString& id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_index.remove(id);
    m_rows.removeAt(row);
    reindexFrom(row);
    endRemoveRows();
}

void UserTableModel::removeRowsWithIds(const QStringList& ids)
{
    // Past MaxRowRemovals the table is reset anyway: no need to find each row first.
    if (ids.size() > MaxRowRemovals) {
        removeRowsAndReset(QSet<QString>(ids.cbegin(), ids.cend()));
        return;
    }
    QList<int> rows;
    rows.reserve(ids.size());
    for (const auto& id : ids) {
        if (const int row = rowOf(id); row >= 0)
            rows.append(row);
    }
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    // Contiguous runs, removed from the last so that earlier rows keep their numbers.
    QList<std::pair<int, int>> runs;
    for (const int row : rows) {
        if (!runs.isEmpty() && runs.last().second + 1 == row)
            runs.last().second = row;
        else
            runs.append({row, row});
    }
    // Many scattered runs (thousands of selected people) cost more as row removals than as one new table.
    if (runs.size() > MaxRemovalRuns) {
        removeRowsAndReset(QSet<QString>(ids.cbegin(), ids.cend()));
        return;
    }
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        beginRemoveRows({}, run->first, run->second);
        for (int row = run->first; row <= run->second; ++row)
            m_index.remove(m_rows.at(row).id);
        m_rows.remove(run->first, run->second - run->first + 1);
        reindexFrom(run->first);
        endRemoveRows();
    }
}

void UserTableModel::removeRowsAndReset(const QSet<QString>& gone)
{
    beginResetModel();
    m_rows.removeIf([&gone](const Row& row) { return gone.contains(row.id); });
    reindexFrom(0);
    endResetModel();
}

void UserTableModel::upsertInvite(const Invite& invite)
{
    const int row = rowOf(invite.id);
    if (row < 0) {
        if (wants(invite.roleIds))
            appendRows({rowFor(invite)});
        return;
    }
    m_rows[row] = rowFor(invite);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::DisplayRole, RoleIdsRole, SortRole});
}

void UserTableModel::upsertMember(const Member& member)
{
    const int row = rowOf(member.id);
    const bool wanted = wants(member.roleIds);
    if (row < 0) {
        if (wanted)
            appendRows({rowFor(member)});
        return;
    }
    if (!wanted) {
        removeRowWithId(member.id);
        return;
    }
    m_rows[row] = rowFor(member);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::DisplayRole, RoleIdsRole, SortRole});
}

void UserTableModel::refreshExpiry()
{
    if (m_rows.isEmpty())
        return;
    const auto& invites = m_session->pendingInvites();
    for (auto& row : m_rows) {
        if (!row.pending)
            continue;
        const auto it = invites.constFind(row.id);
        row.expiresAtMs = it != invites.constEnd() && it->expiresAt.isValid() ? it->expiresAt.toMSecsSinceEpoch() : 0;
    }
    // One signal for the lot: a lifetime change touches every pending row, and the proxy re-filters them.
    Q_EMIT dataChanged(index(0, StatusColumn), index(rowCount() - 1, ExpiresColumn),
                       {Qt::DisplayRole, Qt::ToolTipRole, SortRole, IsExpiredRole});
}

void UserTableModel::refreshRolesText()
{
    if (m_rows.isEmpty())
        return;
    RolesTextCache cache;
    for (auto& row : m_rows)
        row.rolesText = rolesTextFor(row.roleIds, row.pending, &cache);
    // One signal for the whole column instead of one per row.
    Q_EMIT dataChanged(index(0, RolesColumn), index(int(m_rows.size()) - 1, RolesColumn),
                       {Qt::DisplayRole, RoleIdsRole, SortRole});
}
