// Check states live in a set of ids, so the list can hold 100,000 members cheaply.
#include "memberchecklistmodel.h"

MemberChecklistModel::MemberChecklistModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void MemberChecklistModel::setMembers(QList<Member> members)
{
    std::sort(members.begin(), members.end(),
              [](const Member& a, const Member& b) { return emailKey(a.email) < emailKey(b.email); });
    beginResetModel(); // a new candidate list replaces the whole data set
    m_members = std::move(members);
    m_checked.clear();
    endResetModel();
    Q_EMIT checkedCountChanged(0);
}

QStringList MemberChecklistModel::checkedMemberIds() const
{
    QStringList ids;
    for (const auto& member : m_members) {
        if (m_checked.contains(member.id))
            ids.append(member.id);
    }
    return ids;
}

int MemberChecklistModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

QVariant MemberChecklistModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Member& member = m_members.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return member.email;
    case Qt::CheckStateRole:
        return m_checked.contains(member.id) ? Qt::Checked : Qt::Unchecked;
    case MemberIdRole:
        return member.id;
    }
    return {};
}

bool MemberChecklistModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::CheckStateRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString& id = m_members.at(index.row()).id;
    const bool checked = value.value<Qt::CheckState>() == Qt::Checked;
    if (checked == m_checked.contains(id))
        return true;
    if (checked)
        m_checked.insert(id);
    else
        m_checked.remove(id);
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checkedCountChanged(checkedCount());
    return true;
}

Qt::ItemFlags MemberChecklistModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren;
}
