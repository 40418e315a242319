// Keeps the table in step with AccountSession one row at a time; resets only when the whole account reloads or a
// removal is too scattered to announce run by run.
#include "allusersmodel.h"

#include <algorithm>
#include <vector>

AllUsersModel::AllUsersModel(AccountSession* session, QObject* parent)
    : UserTableModel(session, parent)
{
    connect(session, &AccountSession::reset, this, &AllUsersModel::rebuild);
    connect(session, &AccountSession::membersAdded, this, [this](const QList<Member>& members) {
        QList<Row> rows;
        rows.reserve(members.size());
        RolesTextCache cache;
        for (const auto& member : members)
            rows.append(rowFor(member, &cache));
        appendRows(rows);
    });
    connect(session, &AccountSession::memberChanged, this, &AllUsersModel::upsertMember);
    connect(session, &AccountSession::memberRolesChanged, this, &AllUsersModel::updateRoles);
    connect(session, &AccountSession::memberRemoved, this, &AllUsersModel::removeRowWithId);
    connect(session, &AccountSession::invitesAdded, this, [this](const QList<Invite>& invites) {
        QList<Row> rows;
        rows.reserve(invites.size());
        RolesTextCache cache;
        for (const auto& invite : invites) {
            // Still pending: a batch may arrive after one of them was revoked.
            if (m_session->pendingInvites().contains(invite.id))
                rows.append(rowFor(invite, &cache));
        }
        appendRows(rows);
    });
    connect(session, &AccountSession::inviteRemoved, this, &AllUsersModel::removeRowWithId);
    connect(session, &AccountSession::peopleRemoved, this, &AllUsersModel::removeRowsWithIds);
    connect(session, &AccountSession::inviteChanged, this, &AllUsersModel::upsertInvite);
    connect(session, &AccountSession::inviteExpiryChanged, this, &AllUsersModel::refreshExpiry);
    connect(session, &AccountSession::roleChanged, this, &AllUsersModel::refreshRolesText);
    connect(session, &AccountSession::roleRemoved, this, [this](const QString& roleId) {
        for (auto& row : m_rows)
            row.roleIds.removeAll(roleId);
        refreshRolesText();
    });
    if (session->isLoaded())
        rebuild();
}

int AllUsersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QString AllUsersModel::rolesTextFor(const QStringList& roleIds, bool pending, RolesTextCache* cache) const
{
    if (!cache)
        return m_session->roleNames(roleIds, pending).join(QStringLiteral(", "));
    // 100,000 rows hold few distinct role sets: compute each set's text once.
    QVarLengthArray<const void*, 8> key;
    key.append(pending ? this : nullptr);
    for (const auto& id : roleIds)
        key.append(id.constData());
    auto it = cache->constFind(key);
    if (it == cache->constEnd())
        it = cache->insert(key, m_session->roleNames(roleIds, pending).join(QStringLiteral(", ")));
    return *it;
}

UserTableModel::Row AllUsersModel::rowFor(const Member& member, RolesTextCache* cache, const QString& key) const
{
    const QString folded = key.isNull() ? emailKey(member.email) : key;
    return {member.id,
            member.email,
            folded,
            UserFilter::sortPrefix(folded),
            member.roleIds,
            rolesTextFor(member.roleIds, false, cache),
            member.invitedBy,
            member.joinedAt,
            false,
            {},
            0};
}

UserTableModel::Row AllUsersModel::rowFor(const Invite& invite, RolesTextCache* cache, const QString& key) const
{
    const QString folded = key.isNull() ? emailKey(invite.email) : key;
    return {invite.id,
            invite.email,
            folded,
            UserFilter::sortPrefix(folded),
            invite.roleIds,
            rolesTextFor(invite.roleIds, true, cache),
            invite.invitedBy,
            invite.createdAt,
            true,
            invite.status == InviteStatus::Unknown ? invite.unknownStatus : QString(),
            invite.expiresAt.isValid() ? invite.expiresAt.toMSecsSinceEpoch() : 0};
}

