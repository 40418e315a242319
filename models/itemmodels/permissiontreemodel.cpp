// Category rows carry a tri-state summary; permission rows carry the checkboxes.
#include "permissiontreemodel.h"

#include "accessrules.h"

#include <numeric>

PermissionTreeModel::PermissionTreeModel(const PermissionCatalogue& catalogue, QObject* parent)
    : QAbstractItemModel(parent)
    , m_catalogue(catalogue)
    , m_categories(catalogue.categories())
{
    arrange();
}

void PermissionTreeModel::arrange()
{
    m_categories = m_catalogue.categories();
    m_members.clear();
    m_members.resize(m_categories.size());
    const auto& all = m_catalogue.permissions();
    for (int i = 0; i < all.size(); ++i)
        m_members[m_categories.indexOf(all.at(i).category)].append(i);
    if (!m_grantedFirst)
        return;
    const auto granted = [&](int i) {
        return m_saved.contains(all.at(i).value);
    };
    QList<int> order(m_categories.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const bool aHas = std::any_of(m_members.at(a).cbegin(), m_members.at(a).cend(), granted);
        const bool bHas = std::any_of(m_members.at(b).cbegin(), m_members.at(b).cend(), granted);
        return aHas && !bHas;
    });
    QStringList categories;
    QList<QList<int>> members;
    for (int category : order) {
        categories.append(m_categories.at(category));
        QList<int> rows = m_members.at(category);
        std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) { return granted(a) && !granted(b); });
        members.append(rows);
    }
    m_categories = categories;
    m_members = members;
}

void PermissionTreeModel::setSavedPermissions(const PermissionSet& permissions)
{
    const bool wasModified = isModified();
    if (m_grantedFirst) {
        // Another role's permissions: a new order, so the whole tree is new.
        beginResetModel();
        m_saved = permissions;
        m_draft = permissions;
        arrange();
        endResetModel();
    } else {
        const PermissionSet before = m_draft;
        m_saved = permissions;
        m_draft = permissions;
        announce(before);
    }
    if (wasModified)
        Q_EMIT modifiedChanged(false);
}

void PermissionTreeModel::setGrantCheck(GrantCheck check)
{
    m_grantCheck = std::move(check);
    for (int category = 0; category < m_categories.size(); ++category) {
        const QModelIndex parentIndex = index(category, 0);
        if (!m_members.at(category).isEmpty())
            Q_EMIT dataChanged(index(0, 0, parentIndex),
                               index(int(m_members.at(category).size()) - 1, ColumnCount - 1, parentIndex),
                               {Qt::ToolTipRole, Qt::CheckStateRole, Qt::AccessibleDescriptionRole});
    }
}

QString PermissionTreeModel::lockReason(const Permission& permission) const
{
    if (m_readOnly)
        return m_readOnlyReason;
    if (const QString lock = AccessRules::lockingWrite(permission.value, m_draft, m_catalogue); !lock.isEmpty())
        return tr("Included with %1.").arg(lock);
    if (m_grantCheck && !m_draft.contains(permission.value)) {
        if (const Verdict grant = m_grantCheck(permission.value); !grant)
            return grant.reason();
    }
    return {};
}

void PermissionTreeModel::setReadOnly(bool readOnly, const QString& reason)
{
    m_readOnly = readOnly;
    m_readOnlyReason = reason;
    // Flags and tooltips of every row change; the rows themselves do not.
    for (int category = 0; category < m_categories.size(); ++category) {
        const QModelIndex parentIndex = index(category, 0);
        Q_EMIT dataChanged(parentIndex, index(category, ColumnCount - 1), {Qt::ToolTipRole});
        if (!m_members.at(category).isEmpty())
            Q_EMIT dataChanged(index(0, 0, parentIndex),
                               index(int(m_members.at(category).size()) - 1, ColumnCount - 1, parentIndex),
                               {Qt::ToolTipRole, Qt::CheckStateRole});
    }
}

void PermissionTreeModel::revert()
{
    const PermissionSet before = m_draft;
    const bool wasModified = isModified();
    m_draft = m_saved;
    announce(before);
    if (wasModified)
        Q_EMIT modifiedChanged(false);
}

bool PermissionTreeModel::setChecked(const QString& permission, bool checked)
{
    if (m_readOnly || !m_catalogue.contains(permission))
        return false;
    if (checked && m_grantCheck && !m_grantCheck(permission))
        return false; // no escalation: the rules would refuse it on Save
    if (!checked && !AccessRules::lockingWrite(permission, m_draft, m_catalogue).isEmpty())
        return false; // read:X stays while write:X is checked
    const PermissionSet before = m_draft;
    const bool wasModified = isModified();
    if (checked)
        m_draft.insert(permission);
    else
        m_draft.remove(permission);
    m_draft = AccessRules::withImpliedReads(m_draft, m_catalogue);
    announce(before);
    if (wasModified != isModified())
        Q_EMIT modifiedChanged(isModified());
    return true;
}

