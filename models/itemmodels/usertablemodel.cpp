// What each column of a people table shows, sorts by and tells assistive technology; the rows come from the subclass.
#include "usertablemodel.h"

#include <QLocale>

UserTableModel::UserTableModel(AccountSession* session, QObject* parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
}

int UserTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UserTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = rowAt(index.row());
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
        if (const Role* base = m_session->systemRole(SystemRole::Base); base && row.pending)
            return QStringList{base->id} + row.roleIds;
        return row.roleIds;
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
