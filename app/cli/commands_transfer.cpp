// export members and import invites: people in and out of the account as files.
#include "accessrules.h"
#include "apijson.h"
#include "cli.h"
#include "csv.h"
#include "inviteplan.h"
#include "liststreams.h"
#include "peoplelist.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace {

class TransferCommands
{
    Q_DECLARE_TR_FUNCTIONS(TransferCommands)

public:
    static int exportMembers(Cli& cli)
    {
        const QString format = cli.value(QStringLiteral("format")).toLower();
        if (format != QLatin1String("csv") && format != QLatin1String("json"))
            return cli.fail(usageError(tr("export members needs --format csv or --format json.")));
        PeopleQuery query;
        if (!cli.peopleQuery(&query))
            return cli.exitCode();
        int count = 0;
        if (format == QLatin1String("json")) {
            JsonItemStream items(Cli::out());
            if (!cli.await(cli.store().streamPeople(query, [&items](const PersonRow& row) { items.append(row); }),
                           &count)) {
                items.abandon();
                return cli.exitCode();
            }
            return 0;
        }
        CsvLineStream lines(Cli::out());
        if (!cli.await(cli.store().streamPeople(query, [&lines](const PersonRow& row) { lines.append(row); }),
                       &count)) {
            lines.abandon();
            return cli.exitCode();
        }
        return 0;
    }

    static int importInvites(Cli& cli)
    {
        const QString path = cli.arguments().first();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return cli.fail(notFound(tr("Cannot read %1.").arg(path)));
        const auto rows = InvitePlan::rowsFromCsv(file.readAll());
        if (!rows)
            return cli.fail({rows.error().code, tr("%1: %2").arg(path, rows.error().message)});
        if (rows.value().isEmpty())
            return cli.fail(refused(tr("%1 holds no addresses to invite.").arg(path)));
        AccountSnapshot snapshot;
        if (!cli.await(cli.store().loadAccount(), &snapshot))
            return cli.exitCode();
        if (!snapshot.membersVisible || !snapshot.invitesVisible)
            return cli.fail(AccessRules::checkPermission(snapshot.actorPermissions,
                                                         snapshot.membersVisible ? AccountAction::SeeInvites
                                                                                 : AccountAction::SeeMembers)
                                .error());
        const auto account =
            InvitePlan::Account::fromPeople({snapshot.actor.id, snapshot.actor.email, snapshot.actorPermissions,
                                             cli.store().capabilities(), snapshot.ownerId},
                                            snapshot.roles, snapshot.members, snapshot.pendingInvites);
        const QList<PlannedInvite> plan = InvitePlan::plan(rows.value(), account);

        if (cli.isSet(QStringLiteral("dry-run")))
            return printPlan(cli, plan);
        // Anything but "already there" refuses the whole file, with every problem named: nothing is sent.
        QList<NewInvite> ready;
        int skipped = 0;
        Error first;
        for (const auto& row : plan) {
            if (row.fate == PlannedInvite::Fate::Ready) {
                ready.append({row.row.email.trimmed(), row.roleIds});
            } else if (row.isAlreadyDone()) {
                ++skipped;
            } else {
                const ErrorCode code = row.fate == PlannedInvite::Fate::UnknownRole ? ErrorCode::NotFound
                    : row.fate == PlannedInvite::Fate::NotGrantable                 ? ErrorCode::PermissionDenied
                                                                                    : ErrorCode::Refused;
                cli.fail({code, tr("line %1: %2").arg(row.row.line).arg(row.reason)});
                if (!first.isError())
                    first = {code, {}};
            }
        }
        if (first.isError())
            return int(first.code);
        InviteReport report;
        if (!ready.isEmpty() && !cli.await(cli.store().inviteEach(ready), &report))
            return cli.exitCode();
        for (const auto& refusal : report.refused)
            cli.fail({refusal.error.code, tr("%1: %2").arg(refusal.email, refusal.error.message)});
        if (cli.json())
            cli.printJson(QJsonObject{{QStringLiteral("invited"), int(report.sent.size())},
                                      {QStringLiteral("skipped"), skipped},
                                      {QStringLiteral("refused"), int(report.refused.size())}});
        else
            cli.printLine(tr("Invited %n people from %1.", nullptr, int(report.sent.size())).arg(path)
                          + (skipped > 0
                                 ? QLatin1Char(' ') + tr("Skipped %n already a member or invited.", nullptr, skipped)
                                 : QString()));
        return report.refused.isEmpty() ? 0 : cli.exitCode();
    }

    static int printPlan(Cli& cli, const QList<PlannedInvite>& plan)
    {
        if (cli.json()) {
            JsonItemStream items(Cli::out());
            for (const auto& row : plan)
                items.append(QJsonObject{{QStringLiteral("line"), row.row.line},
                                         {QStringLiteral("email"), row.row.email},
                                         {QStringLiteral("roles"), QJsonArray::fromStringList(row.row.roleNames)},
                                         {QStringLiteral("outcome"), InvitePlan::fateName(row.fate)},
                                         {QStringLiteral("reason"), row.reason}});
            return 0;
        }
        QList<QStringList> table{{tr("LINE"), tr("EMAIL"), tr("ROLES"), tr("OUTCOME"), tr("REASON")}};
        QMap<QString, int> counts;
        for (const auto& row : plan) {
            table.append({QString::number(row.row.line), row.row.email, row.row.roleNames.join(QLatin1Char(';')),
                          InvitePlan::fateLabel(row.fate), row.reason});
            ++counts[InvitePlan::fateLabel(row.fate)];
        }
        cli.printTable(table);
        QStringList summary;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            summary.append(QStringLiteral("%1: %2").arg(it.key()).arg(it.value()));
        cli.printLine(tr("Nothing was sent (--dry-run). %1").arg(summary.join(QStringLiteral(", "))));
        return 0;
    }
};

} // namespace

QList<Cli::Command> transferCommands()
{
    return {
        {{QStringLiteral("export"), QStringLiteral("members")},
         QStringLiteral(
             "export members --format csv|json [--status active|pending|expired|all] [--role ROLE] [--search TEXT]"),
         0,
         0,
         {{QStringLiteral("format"), QStringLiteral("FORMAT")},
          {QStringLiteral("status"), QStringLiteral("STATUS")},
          {QStringLiteral("role"), QStringLiteral("ROLE")},
          {QStringLiteral("search"), QStringLiteral("TEXT")}},
         &TransferCommands::exportMembers},
        {{QStringLiteral("import"), QStringLiteral("invites")},
         QStringLiteral("import invites FILE.csv [--dry-run]"),
         1,
         1,
         {{QStringLiteral("dry-run"), {}}},
         &TransferCommands::importInvites},
    };
}
