// access show and access who: why someone holds a permission, and who holds it. AccessExplorer computes both from
// the account as loaded, the same on every backend.
#include "accessexplorer.h"
#include "accessrules.h"
#include "apijson.h"
#include "cli.h"
#include "permissioncatalogue.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

class AccessCommands
{
    Q_DECLARE_TR_FUNCTIONS(AccessCommands)

public:
    static int show(Cli& cli)
    {
        AccountSnapshot snapshot;
        if (!cli.await(cli.store().loadAccount(), &snapshot))
            return cli.exitCode();
        if (!snapshot.rolesVisible)
            return cli.fail(AccessRules::checkPermission(snapshot.actorPermissions, AccountAction::SeeRoles).error());
        const QString wanted = cli.arguments().first();
        QStringList roleIds;
        bool pending = false;
        QJsonObject json{{QStringLiteral("email"), wanted}};
        QList<QStringList> facts;
        if (const auto member = std::find_if(snapshot.members.cbegin(), snapshot.members.cend(),
                                             [&](const Member& m) { return emailKey(m.email) == emailKey(wanted); });
            member != snapshot.members.cend()) {
            roleIds = member->roleIds;
            json = {{QStringLiteral("email"), member->email},
                    {QStringLiteral("status"), QStringLiteral("ACTIVE")},
                    {QStringLiteral("invitedBy"), member->invitedBy},
                    {QStringLiteral("joinedAt"), ApiJson::timestamp(member->joinedAt)}};
            facts.append({member->email, tr("member"),
                          member->invitedBy.isEmpty() ? QStringLiteral("-") : member->invitedBy,
                          ApiJson::timestamp(member->joinedAt).left(10)});
        } else if (const auto invite =
                       std::find_if(snapshot.pendingInvites.cbegin(), snapshot.pendingInvites.cend(),
                                    [&](const Invite& i) { return emailKey(i.email) == emailKey(wanted); });
                   invite != snapshot.pendingInvites.cend()) {
            roleIds = invite->roleIds;
            pending = true;
            json = {{QStringLiteral("email"), invite->email},
                    {QStringLiteral("status"), inviteDisplayStatusName(*invite)},
                    {QStringLiteral("invitedBy"), invite->invitedBy},
                    {QStringLiteral("invitedAt"), ApiJson::timestamp(invite->createdAt)}};
            facts.append({invite->email, tr("invited, not joined yet: what accepting will grant"), invite->invitedBy,
                          ApiJson::timestamp(invite->createdAt).left(10)});
        } else if (!snapshot.membersVisible) {
            return cli.fail(AccessRules::checkPermission(snapshot.actorPermissions, AccountAction::SeeMembers).error());
        } else {
            return cli.fail(notFound(tr("%1 is neither a member nor invited.").arg(wanted)));
        }
        QStringList roleNames;
        for (const auto& role : snapshot.roles) {
            if (roleIds.contains(role.id) || (pending && role.system == SystemRole::Base))
                roleNames.append(role.name);
        }
        const auto grants =
            AccessExplorer::effectivePermissions(roleIds, pending, snapshot.roles, PermissionCatalogue::builtIn());
        if (cli.json()) {
            QJsonArray items;
            for (const auto& grant : grants)
                items.append(QJsonObject{{QStringLiteral("permission"), grant.permission},
                                         {QStringLiteral("category"), grant.category},
                                         {QStringLiteral("roles"), QJsonArray::fromStringList(grant.roleNames)}});
            json.insert(QStringLiteral("roles"), QJsonArray::fromStringList(roleNames));
            json.insert(QStringLiteral("permissions"), items);
            cli.printJson(json);
            return 0;
        }
        cli.printTable({{tr("EMAIL"), tr("STATUS"), tr("INVITED BY"), tr("SINCE")}, facts.first()});
        cli.printLine(tr("Roles: %1").arg(roleNames.join(QStringLiteral(", "))));
        QList<QStringList> table{{tr("PERMISSION"), tr("CATEGORY"), tr("FROM ROLES")}};
        for (const auto& grant : grants)
            table.append({grant.permission, grant.category, grant.roleNames.join(QStringLiteral(", "))});
        cli.printTable(table);
        return 0;
    }

    static int who(Cli& cli)
    {
        const QString permission = cli.arguments().first().trimmed();
        if (!PermissionCatalogue::builtIn().contains(permission))
            return cli.fail(usageError(
                tr("\"%1\" is not a permission; roster-cli permissions list shows them all.").arg(permission)));
        AccountSnapshot snapshot;
        if (!cli.await(cli.store().loadAccount(), &snapshot))
            return cli.exitCode();
        for (const AccountAction needed : {AccountAction::SeeRoles, AccountAction::SeeMembers}) {
            if (const Verdict seen = AccessRules::checkPermission(snapshot.actorPermissions, needed); !seen)
                return cli.fail(seen.error());
        }
        const PermissionHolders holders = AccessExplorer::holders(permission, snapshot.members, snapshot.roles);
        if (cli.json()) {
            QJsonArray people;
            for (const auto& holder : holders.people)
                people.append(QJsonObject{{QStringLiteral("email"), holder.email},
                                          {QStringLiteral("roles"), QJsonArray::fromStringList(holder.roleNames)}});
            cli.printJson(QJsonObject{{QStringLiteral("permission"), permission},
                                      {QStringLiteral("count"), int(holders.people.size())},
                                      {QStringLiteral("roles"), QJsonArray::fromStringList(holders.roleNames)},
                                      {QStringLiteral("people"), people}});
            return 0;
        }
        cli.printLine(AccessExplorer::summary(holders));
        QList<QStringList> table{{tr("EMAIL"), tr("THROUGH")}};
        for (const auto& holder : holders.people)
            table.append({holder.email, holder.roleNames.join(QStringLiteral(", "))});
        cli.printTable(table);
        return 0;
    }
};

} // namespace

QList<Cli::Command> accessCommands()
{
    return {
        {{QStringLiteral("access"), QStringLiteral("show")},
         QStringLiteral("access show EMAIL"),
         1,
         1,
         {},
         &AccessCommands::show},
        {{QStringLiteral("access"), QStringLiteral("who")},
         QStringLiteral("access who PERMISSION"),
         1,
         1,
         {},
         &AccessCommands::who},
    };
}
