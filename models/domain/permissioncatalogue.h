// The permission catalogue: every permission a role may carry, read from the bundled permissions.tsv.
#pragma once

#include "domain.h"

#include <QHash>
#include <QList>

class PermissionCatalogue
{
public:
    // The catalogue shipped inside the library (resource :/roster/permissions.tsv).
    static const PermissionCatalogue& builtIn();
    static PermissionCatalogue fromTsv(const QByteArray& tsv);

    const QList<Permission>& permissions() const { return m_permissions; }
    QStringList values() const;
    QStringList categories() const; // in catalogue order
    bool contains(const QString& value) const { return m_index.contains(value); }
    const Permission* find(const QString& value) const;

private:
    QList<Permission> m_permissions;
    QHash<QString, int> m_index;
};

// Well-known permission names, so that a typo is a compile error rather than a silent refusal.
namespace Permissions {
inline const QString ReadRoles = QStringLiteral("read:roles");
inline const QString WriteRoles = QStringLiteral("write:roles");
inline const QString DeleteRoles = QStringLiteral("delete:roles");
inline const QString ReadInvites = QStringLiteral("read:invites");
inline const QString WriteInvites = QStringLiteral("write:invites");
inline const QString DeleteInvites = QStringLiteral("delete:invites");
inline const QString ReadUsers = QStringLiteral("read:users");
inline const QString DeleteUsers = QStringLiteral("delete:users");
inline const QString ReadAccount = QStringLiteral("read:account");
inline const QString WriteAccount = QStringLiteral("write:account");
inline const QString ReadProfile = QStringLiteral("read:profile");
} // namespace Permissions
