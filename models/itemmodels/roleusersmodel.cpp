// Maps a role's tab onto User Management's rows. AllUsersModel only ever inserts runs of rows where their addresses
// sort, removes runs of them, changes them in place or resets; each has its handler here, and a large one is taken a
// frame later. Holders' row numbers ascending are User Management's email order, so this tab is in that order too.
#include "roleusersmodel.h"

#include "allusersmodel.h"

#include <algorithm>
#include <numeric>

RoleUsersModel::RoleUsersModel(AllUsersModel* all, const QString& roleId, QObject* parent)
    : UserTableModel(const_cast<AccountSession*>(all->session()), parent)
    , m_all(all)
    , m_roleId(roleId)
{
    m_catchUp.setSingleShot(true);
    m_catchUp.setInterval(NextFrameMs);
    connect(&m_catchUp, &QTimer::timeout, this, &RoleUsersModel::catchUp);

    connect(all, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        beginResetModel();
        m_sourceRows = {};
        m_refillPending = false;
    });
    connect(all, &QAbstractItemModel::modelReset, this, [this] {
        // A small table is taken at once; a large one a frame later, the tab empty until then.
        if (m_all->rowCount() <= MaxRowRemovals) {
            m_sourceRows = holdersIn(0, m_all->rowCount() - 1);
        } else {
            m_refillPending = true;
            m_catchUp.start();
        }
        endResetModel();
    });
    connect(all, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int first, int last) {
        if (m_refillPending)
            return;
        if (last - first + 1 > MaxRowRemovals)
            refillNextFrame();
        else
            takeInserted(first, last);
    });
    connect(all, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this](const QModelIndex&, int first, int last) {
        if (!m_refillPending)
            takeRemoved(first, last);
    });
    connect(all, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex&, int first, int last) {
        if (!m_refillPending)
            dropRemoved(first, last);
    });
    connect(all, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles) {
                if (!m_refillPending)
                    takeChanged(topLeft.row(), bottomRight.row(), topLeft.column(), bottomRight.column(), roles);
            });
    // AllUsersModel never moves rows; were it to, the row numbers would all be wrong, so start again.
    connect(all, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] { beginResetModel(); });
    connect(all, &QAbstractItemModel::layoutChanged, this, [this] {
        m_refillPending = false;
        m_sourceRows = holdersIn(0, m_all->rowCount() - 1);
        endResetModel();
    });
    m_sourceRows = holdersIn(0, m_all->rowCount() - 1);
}

int RoleUsersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_sourceRows.size());
}

const UserTableModel::Row& RoleUsersModel::rowAt(int row) const
{
    return m_all->rowAt(m_sourceRows.at(row));
}

int RoleUsersModel::rowOf(const QString& id) const
{
    const int sourceRow = m_all->rowOf(id);
    if (sourceRow < 0)
        return -1;
    const qsizetype position = positionOf(sourceRow);
    return position < m_sourceRows.size() && m_sourceRows.at(position) == sourceRow ? int(position) : -1;
}

qsizetype RoleUsersModel::positionOf(int sourceRow) const
{
    return std::lower_bound(m_sourceRows.cbegin(), m_sourceRows.cend(), sourceRow) - m_sourceRows.cbegin();
}

bool RoleUsersModel::holds(const Row& row, const Role* role) const
{
    return role && holdsRole(row.roleIds, *role);
}

QList<int> RoleUsersModel::holdersIn(int first, int last) const
{
    QList<int> rows;
    const Role* role = m_session->role(m_roleId);
    if (!role || last < first)
        return rows;
    // Every member holds Base: no need to look at each row.
    if (role->system == SystemRole::Base) {
        rows.resize(last - first + 1);
        std::iota(rows.begin(), rows.end(), first);
        return rows;
    }
    for (int row = first; row <= last; ++row) {
        if (holdsRole(m_all->rowAt(row).roleIds, *role))
            rows.append(row);
    }
    rows.squeeze();
    return rows;
}

void RoleUsersModel::refillNextFrame()
{
    beginResetModel();
    m_sourceRows = {};
    m_refillPending = true;
    endResetModel();
    m_catchUp.start();
}

void RoleUsersModel::catchUp()
{
    if (!m_refillPending)
        return;
    beginResetModel();
    m_refillPending = false;
    m_sourceRows = holdersIn(0, m_all->rowCount() - 1);
    endResetModel();
}

void RoleUsersModel::takeInserted(int first, int last)
{
    const int count = last - first + 1;
    const qsizetype position = positionOf(first);
    // The rows at and after `first` moved down.
    for (qsizetype i = position; i < m_sourceRows.size(); ++i)
        m_sourceRows[i] += count;
    const QList<int> holders = holdersIn(first, last);
    if (holders.isEmpty())
        return;
    beginInsertRows({}, int(position), int(position + holders.size()) - 1);
    m_sourceRows.insert(position, holders.size(), 0);
    std::copy(holders.cbegin(), holders.cend(), m_sourceRows.begin() + position);
    endInsertRows();
}

void RoleUsersModel::takeRemoved(int first, int last)
{
    // Before AllUsersModel removes them: the rows left behind still have their old numbers until dropRemoved().
    const qsizetype from = positionOf(first);
    const qsizetype to = positionOf(last + 1);
    if (from < to) {
        beginRemoveRows({}, int(from), int(to) - 1);
        m_sourceRows.remove(from, to - from);
        endRemoveRows();
    }
}

void RoleUsersModel::dropRemoved(int first, int last)
{
    const int count = last - first + 1;
    for (qsizetype i = positionOf(first); i < m_sourceRows.size(); ++i)
        m_sourceRows[i] -= count;
}

void RoleUsersModel::takeChanged(int first, int last, int firstColumn, int lastColumn, const QList<int>& roles)
{
    // A changed row may have gained or lost the role: those join or leave, the others change in place.
    const Role* role = m_session->role(m_roleId);
    QList<int> leaving; // positions
    QList<int> joining; // source rows
    qsizetype position = positionOf(first);
    for (int row = first; row <= last; ++row) {
        const bool shown = position < m_sourceRows.size() && m_sourceRows.at(position) == row;
        const bool held = holds(m_all->rowAt(row), role);
        if (shown && !held)
            leaving.append(int(position));
        else if (!shown && held)
            joining.append(row);
        if (shown)
            ++position;
    }
    // A role removed, or given to or taken from thousands at once: one new table a frame later, not a signal per
    // row now.
    if (leaving.size() + joining.size() > MaxRowRemovals) {
        refillNextFrame();
        return;
    }
    for (auto it = leaving.crbegin(); it != leaving.crend(); ++it) {
        beginRemoveRows({}, *it, *it);
        m_sourceRows.removeAt(*it);
        endRemoveRows();
    }
    for (const int row : joining)
        insertHolder(row);
    const qsizetype from = positionOf(first);
    const qsizetype to = positionOf(last + 1);
    if (from < to)
        Q_EMIT dataChanged(index(int(from), firstColumn), index(int(to) - 1, lastColumn), roles);
}

void RoleUsersModel::insertHolder(int sourceRow)
{
    const qsizetype position = positionOf(sourceRow);
    beginInsertRows({}, int(position), int(position));
    m_sourceRows.insert(position, sourceRow);
    endInsertRows();
}
