// Reads UserTableModel's rows directly: at 100,000 rows a QVariant per comparison is what makes sorting slow.
#include "userfilterproxymodel.h"

#include "usertablemodel.h"

UserFilterProxyModel::UserFilterProxyModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(UserTableModel::SortRole);
}

void UserFilterProxyModel::setSourceModel(QAbstractItemModel* model)
{
    m_users = qobject_cast<UserTableModel*>(model);
    Q_ASSERT_X(m_users || !model, "UserFilterProxyModel", "the source must be a UserTableModel");
    QSortFilterProxyModel::setSourceModel(model);
}

void UserFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    // The tables keep their rows in email order, so "Email, ascending" is the source's own order: no sort at all,
    // which was a third of showing 100,000 rows, and rows inserted later land in place by their row number.
    // The header still shows the Email column sorted; only sortColumn() reads -1.
    if (m_users && column == UserTableModel::EmailColumn && order == Qt::AscendingOrder)
        column = -1;
    QSortFilterProxyModel::sort(column, order);
}

void UserFilterProxyModel::setStatusFilter(StatusFilter status)
{
    if (status == m_filter.status())
        return;
    m_filter.setStatus(status);
    invalidate();
}

void UserFilterProxyModel::setRoleFilter(const QString& roleId)
{
    if (roleId == m_filter.roleId())
        return;
    const Role* role = m_users ? m_users->session()->role(roleId) : nullptr;
    if (role)
        m_filter.setRole(*role);
    else
        m_filter.clearRole();
    invalidate();
}

void UserFilterProxyModel::setSearchText(const QString& text)
{
    if (text.trimmed() == m_filter.searchText())
        return;
    m_filter.setSearchText(text);
    invalidate();
}

bool UserFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid() || !m_users)
        return false;
    const auto& row = m_users->rowAt(sourceRow);
    return m_filter.matches(row.email, row.roleIds, row.pending, row.isExpired(Clock::nowMs()));
}

bool UserFilterProxyModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (!m_users)
        return QSortFilterProxyModel::lessThan(left, right);
    const auto& a = m_users->rowAt(left.row());
    const auto& b = m_users->rowAt(right.row());
    int order = 0;
    switch (left.column()) {
    case UserTableModel::StatusColumn: {
        const qint64 now = Clock::nowMs();
        order = int(a.pending) + int(a.isExpired(now)) - int(b.pending) - int(b.isExpired(now));
        break;
    }
    case UserTableModel::ExpiresColumn:
        order = a.expiresAtMs < b.expiresAtMs ? -1 : (b.expiresAtMs < a.expiresAtMs ? 1 : 0);
        break;
    case UserTableModel::RolesColumn:
        order = a.rolesText.compare(b.rolesText, Qt::CaseInsensitive);
        break;
    case UserTableModel::InvitedByColumn:
        order = a.invitedBy.compare(b.invitedBy, Qt::CaseInsensitive);
        break;
    case UserTableModel::DateColumn:
        order = a.date < b.date ? -1 : (b.date < a.date ? 1 : 0);
        break;
    default:
        break;
    }
    // Ties (and the Email column) fall back to the email, so the order is total and stable.
    return order != 0 ? order < 0 : a.sortsBefore(b);
}
