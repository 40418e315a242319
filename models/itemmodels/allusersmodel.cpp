// Keeps the table in step with AccountSession one row at a time, in email order; resets only when the whole account
// reloads or a change is too scattered to announce run by run.
#include "allusersmodel.h"

#include <algorithm>
#include <future>
#include <system_error>
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
        insertRows(std::move(rows));
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
        insertRows(std::move(rows));
    });
    connect(session, &AccountSession::inviteRemoved, this, &AllUsersModel::removeRowWithId);
    connect(session, &AccountSession::peopleRemoved, this, &AllUsersModel::removeRowsWithIds);
    connect(session, &AccountSession::invitesChanged, this, &AllUsersModel::updateInvites);
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
    // Rows in email order, which the proxies show as is, and a range selected in the view is one run here.
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
    for (const auto& member : m_session->members())
        order.push_back({{}, {}, &member, nullptr});
    for (const auto& invite : m_session->pendingInvites())
        order.push_back({{}, {}, nullptr, &invite});
    const auto before = [](const Placed& a, const Placed& b) {
        return UserFilter::emailKeyLess(a.prefix, a.key, b.prefix, b.key);
    };
    // Keys for [from, to), then that part sorted. Reads the session and writes only its own part of `order`.
    const auto placePart = [&order, &before](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            Placed& placed = order[i];
            placed.key = emailKey(placed.member ? placed.member->email : placed.invite->email);
            placed.prefix = UserFilter::sortPrefix(placed.key);
        }
        std::sort(order.begin() + std::ptrdiff_t(from), order.begin() + std::ptrdiff_t(to), before);
    };
    // A large account is keyed and sorted in two halves at once, then merged: the loader's core is idle by now,
    // and this was a third of the work between the load and the first rows on screen.
    const std::size_t half = order.size() / 2;
    std::future<void> otherHalf;
    if (order.size() >= std::size_t(ParallelRows)) {
        try {
            otherHalf = std::async(std::launch::async, placePart, half, order.size());
        } catch (const std::system_error&) {
            // No thread to be had: this one does both halves.
        }
    }
    if (otherHalf.valid()) {
        placePart(0, half);
        otherHalf.get();
        std::inplace_merge(order.begin(), order.begin() + std::ptrdiff_t(half), order.end(), before);
    } else {
        placePart(0, order.size());
    }
    m_rows = {};
    m_rows.reserve(qsizetype(order.size()) + SpareRows);
    RolesTextCache cache;
    for (const auto& placed : order)
        m_rows.append(placed.member ? rowFor(*placed.member, &cache, placed.key)
                                    : rowFor(*placed.invite, &cache, placed.key));
    endResetModel();
}

int AllUsersModel::rowOf(const QString& id) const
{
    // The session has the person, so their address says where the row is: a binary search, and no index of our
    // own to hold (7 MB at 100,000 people) or keep in step.
    QString email;
    if (const auto member = m_session->members().constFind(id); member != m_session->members().cend())
        email = member->email;
    else if (const auto invite = m_session->pendingInvites().constFind(id);
             invite != m_session->pendingInvites().cend())
        email = invite->email;
    if (!email.isNull()) {
        Row probe;
        probe.emailKey = emailKey(email);
        probe.emailPrefix = UserFilter::sortPrefix(probe.emailKey);
        // The first row with this address, then the one with this id among the (rare) rows sharing it.
        auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), probe,
                                   [](const Row& a, const Row& b) { return a.sortsBefore(b); });
        for (; it != m_rows.cend() && it->emailKey == probe.emailKey; ++it) {
            if (it->id == id)
                return int(it - m_rows.cbegin());
        }
    }
    // Someone the session has just let go (their row goes next), or whose address just changed: one pass over
    // the rows, under a millisecond at 100,000.
    const auto it = std::find_if(m_rows.cbegin(), m_rows.cend(), [&id](const Row& row) { return row.id == id; });
    return it != m_rows.cend() ? int(it - m_rows.cbegin()) : -1;
}

