// Who can do what, and why: a person's effective permissions with the roles that grant each, and the people who
// hold a permission with the roles that give it to them. Computed from roles and people already loaded, so the
// cloud backend answers without a request per person. The console's details panel and permission holders, and
// roster-cli access show|who, all read these.
#pragma once

#include "domain.h"

class PermissionCatalogue;

struct PermissionGrant
{
    QString permission; // "write:clusters"
    QString category; // the catalogue's category, "Clusters"
    QStringList roleNames; // the person's roles that carry it, in the account's role order
};

struct PermissionHolder
{
    QString memberId;
    QString email;
    QStringList roleNames; // the member's roles that carry the permission
};

struct PermissionHolders
{
    QString permission;
    QList<PermissionHolder> people; // by email
    QStringList roleNames; // every role that carries the permission, in the account's role order
};

namespace AccessExplorer {
// What someone with `roleIds` holds (`pending`: an invitation, which also grants Base), each permission with the
// roles it comes from, in catalogue order. Permissions outside the catalogue come last, under their own category.
QList<PermissionGrant> effectivePermissions(const QStringList& roleIds, bool pending, const QList<Role>& roles,
                                            const PermissionCatalogue& catalogue);
// The members who hold `permission`, with the roles that give it to each. One pass over the members.
PermissionHolders holders(const QString& permission, const QList<Member>& members, const QList<Role>& roles);
// "write:clusters: 14 people through 3 roles", as the console and roster-cli both say it.
QString summary(const PermissionHolders& holders);
} // namespace AccessExplorer
