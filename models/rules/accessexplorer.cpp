#include "accessexplorer.h"

#include "permissioncatalogue.h"

#include <QCoreApplication>

#include <algorithm>

namespace AccessExplorer {

QList<PermissionGrant> effectivePermissions(const QStringList& roleIds, bool pending, const QList<Role>& roles,
                                            const PermissionCatalogue& catalogue)
{
    // Which of the person's roles carry each permission, in the account's role order.
    QHash<QString, QStringList> from;
    for (const auto& role : roles) {
        const bool held = roleIds.contains(role.id) || (pending && role.system == SystemRole::Base);
        if (!held)
            continue;
        for (const auto& permission : role.permissions)
            from[permission].append(role.name);
    }
    QList<PermissionGrant> grants;
    grants.reserve(from.size());
    for (const auto& permission : catalogue.permissions()) {
        const auto it = from.constFind(permission.value);
        if (it != from.constEnd())
            grants.append({permission.value, permission.category, *it});
    }
    // A permission this version's catalogue does not list (a newer server): still shown, never hidden.
    QStringList unknown;
    for (auto it = from.cbegin(); it != from.cend(); ++it) {
        if (!catalogue.contains(it.key()))
            unknown.append(it.key());
    }
    std::sort(unknown.begin(), unknown.end());
    for (const auto& permission : unknown)
        grants.append({permission, QStringLiteral("Other"), from.value(permission)});
    return grants;
}

PermissionHolders holders(const QString& permission, const QList<Member>& members, const QList<Role>& roles)
{
    PermissionHolders result;
    result.permission = permission;
    QHash<QString, QString> granting; // role id → name, for the roles that carry the permission
    for (const auto& role : roles) {
        if (role.permissions.contains(permission)) {
            granting.insert(role.id, role.name);
            result.roleNames.append(role.name);
        }
    }
    if (granting.isEmpty())
        return result;
    for (const auto& member : members) {
        PermissionHolder holder;
        // In the account's role order, whatever order the member's ids are stored in.
        for (const auto& role : roles) {
            if (granting.contains(role.id) && member.roleIds.contains(role.id))
                holder.roleNames.append(role.name);
        }
        if (holder.roleNames.isEmpty())
            continue;
        holder.memberId = member.id;
        holder.email = member.email;
        result.people.append(holder);
    }
    // Folded once per person, not once per comparison: 100,000 holders are sorted in a few tens of milliseconds.
    QList<std::pair<QString, qsizetype>> order;
    order.reserve(result.people.size());
    for (qsizetype i = 0; i < result.people.size(); ++i)
        order.append({emailKey(result.people.at(i).email), i});
    std::sort(order.begin(), order.end());
    QList<PermissionHolder> sorted;
    sorted.reserve(order.size());
    for (const auto& [key, index] : order)
        sorted.append(std::move(result.people[index]));
    result.people = std::move(sorted);
    return result;
}

QString summary(const PermissionHolders& holders)
{
    return QCoreApplication::translate("AccessExplorer", "%1: %2 through %3")
        .arg(holders.permission,
             QCoreApplication::translate("AccessExplorer", "%n people", nullptr, int(holders.people.size())),
             QCoreApplication::translate("AccessExplorer", "%n role(s)", nullptr, int(holders.roleNames.size())));
}

} // namespace AccessExplorer