void AllUsersModel::insertRows(QList<Row> rows)
{
    if (rows.isEmpty())
        return;
    const auto before = [](const Row& a, const Row& b) {
        return a.sortsBefore(b);
    };
    std::stable_sort(rows.begin(), rows.end(), before);
    // Where each new row goes in the table as it is now, and the runs of new rows that go to the same place.
    struct Run
    {
        qsizetype at;
        qsizetype from;
        qsizetype count;
    };
    QVarLengthArray<Run, MaxInsertRuns + 1> runs;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const qsizetype at = std::upper_bound(m_rows.cbegin(), m_rows.cend(), rows.at(i), before) - m_rows.cbegin();
        if (!runs.isEmpty() && runs.last().at == at) {
            ++runs.last().count;
            continue;
        }
        if (runs.size() == MaxInsertRuns) {
            mergeAndReset(std::move(rows));
            return;
        }
        runs.append({at, i, 1});
    }
    // The last run first: the places of the runs before it do not move.
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        beginInsertRows({}, int(run->at), int(run->at + run->count) - 1);
        // Rows are relocatable: making room is one memmove, and outgrowing the block a realloc(), which the C
        // library does for a block this large by remapping its pages, never holding the old and the new rows at
        // once. (reserve() would copy the rows into a second block: 45 MB at once for a 10,000-invitation send.)
        m_rows.insert(run->at, run->count, Row());
        std::move(rows.begin() + run->from, rows.begin() + run->from + run->count, m_rows.begin() + run->at);
        endInsertRows();
    }
}

void AllUsersModel::mergeAndReset(QList<Row> sortedRows)
{
    beginResetModel();
    // Merged from the back into room made at the end (a realloc(), as above): every row moves once, and the table
    // is never held twice.
    qsizetype kept = m_rows.size();
    qsizetype added = sortedRows.size();
    m_rows.resize(kept + added);
    qsizetype out = m_rows.size();
    while (added > 0) {
        // On equal addresses the new row goes after the old one, as insertRows() puts it.
        if (kept > 0 && sortedRows.at(added - 1).sortsBefore(m_rows.at(kept - 1)))
            m_rows[--out] = std::move(m_rows[--kept]);
        else
            m_rows[--out] = std::move(sortedRows[--added]);
    }
    endResetModel();
}

void AllUsersModel::replaceRow(int row, Row fresh)
{
    // A changed address moves the row to where it now sorts.
    if (fresh.emailKey != m_rows.at(row).emailKey) {
        removeRowWithId(fresh.id);
        insertRows({std::move(fresh)});
        return;
    }
    m_rows[row] = std::move(fresh);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::DisplayRole, RoleIdsRole, SortRole});
}

void AllUsersModel::removeRowWithId(const QString& id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void AllUsersModel::removeRowsWithIds(const QStringList& ids)
{
    // Past MaxRowRemovals the table is reset anyway: no need to find each row first.
    if (ids.size() > MaxRowRemovals) {
        removeRowsAndReset(QSet<QString>(ids.cbegin(), ids.cend()));
        return;
    }
    // The session has let them go already, so their rows are found in one pass, in order.
    QSet<QString> gone(ids.cbegin(), ids.cend());
    QList<int> rows;
    rows.reserve(ids.size());
    for (int row = 0; row < m_rows.size() && rows.size() < gone.size(); ++row) {
        if (gone.contains(m_rows.at(row).id))
            rows.append(row);
    }
    if (rows.isEmpty())
        return;
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
        removeRowsAndReset(gone);
        return;
    }
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        beginRemoveRows({}, run->first, run->second);
        m_rows.remove(run->first, run->second - run->first + 1);
        endRemoveRows();
    }
}

void AllUsersModel::removeRowsAndReset(const QSet<QString>& gone)
{
    beginResetModel();
    m_rows.removeIf([&gone](const Row& row) { return gone.contains(row.id); });
    endResetModel();
}

void AllUsersModel::updateInvites(const QList<Invite>& invites)
{
    // A bulk resend renews thousands of rows in place: one signal for the span they cover, not one per row.
    RolesTextCache cache;
    QList<Row> added;
    QList<Row> moved; // a new address: the row goes elsewhere, after the rows changed in place are announced
    int first = int(m_rows.size());
    int last = -1;
    for (const auto& invite : invites) {
        const int row = rowOf(invite.id);
        Row fresh = rowFor(invite, &cache);
        if (row < 0) {
            added.append(std::move(fresh));
        } else if (fresh.emailKey != m_rows.at(row).emailKey) {
            moved.append(std::move(fresh));
        } else {
            m_rows[row] = std::move(fresh);
            first = std::min(first, row);
            last = std::max(last, row);
        }
    }
    if (last >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1), {Qt::DisplayRole, RoleIdsRole, SortRole});
    for (auto& fresh : moved) {
        const QString id = fresh.id;
        replaceRow(rowOf(id), std::move(fresh));
    }
    insertRows(std::move(added));
}

void AllUsersModel::upsertMember(const Member& member)
{
    const int row = rowOf(member.id);
    if (row < 0)
        insertRows({rowFor(member)});
    else
        replaceRow(row, rowFor(member));
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
    insertRows(std::move(added));
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
