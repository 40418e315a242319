// users list, users roles and users remove.
#include "accessrules.h"
#include "apijson.h"
#include "cli.h"
#include "liststreams.h"
#include "peoplelist.h"
#include "userfilter.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

QString joinedRoleNames(const QStringList& roleIds, const QHash<QString, QString>& names)
{
    QStringList result;
    for (const auto& id : roleIds)
        result.append(names.value(id, id));
    return result.join(QStringLiteral(", "));
}

class UserCommands
{
    Q_DECLARE_TR_FUNCTIONS(UserCommands)

public:
    static int list(Cli& cli)
    {
        PeopleQuery query;
        if (!cli.peopleQuery(&query))
            return cli.exitCode();
        int count = 0;
        if (cli.json()) {
            // Written as the store reads it, from the store's thread, while this one waits.
            JsonItemStream items(Cli::out());
            if (!cli.await(cli.store().streamPeople(query, [&items](const PersonRow& row) { items.append(row); }),
                           &count)) {
                items.abandon();
                return cli.exitCode();
            }
            return 0;
        }
        // A table's columns are as wide as their widest cell, so its rows are gathered first.
        QList<QStringList> table{{tr("EMAIL"), tr("STATUS"), tr("ROLES"), tr("INVITED BY"), tr("DATE")}};
        const auto addRow = [&table](const PersonRow& row) {
            table.append({row.email, row.status(), row.roles.join(QStringLiteral(", ")), row.invitedBy,
                          row.date.toUTC().toString(Qt::ISODate).left(10)});
        };
        if (!cli.await(cli.store().streamPeople(query, addRow), &count))
            return cli.exitCode();
        cli.printTable(table);
        return 0;
    }

    static int changeRoles(Cli& cli)
    {
        if (cli.arguments().size() > 1) {
            BulkChange change;
            change.kind = BulkChange::Kind::ChangeRoles;
            change.targets = cli.arguments();
            change.addRoleIds = cli.values(QStringLiteral("add"));
            change.removeRoleIds = cli.values(QStringLiteral("remove"));
            return cli.runBulk(change, tr("Changed the roles of %1."));
        }
        Member member;
        if (!cli.await(cli.store().updateMemberRoles(cli.arguments().first(), cli.values(QStringLiteral("add")),
                                                     cli.values(QStringLiteral("remove"))),
                       &member))
            return cli.exitCode();
        QHash<QString, QString> names;
        if (const auto roles = awaitFuture(cli.store().listRoles()); roles.ok()) {
            for (const auto& role : roles.value())
                names.insert(role.id, role.name);
        }
        if (cli.json()) {
            QJsonArray roleArray;
            for (const auto& id : member.roleIds)
                roleArray.append(names.value(id, id));
            QJsonObject json = ApiJson::user(member);
            json.insert(QStringLiteral("roles"), roleArray);
            cli.printJson(json);
        } else {
            cli.printLine(tr("%1 now has: %2.").arg(member.email, joinedRoleNames(member.roleIds, names)));
        }
        return 0;
    }

    static int remove(Cli& cli)
    {
        if (cli.arguments().size() > 1) {
            BulkChange change;
            change.kind = BulkChange::Kind::Remove;
            change.targets = cli.arguments();
            return cli.runBulk(change, tr("Removed %1 from the account."));
        }
        Done done;
        if (!cli.await(cli.store().removeMember(cli.arguments().first()), &done))
            return cli.exitCode();
        if (cli.json())
            cli.printJson(QJsonObject{{QStringLiteral("removed"), cli.arguments().first()}});
        else
            cli.printLine(tr("Removed %1 from the account.").arg(cli.arguments().first()));
        return 0;
    }
};

} // namespace

QList<Cli::Command> userCommands()
{
    return {
        {{QStringLiteral("users"), QStringLiteral("list")},
         QStringLiteral("users list [--status active|pending|expired|all] [--role ROLE] [--search TEXT]"),
         0,
         0,
         {{QStringLiteral("status"), QStringLiteral("STATUS")},
          {QStringLiteral("role"), QStringLiteral("ROLE")},
          {QStringLiteral("search"), QStringLiteral("TEXT")}},
         &UserCommands::list},
        {{QStringLiteral("users"), QStringLiteral("roles")},
         QStringLiteral("users roles EMAIL... [--add ROLE]... [--remove ROLE]..."),
         1,
         -1,
         {{QStringLiteral("add"), QStringLiteral("ROLE")}, {QStringLiteral("remove"), QStringLiteral("ROLE")}},
         &UserCommands::changeRoles},
        {{QStringLiteral("users"), QStringLiteral("remove")},
         QStringLiteral("users remove EMAIL..."),
         1,
         -1,
         {},
         &UserCommands::remove},
    };
}
