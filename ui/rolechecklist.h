// The account's roles as a check list, in the one order every list uses (Owner, Admin, Base, then custom roles),
// for the invite dialog and Manage roles. A box that cannot change is drawn disabled and says why, in its tooltip
// and in its accessible name (item views in Qt 6.4 do not say "disabled" themselves).
#pragma once

#include "domain.h"

#include <functional>

class QListWidget;

namespace RoleCheckList {
// `lockReason(role)`: why its box cannot change, or empty; `checked(role)`: its state.
void fill(QListWidget* list, const QList<Role>& roles, const std::function<QString(const Role&)>& lockReason,
          const std::function<bool(const Role&)>& checked);
// The ids of the boxes that can change and are ticked.
QStringList checkedIds(const QListWidget* list);
QStringList uncheckedIds(const QListWidget* list);
// The names of every ticked box, locked ones included (Base), in the list's order: what a dialog will grant.
QStringList checkedNames(const QListWidget* list);
} // namespace RoleCheckList
