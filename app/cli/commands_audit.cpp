// permissions list and audit list: the catalogue and who did what.
#include "apijson.h"
#include "cli.h"
#include "jsonstream.h"
#include "sqlstore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

class ReadCommands
{
    Q_DECLARE_TR_FUNCTIONS(ReadCommands)

public:
    static int permissions(Cli& cli)
    {
        QList<Permission> permissions;
        if (!cli.await(cli.store().permissionCatalogue(), &permissions))
            return cli.exitCode();
        if (cli.json()) {
            QJsonArray items; // 32 entries: no need to stream
            for (const auto& permission : permissions) {
                QJsonObject json = ApiJson::permission(permission);
                json.insert(QStringLiteral("description"), permission.description);
                items.append(json);
            }
            cli.printJson(QJsonObject{{QStringLiteral("permissions"), items}});
            return 0;
        }
        QString category;
        for (const auto& permission : permissions) {
            if (permission.category != category) {
                category = permission.category;
                cli.printLine(category);
            }
            cli.printLine(QStringLiteral("  %1  %2").arg(permission.value.leftJustified(34), permission.description));
        }
        return 0;
    }

    static int check(Cli& cli)
    {
        SqlStore store(cli.url(), SqlActor{});
        if (const Outcome opened = awaitFuture(store.open(SqlAccountEngine::OpenMode::MustExist)); !opened)
            return cli.fail(opened.error());
        QStringList problems;
        if (!cli.await(store.checkIntegrity(), &problems))
            return cli.exitCode();
        if (cli.json())
            cli.printJson(QJsonObject{{QStringLiteral("ok"), problems.isEmpty()},
                                      {QStringLiteral("problems"), QJsonArray::fromStringList(problems)}});
        else if (problems.isEmpty())
            cli.printLine(tr("%1: no problem found.").arg(cli.url().displayString()));
        else
            cli.printLine(tr("%1 has problems:").arg(cli.url().displayString()));
        for (const auto& problem : problems)
            cli.fail(backendFailure(problem));
        return problems.isEmpty() ? 0 : int(ErrorCode::Backend);
    }

    static int audit(Cli& cli)
    {
        int limit = 50;
        if (!cli.number(QStringLiteral("limit"), 1, 1000000, &limit))
            return cli.exitCode();
        QList<AuditEvent> events;
        if (!cli.await(cli.store().auditLog(limit), &events))
            return cli.exitCode();
        if (cli.json()) {
            JsonItemStream items(Cli::out());
            for (const auto& event : events)
                items.append(ApiJson::auditEvent(event));
            return 0;
        }
        QList<QStringList> table{{tr("WHEN"), tr("WHO"), tr("ACTION"), tr("TARGET"), tr("DETAIL")}};
        for (const auto& event : events)
            table.append({ApiJson::timestamp(event.at), event.actor, event.action, event.target, event.detail});
        cli.printTable(table);
        return 0;
    }
};

} // namespace

QList<Cli::Command> permissionCommands()
{
    return {{{QStringLiteral("permissions"), QStringLiteral("list")},
             QStringLiteral("permissions list"),
             0,
             0,
             {},
             &ReadCommands::permissions}};
}

QList<Cli::Command> checkCommands()
{
    return {{{QStringLiteral("check")}, QStringLiteral("check"), 0, 0, {}, &ReadCommands::check, Cli::Needs::LocalUrl}};
}

QList<Cli::Command> auditCommands()
{
    return {{{QStringLiteral("audit"), QStringLiteral("list")},
             QStringLiteral("audit list [--limit N]"),
             0,
             0,
             {{QStringLiteral("limit"), QStringLiteral("N")}},
             &ReadCommands::audit}};
}
