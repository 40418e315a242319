// permissions list and audit list: the catalogue and who did what.
#include "apijson.h"
#include "cli.h"
#include "liststreams.h"
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

    // --since/--until: a date (local midnight; --until takes the whole day) or a date and time, with a time zone
    // (Z, +02:00) or without one (local time). Stored times are UTC; this is where local time is turned into UTC.
    static bool timeOption(Cli& cli, const QString& option, bool wholeDay, QDateTime* time)
    {
        if (!cli.isSet(option))
            return true;
        const QString text = cli.value(option).trimmed();
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid() && text.size() == 10) {
            *time = startOfLocalDay(wholeDay ? date.addDays(1) : date);
            return true;
        }
        const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!parsed.isValid()) {
            cli.fail(usageError(tr("--%1 takes a date (2026-11-30) or a date and time (2026-11-30T14:00, "
                                   "2026-11-30T14:00:00Z, 2026-11-30T14:00+02:00), not \"%2\".")
                                    .arg(option, text)));
            return false;
        }
        *time = parsed.toUTC();
        return true;
    }

    static int audit(Cli& cli)
    {
        AuditQuery query;
        if (!cli.number(QStringLiteral("limit"), 1, 1000000, &query.limit)
            || !timeOption(cli, QStringLiteral("since"), false, &query.since)
            || !timeOption(cli, QStringLiteral("until"), true, &query.until))
            return cli.exitCode();
        query.actor = cli.value(QStringLiteral("by"));
        query.action = cli.value(QStringLiteral("action"));
        query.target = cli.value(QStringLiteral("target"));
        query.search = cli.value(QStringLiteral("search"));
        QList<AuditEvent> events;
        if (!cli.await(cli.store().auditLog(query), &events))
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
             QStringLiteral("audit list [--by EMAIL] [--action ACTION] [--target TEXT] [--search TEXT] [--since TIME] "
                            "[--until TIME] [--limit N]"),
             0,
             0,
             {{QStringLiteral("by"), QStringLiteral("EMAIL")},
              {QStringLiteral("action"), QStringLiteral("ACTION")},
              {QStringLiteral("target"), QStringLiteral("TEXT")},
              {QStringLiteral("search"), QStringLiteral("TEXT")},
              {QStringLiteral("since"), QStringLiteral("TIME")},
              {QStringLiteral("until"), QStringLiteral("TIME")},
              {QStringLiteral("limit"), QStringLiteral("N")}},
             &ReadCommands::audit}};
}
