#include "inviteplanmodel.h"

#include "accountstore.h"

InvitePlanModel::InvitePlanModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void InvitePlanModel::setPlan(QList<PlannedInvite> plan)
{
    beginResetModel();
    m_plan = std::move(plan);
    endResetModel();
}

QList<std::pair<PlannedInvite::Fate, int>> InvitePlanModel::counts() const
{
    QList<std::pair<PlannedInvite::Fate, int>> counts;
    for (int fate = int(PlannedInvite::Fate::Ready); fate <= int(PlannedInvite::Fate::NotGrantable); ++fate) {
        const auto wanted = PlannedInvite::Fate(fate);
        const int count = int(std::count_if(m_plan.cbegin(), m_plan.cend(),
                                            [wanted](const PlannedInvite& row) { return row.fate == wanted; }));
        if (count > 0)
            counts.append({wanted, count});
    }
    return counts;
}

QList<NewInvite> InvitePlanModel::readyInvites() const
{
    QList<NewInvite> invites;
    for (const auto& row : m_plan) {
        if (row.fate == PlannedInvite::Fate::Ready)
            invites.append({row.row.email.trimmed(), row.roleIds});
    }
    return invites;
}

int InvitePlanModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_plan.size());
}

int InvitePlanModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InvitePlanModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PlannedInvite& row = m_plan.at(index.row());
    if (role == FateRole)
        return int(row.fate);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case LineColumn:
            return row.row.line;
        case EmailColumn:
            return row.row.email;
        case RolesColumn:
            // No roles written means Base alone, which every invitation grants.
            return row.row.roleNames.isEmpty() ? tr("Base") : row.row.roleNames.join(QStringLiteral(", "));
        case OutcomeColumn:
            return row.reason.isEmpty() ? InvitePlan::fateLabel(row.fate)
                                        : tr("%1: %2").arg(InvitePlan::fateLabel(row.fate), row.reason);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == OutcomeColumn && !row.reason.isEmpty())
        return row.reason;
    if (role == Qt::ToolTipRole && index.column() == EmailColumn)
        return row.row.email; // long addresses are elided in the column
    return {};
}

QVariant InvitePlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LineColumn:
        return tr("Line");
    case EmailColumn:
        return tr("Email");
    case RolesColumn:
        return tr("Roles");
    case OutcomeColumn:
        return tr("What will happen");
    }
    return {};
}
