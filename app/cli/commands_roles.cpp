// roles list, show, create, update, duplicate and delete.
#include "apijson.h"
#include "cli.h"
#include "liststreams.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

class RoleCommands
{
    Q_DECLARE_TR_FUNCTIONS(RoleCommands)

public:
    static int list(Cli& cli)
    {
        QList<Role> roles;
        if (!cli.await(cli.store().listRoles(), &roles))
            return cli.exitCode();
        if (cli.json()) {
            JsonItemStream items(Cli::out());
            for (const auto& role : roles)
                items.append(ApiJson::role(role));
            return 0;
        }
        QList<QStringList> table{{tr("NAME"), tr("TYPE"), tr("PERMISSIONS"), tr("DESCRIPTION")}};
        for (const auto& role : roles) {
            table.append({role.name, role.isSystem() ? tr("built-in") : tr("custom"),
                          QString::number(role.permissions.size()), role.description});
        }
        cli.printTable(table);
        return 0;
    }

    static int show(Cli& cli)
    {
        RoleDetails details;
        if (!cli.await(cli.store().roleDetails(cli.arguments().first()), &details))
            return cli.exitCode();
        if (cli.json()) {
            QJsonObject json = ApiJson::role(details.role);
            QJsonArray users;
            for (const auto& member : details.members)
                users.append(ApiJson::user(member));
            QJsonArray invites;
            for (const auto& invite : details.pendingInvites)
                invites.append(ApiJson::invite(invite));
            json.insert(QStringLiteral("users"), users);
            json.insert(QStringLiteral("pendingInvites"), invites);
            cli.printJson(json);
            return 0;
        }
        cli.printLine(tr("%1 (%2)").arg(details.role.name, details.role.isSystem() ? tr("built-in") : tr("custom")));
        if (!details.role.description.isEmpty())
            cli.printLine(details.role.description);
        cli.printLine(tr("Permissions: %1").arg(details.role.permissions.join(QStringLiteral(", "))));
        cli.printLine(tr("Users (%1):").arg(details.members.size()));
        for (const auto& member : details.members)
            cli.printLine(QLatin1String("  ") + member.email);
        cli.printLine(tr("Pending invitations (%1):").arg(details.pendingInvites.size()));
        for (const auto& invite : details.pendingInvites)
            cli.printLine(QLatin1String("  ") + invite.email);
        return 0;
    }

    static int printRole(Cli& cli, const Role& role, const QString& line)
    {
        if (cli.json())
            cli.printJson(ApiJson::role(role));
        else
            cli.printLine(line);
        return 0;
    }

    static int create(Cli& cli)
    {
        const QStringList permissions = cli.values(QStringLiteral("permission"));
        const RoleDraft draft{cli.arguments().first(), cli.value(QStringLiteral("description")),
                              PermissionSet(permissions.cbegin(), permissions.cend())};
        Role role;
        if (!cli.await(cli.store().createRole(draft), &role))
            return cli.exitCode();
        return printRole(cli, role,
                         tr("Created role %1 with %2.").arg(role.name, role.permissions.join(QStringLiteral(", "))));
    }

    static int update(Cli& cli)
    {
        // The store reads the role itself, so the permission the update needs is the one a refusal names.
        QList<Role> roles;
        const auto listed = awaitFuture(cli.store().listRoles());
        if (listed)
            roles = listed.value();
        const QString wanted = cli.arguments().first();
        const Role* known = findRole(roles, wanted);
        RoleDraft draft;
        if (known)
            draft = {known->name, known->description,
                     PermissionSet(known->permissions.cbegin(), known->permissions.cend())};
        if (cli.isSet(QStringLiteral("name")))
            draft.name = cli.value(QStringLiteral("name"));
        if (cli.isSet(QStringLiteral("description")))
            draft.description = cli.value(QStringLiteral("description"));
        if (cli.isSet(QStringLiteral("permission"))) {
            const QStringList permissions = cli.values(QStringLiteral("permission"));
            draft.permissions = PermissionSet(permissions.cbegin(), permissions.cend());
        }
        Role role;
        if (!cli.await(cli.store().updateRole(known ? known->id : wanted, draft), &role))
            return cli.exitCode();
        return printRole(cli, role, tr("Updated role %1.").arg(role.name));
    }

    static int duplicate(Cli& cli)
    {
        Role role;
        if (!cli.await(cli.store().duplicateRole(cli.arguments().first(), cli.value(QStringLiteral("name"))), &role))
            return cli.exitCode();
        return printRole(cli, role, tr("Created role %1 as a copy of %2.").arg(role.name, cli.arguments().first()));
    }

    static int remove(Cli& cli)
    {
        RoleUsage usage;
        if (!cli.await(cli.store().deleteRole(cli.arguments().first()), &usage))
            return cli.exitCode();
        if (cli.json())
            cli.printJson(QJsonObject{{QStringLiteral("deleted"), cli.arguments().first()},
                                      {QStringLiteral("unassignedMembers"), usage.members},
                                      {QStringLiteral("updatedInvites"), usage.pendingInvites}});
        else
            cli.printLine(
                tr("Deleted role %1; it was unassigned from %2 members and removed from %3 pending invitations.")
                    .arg(cli.arguments().first())
                    .arg(usage.members)
                    .arg(usage.pendingInvites));
        return 0;
    }
};

} // namespace

QList<Cli::Command> roleCommands()
{
    return {
        {{QStringLiteral("roles"), QStringLiteral("list")},
         QStringLiteral("roles list"),
         0,
         0,
         {},
         &RoleCommands::list},
        {{QStringLiteral("roles"), QStringLiteral("show")},
         QStringLiteral("roles show ROLE"),
         1,
         1,
         {},
         &RoleCommands::show},
        {{QStringLiteral("roles"), QStringLiteral("create")},
         QStringLiteral("roles create NAME --permission P... [--description TEXT]"),
         1,
         1,
         {{QStringLiteral("permission"), QStringLiteral("P")}, {QStringLiteral("description"), QStringLiteral("TEXT")}},
         &RoleCommands::create},
        {{QStringLiteral("roles"), QStringLiteral("update")},
         QStringLiteral("roles update ROLE [--name NEW] [--description TEXT] [--permission P]..."),
         1,
         1,
         {{QStringLiteral("name"), QStringLiteral("NAME")},
          {QStringLiteral("description"), QStringLiteral("TEXT")},
          {QStringLiteral("permission"), QStringLiteral("P")}},
         &RoleCommands::update},
        {{QStringLiteral("roles"), QStringLiteral("duplicate")},
         QStringLiteral("roles duplicate ROLE [--name NEW]"),
         1,
         1,
         {{QStringLiteral("name"), QStringLiteral("NAME")}},
         &RoleCommands::duplicate},
        {{QStringLiteral("roles"), QStringLiteral("delete")},
         QStringLiteral("roles delete ROLE"),
         1,
         1,
         {},
         &RoleCommands::remove},
    };
}