void PermissionTreeModel::announce(const PermissionSet& before)
{
    // Every permission whose check or lock may have changed, plus its category's summary.
    const auto& all = m_catalogue.permissions();
    for (const auto& permission : all) {
        const QString write = QLatin1String("write:") + permission.value.section(QLatin1Char(':'), 1);
        const bool lockChanged =
            permission.value.startsWith(QLatin1String("read:")) && before.contains(write) != m_draft.contains(write);
        if (before.contains(permission.value) == m_draft.contains(permission.value) && !lockChanged)
            continue;
        const QModelIndex row = indexOf(permission.value);
        Q_EMIT dataChanged(row, row.siblingAtColumn(DescriptionColumn), {Qt::CheckStateRole, Qt::ToolTipRole});
        const QModelIndex category = row.parent();
        Q_EMIT dataChanged(category, category, {Qt::CheckStateRole});
    }
}

const Permission* PermissionTreeModel::permissionAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() == CategoryId)
        return nullptr;
    const int category = int(index.internalId());
    return &m_catalogue.permissions().at(m_members.at(category).at(index.row()));
}

QModelIndex PermissionTreeModel::indexOf(const QString& permission, int column) const
{
    for (int category = 0; category < m_members.size(); ++category) {
        const auto& rows = m_members.at(category);
        for (int row = 0; row < rows.size(); ++row) {
            if (m_catalogue.permissions().at(rows.at(row)).value == permission)
                return createIndex(row, column, quintptr(category));
        }
    }
    return {};
}

Qt::CheckState PermissionTreeModel::categoryState(int category) const
{
    int checked = 0;
    for (int i : m_members.at(category))
        checked += m_draft.contains(m_catalogue.permissions().at(i).value) ? 1 : 0;
    if (checked == 0)
        return Qt::Unchecked;
    return checked == m_members.at(category).size() ? Qt::Checked : Qt::PartiallyChecked;
}

QModelIndex PermissionTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, CategoryId);
    return createIndex(row, column, quintptr(parent.row()));
}

QModelIndex PermissionTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == CategoryId)
        return {};
    return createIndex(int(child.internalId()), 0, CategoryId);
}

int PermissionTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_categories.size());
    if (parent.internalId() == CategoryId && parent.column() == 0)
        return int(m_members.at(parent.row()).size());
    return 0;
}

int PermissionTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant PermissionTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Permission* permission = permissionAt(index);
    if (!permission) {
        if (role == Qt::DisplayRole && index.column() == PermissionColumn)
            return m_categories.at(index.row());
        if (role == Qt::CheckStateRole && index.column() == PermissionColumn)
            return categoryState(index.row());
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == PermissionColumn ? permission->value : permission->description;
    case Qt::CheckStateRole:
        if (index.column() == PermissionColumn)
            return m_draft.contains(permission->value) ? Qt::Checked : Qt::Unchecked;
        break;
    case Qt::ToolTipRole: {
        const QString lock = lockReason(*permission);
        return lock.isEmpty() ? permission->description : lock;
    }
    case Qt::AccessibleTextRole:
        // Item views do not say "disabled" in Qt 6.4: a locked box says why in its name.
        if (const QString lock = lockReason(*permission); !lock.isEmpty() && !m_readOnly)
            return tr("%1, %2: %3")
                .arg(permission->value, m_draft.contains(permission->value) ? tr("granted") : tr("not granted"), lock);
        return tr("%1, %2").arg(permission->value,
                                m_draft.contains(permission->value) ? tr("granted") : tr("not granted"));
    case Qt::AccessibleDescriptionRole: {
        const QString lock = lockReason(*permission);
        return lock.isEmpty() ? permission->description : lock + QLatin1Char(' ') + permission->description;
    }
    case PermissionValueRole:
        return permission->value;
    }
    return {};
}

bool PermissionTreeModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    const Permission* permission = permissionAt(index);
    if (!permission || role != Qt::CheckStateRole || index.column() != PermissionColumn)
        return false;
    return setChecked(permission->value, value.value<Qt::CheckState>() == Qt::Checked);
}

Qt::ItemFlags PermissionTreeModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Permission* permission = permissionAt(index);
    if (!permission)
        return Qt::ItemIsEnabled;
    // A read:X forced on by write:X is drawn disabled, so the lock is visible, not only explained; as is a
    // permission the actor may not give.
    if (!m_readOnly && !lockReason(*permission).isEmpty())
        return Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == PermissionColumn && !m_readOnly)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant PermissionTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == PermissionColumn ? tr("Permission") : tr("Description");
}
