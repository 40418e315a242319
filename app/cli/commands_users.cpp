// users list, users roles and users remove.
#include "accessrules.h"
#include "apijson.h"
#include "cli.h"
#include "jsonstream.h"
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
        UserFilter filter;
        UserFilter::Status status = UserFilter::Status::All;
        if (cli.isSet(QStringLiteral("status"))
            && !UserFilter::parseStatus(cli.value(QStringLiteral("status")), &status))
            return cli.fail(usageError(
                tr("--status takes active, pending or all, not \"%1\".").arg(cli.value(QStringLiteral("status")))));
        filter.setStatus(status);
        filter.setSearchText(cli.value(QStringLiteral("search")));
        AccountSnapshot snapshot;
        if (!cli.await(cli.store().loadAccount(), &snapshot))
            return cli.exitCode();
        const PermissionSet& permissions = snapshot.actorPermissions;
        if (!snapshot.membersVisible && status != UserFilter::Status::Pending)
            return cli.fail(AccessRules::checkPermission(permissions, AccountAction::SeeMembers).error());
        if (!snapshot.invitesVisible && status == UserFilter::Status::Pending)
            return cli.fail(AccessRules::checkPermission(permissions, AccountAction::SeeInvites).error());

        QHash<QString, QString> roleNames;
        QString baseRoleName = QStringLiteral("Base");
        for (const auto& role : snapshot.roles) {
            roleNames.insert(role.id, role.name);
            if (role.system == SystemRole::Base)
                baseRoleName = role.name;
        }
        if (cli.isSet(QStringLiteral("role"))) {
            const QString wanted = cli.value(QStringLiteral("role"));
            const Role* role = findRole(snapshot.roles, wanted);
            if (!role)
                return cli.fail(notFound(tr("There is no role \"%1\".").arg(wanted)));
            filter.setRole(*role);
        }

        struct Row
        {
            QString id, email, key, status, invitedBy, date;
            QStringList roles;
        };
        QList<Row> rows;
        for (const auto& member : std::as_const(snapshot.members)) {
            if (!filter.matches(member.email, member.roleIds, false))
                continue;
            QStringList names;
            for (const auto& id : member.roleIds)
                names.append(roleNames.value(id, id));
            rows.append({member.id, member.email, emailKey(member.email), QStringLiteral("ACTIVE"), member.invitedBy,
                         ApiJson::timestamp(member.joinedAt), names});
        }
        for (const auto& invite : std::as_const(snapshot.pendingInvites)) {
            if (!filter.matches(invite.email, invite.roleIds, true))
                continue;
            QStringList names{baseRoleName};
            for (const auto& id : invite.roleIds)
                names.append(roleNames.value(id, id));
            rows.append({invite.id, invite.email, emailKey(invite.email), QStringLiteral("PENDING"), invite.invitedBy,
                         ApiJson::timestamp(invite.createdAt), names});
        }
        std::stable_sort(rows.begin(), rows.end(),
                         [](const Row& a, const Row& b) { return UserFilter::emailKeyLess(a.key, b.key); });
        if (cli.json()) {
            JsonItemStream items(Cli::out());
            for (const auto& row : rows) {
                items.append(QJsonObject{
                    {QStringLiteral("id"), row.id},
                    {QStringLiteral("email"), row.email},
                    {QStringLiteral("status"), row.status},
                    {QStringLiteral("roles"), QJsonArray::fromStringList(row.roles)},
                    {QStringLiteral("invitedBy"), row.invitedBy},
                    {row.status == QLatin1String("ACTIVE") ? QStringLiteral("joinedAt") : QStringLiteral("invitedAt"),
                     row.date}});
            }
            return 0;
        }
        QList<QStringList> table{{tr("EMAIL"), tr("STATUS"), tr("ROLES"), tr("INVITED BY"), tr("DATE")}};
        for (const auto& row : rows)
            table.append(
                {row.email, row.status, row.roles.join(QStringLiteral(", ")), row.invitedBy, row.date.left(10)});
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
         QStringLiteral("users list [--status active|pending|all] [--role ROLE] [--search TEXT]"),
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