void AllUsersModel::rebuild()
{
    // The whole account was (re)loaded: the one case where a reset is the right signal.
    beginResetModel();
    // Rows in the views' default order (by email): sorting then costs the proxy a few merges instead of a full
    // sort, after this load and after every large removal, and a range selected in the view is one run here.
    // The people are put in order first and the rows built in that order: sorting the 200-byte rows themselves
    // was four fifths of this function at 100,000 people.
    struct Placed
    {
        UserFilter::SortPrefix prefix;
        QString key;
        const Member* member;
        const Invite* invite;
    };
    std::vector<Placed> order;
    order.reserve(m_session->members().size() + m_session->pendingInvites().size());
    for (const auto& member : m_session->members()) {
        QString key = emailKey(member.email);
        order.push_back({UserFilter::sortPrefix(key), std::move(key), &member, nullptr});
    }
    for (const auto& invite : m_session->pendingInvites()) {
        QString key = emailKey(invite.email);
        order.push_back({UserFilter::sortPrefix(key), std::move(key), nullptr, &invite});
    }
    std::sort(order.begin(), order.end(), [](const Placed& a, const Placed& b) {
        return UserFilter::emailKeyLess(a.prefix, a.key, b.prefix, b.key);
    });
    m_rows = {};
    m_rows.reserve(qsizetype(order.size()) + SpareRows);
    RolesTextCache cache;
    for (const auto& placed : order)
        m_rows.append(placed.member ? rowFor(*placed.member, &cache, placed.key)
                                    : rowFor(*placed.invite, &cache, placed.key));
    reindexFrom(0);
    endResetModel();
}

void AllUsersModel::reindexFrom(int first)
{
    if (first == 0 || m_indexStale) {
        m_index.clear();
        m_indexStale = true; // rowOf() rebuilds it when it is next asked
        return;
    }
    for (int i = first; i < m_rows.size(); ++i)
        m_index.insert(m_rows.at(i).id, i);
}

int AllUsersModel::rowOf(const QString& id) const
{
    if (m_indexStale) {
        m_index.reserve(m_rows.size());
        for (int i = 0; i < m_rows.size(); ++i)
            m_index.insert(m_rows.at(i).id, i);
        m_indexStale = false;
    }
    return m_index.value(id, -1);
}

void AllUsersModel::appendRows(const QList<Row>& rows)
{
    if (rows.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    // Rows are relocatable, so outgrowing the room is a realloc(): the C library moves a block this large by
    // remapping its pages, never holding the old and the new rows at once, and the room not yet used costs address
    // space, not memory. (reserve() would copy the rows into a second block: 45 MB at once for a 10,000-invitation
    // send on 100,000 people.)
    m_rows.append(rows);
    reindexFrom(first);
    endInsertRows();
}

void AllUsersModel::removeRowWithId(const QString& id)
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

void AllUsersModel::removeRowsWithIds(const QStringList& ids)
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

void AllUsersModel::removeRowsAndReset(const QSet<QString>& gone)
{
    beginResetModel();
    m_rows.removeIf([&gone](const Row& row) { return gone.contains(row.id); });
    reindexFrom(0);
    endResetModel();
}

void AllUsersModel::upsertInvite(const Invite& invite)
{
    const int row = rowOf(invite.id);
    if (row < 0) {
        appendRows({rowFor(invite)});
        return;
    }
    m_rows[row] = rowFor(invite);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::DisplayRole, RoleIdsRole, SortRole});
}

void AllUsersModel::upsertMember(const Member& member)
{
    const int row = rowOf(member.id);
    if (row < 0) {
        appendRows({rowFor(member)});
        return;
    }
    m_rows[row] = rowFor(member);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::DisplayRole, RoleIdsRole, SortRole});
}

void AllUsersModel::updateRoles(const QList<Member>& members)
{
    // Thousands of members at once: the rows change in place and the Roles column says so in one signal. Only that
    // column: a proxy sorted by another one then need not move a row.
    RolesTextCache cache;
    QList<Row> added;
    int first = int(m_rows.size());
    int last = -1;
    for (const auto& member : members) {
        const int row = rowOf(member.id);
        if (row < 0) {
            added.append(rowFor(member, &cache));
            continue;
        }
        Row& shown = m_rows[row];
        shown.roleIds = member.roleIds;
        shown.rolesText = rolesTextFor(member.roleIds, false, &cache);
        first = std::min(first, row);
        last = std::max(last, row);
    }
    if (last >= 0)
        Q_EMIT dataChanged(index(first, RolesColumn), index(last, RolesColumn),
                           {Qt::DisplayRole, RoleIdsRole, SortRole});
    appendRows(added);
}

void AllUsersModel::refreshExpiry()
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

void AllUsersModel::refreshRolesText()
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
