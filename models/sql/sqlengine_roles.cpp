// The SQL engine's changes to roles: create, update, duplicate and delete, each decided by AccessRules first.
#include "sqlaccountengine.h"

#include "sqlengine_p.h"

using namespace SqlEngine;

void SqlAccountEngine::insertRole(const Role& role)
{
    run(QStringLiteral("INSERT INTO roles (id, name, name_key, description, system_key, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)"),
        {role.id, role.name, roleNameKey(role.name), role.description,
         role.isSystem() ? QVariant(systemRoleKey(role.system)) : QVariant(QMetaType(QMetaType::QString)),
         role.createdAt.toMSecsSinceEpoch(), role.updatedAt.toMSecsSinceEpoch()});
    writeRolePermissions(role);
}

void SqlAccountEngine::writeRolePermissions(const Role& role)
{
    for (const auto& permission : role.permissions)
        run(QStringLiteral("INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)"), {role.id, permission});
}

// The permissions a saved role carries: what was drafted, and every read a write implies.
static QStringList storedPermissions(const PermissionSet& drafted)
{
    QStringList permissions = AccessRules::withImpliedReads(drafted, PermissionCatalogue::builtIn()).values();
    permissions.sort();
    return permissions;
}

Result<Role> SqlAccountEngine::createRole(const RoleDraft& draft)
{
    return transact<Role>([&] {
        const ActorContext current = requireAction(AccountAction::EditRole);
        require(AccessRules::canCreateRole(current, draft, loadRoles()));
        Role role;
        role.id = newId();
        role.name = draft.name.trimmed();
        role.description = draft.description.trimmed();
        role.permissions = storedPermissions(draft.permissions);
        role.createdAt = role.updatedAt = fromMs(nowMs());
        try {
            insertRole(role);
        } catch (const ConstraintViolation&) {
            fail(refused(tr("A role named \"%1\" was created by another admin a moment ago.").arg(role.name)));
        }
        audit(auditName(current), QStringLiteral("role.create"), role.name, role.permissions.join(QLatin1Char(' ')));
        return role;
    });
}

Result<Role> SqlAccountEngine::updateRole(const QString& roleId, const RoleDraft& draft)
{
    return transact<Role>([&] {
        const ActorContext current = requireAction(AccountAction::EditRole);
        const QList<Role> roles = loadRoles();
        const Role* found = findRole(roles, roleId);
        if (!found)
            fail(notFound(tr("There is no role \"%1\".").arg(roleId)));
        require(AccessRules::canUpdateRole(current, *found, draft, roles));
        Role role = *found;
        const QString oldName = role.name;
        role.name = draft.name.trimmed();
        role.description = draft.description.trimmed();
        role.permissions = storedPermissions(draft.permissions);
        const qint64 now = nowMs();
        role.updatedAt = fromMs(now);
        run(QStringLiteral("UPDATE roles SET name = ?, name_key = ?, description = ?, updated_at = ? WHERE id = ?"),
            {role.name, roleNameKey(role.name), role.description, now, role.id});
        run(QStringLiteral("DELETE FROM role_permissions WHERE role_id = ?"), {role.id});
        writeRolePermissions(role);
        audit(auditName(current), QStringLiteral("role.update"), oldName,
              oldName == role.name
                  ? role.permissions.join(QLatin1Char(' '))
                  : QStringLiteral("renamed to %1; %2").arg(role.name, role.permissions.join(QLatin1Char(' '))));
        return role;
    });
}

Result<Role> SqlAccountEngine::duplicateRole(const QString& roleId, const QString& newName)
{
    return transact<Role>([&] {
        const ActorContext current = requireAction(AccountAction::EditRole);
        const QList<Role> roles = loadRoles();
        const Role* source = findRole(roles, roleId);
        if (!source)
            fail(notFound(tr("There is no role \"%1\".").arg(roleId)));
        const QString name = newName.trimmed().isEmpty()
            ? AccessRules::freeDuplicateName(source->name, AccessRules::takenNames(roles))
            : newName.trimmed();
        require(AccessRules::canDuplicateRole(current, *source, name, roles));
        Role copy;
        copy.id = newId();
        copy.name = name;
        copy.description = source->description;
        copy.permissions = source->permissions;
        copy.createdAt = copy.updatedAt = fromMs(nowMs());
        try {
            insertRole(copy);
        } catch (const ConstraintViolation&) {
            fail(refused(tr("A role named \"%1\" was created by another admin a moment ago.").arg(name)));
        }
        audit(auditName(current), QStringLiteral("role.duplicate"), copy.name,
              QStringLiteral("copy of %1").arg(source->name));
        return copy;
    });
}

Result<RoleUsage> SqlAccountEngine::deleteRole(const QString& roleId)
{
    return transact<RoleUsage>([&] {
        const ActorContext current = requireAction(AccountAction::DeleteRole);
        const Role role = loadRole(roleId);
        require(AccessRules::canDeleteRole(current, role));
        const RoleUsage usage = countUsage(role);
        // The foreign keys cascade: memberships and invite roles go with the role, in this transaction.
        run(QStringLiteral("DELETE FROM roles WHERE id = ?"), {role.id});
        // Audit details are stored data, kept in one language rather than the admin's locale.
        audit(auditName(current), QStringLiteral("role.delete"), role.name,
              QStringLiteral("unassigned from %1 members, removed from %2 pending invitations")
                  .arg(usage.members)
                  .arg(usage.pendingInvites));
        return usage;
    });
}
