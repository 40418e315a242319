// One item per role, with the role id as its data.
#include "rolechecklist.h"

#include "checklistdelegate.h"

#include <QCoreApplication>
#include <QListWidget>

namespace RoleCheckList {

void fill(QListWidget* list, const QList<Role>& roles, const std::function<QString(const Role&)>& lockReason,
          const std::function<bool(const Role&)>& checked)
{
    list->clear();
    list->setItemDelegate(new CheckListDelegate(list));
    for (const auto& role : roles) {
        auto* item = new QListWidgetItem(role.name, list);
        item->setData(Qt::UserRole, role.id);
        item->setCheckState(checked(role) ? Qt::Checked : Qt::Unchecked);
        const QString lock = lockReason(role);
        if (lock.isEmpty()) {
            item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            item->setToolTip(role.description);
        } else {
            item->setFlags(Qt::ItemIsUserCheckable); // shown, so the admin learns why it cannot change
            item->setToolTip(lock);
            item->setData(Qt::AccessibleTextRole,
                          QCoreApplication::translate("RoleCheckList", "%1, %2").arg(role.name, lock));
        }
    }
}

static QStringList idsWhere(const QListWidget* list, Qt::CheckState state)
{
    QStringList ids;
    for (int i = 0; i < list->count(); ++i) {
        const auto* item = list->item(i);
        if ((item->flags() & Qt::ItemIsEnabled) && item->checkState() == state)
            ids.append(item->data(Qt::UserRole).toString());
    }
    return ids;
}

QStringList checkedIds(const QListWidget* list)
{
    return idsWhere(list, Qt::Checked);
}

QStringList uncheckedIds(const QListWidget* list)
{
    return idsWhere(list, Qt::Unchecked);
}

QStringList checkedNames(const QListWidget* list)
{
    QStringList names;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->checkState() == Qt::Checked)
            names.append(list->item(i)->text());
    }
    return names;
}

} // namespace RoleCheckList
