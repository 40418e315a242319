// export members and import invites: people in and out of the account as files.
#include "accessrules.h"
#include "apijson.h"
#include "cli.h"
#include "jsonstream.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace {

QString csvField(const QString& value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n')))
        return value;
    return QLatin1Char('"') + QString(value).replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
}

class TransferCommands
{
    Q_DECLARE_TR_FUNCTIONS(TransferCommands)

public:
    static int exportMembers(Cli& cli)
    {
        const QString format = cli.value(QStringLiteral("format")).toLower();
        if (format != QLatin1String("csv") && format != QLatin1String("json"))
            return cli.fail(usageError(tr("export members needs --format csv or --format json.")));
        AccountSnapshot snapshot;
        if (!cli.await(cli.store().loadAccount(), &snapshot))
            return cli.exitCode();
        if (!snapshot.membersVisible)
            return cli.fail(AccessRules::checkPermission(snapshot.actorPermissions, AccountAction::SeeMembers).error());
        QHash<QString, QString> names;
        for (const auto& role : snapshot.roles)
            names.insert(role.id, role.name);
        if (format == QLatin1String("json")) {
            JsonItemStream items(Cli::out());
            for (const auto& member : std::as_const(snapshot.members)) {
                QJsonObject json = ApiJson::user(member);
                QJsonArray roles;
                for (const auto& id : member.roleIds)
                    roles.append(names.value(id, id));
                json.insert(QStringLiteral("roles"), roles);
                json.insert(QStringLiteral("invitedBy"), member.invitedBy);
                items.append(json);
            }
            return 0;
        }
        cli.printLine(QStringLiteral("email,status,roles,invited_by,joined_at"));
        for (const auto& member : std::as_const(snapshot.members)) {
            QStringList roles;
            for (const auto& id : member.roleIds)
                roles.append(names.value(id, id));
            cli.printLine(QStringList{csvField(member.email), QStringLiteral("ACTIVE"),
                                      csvField(roles.join(QLatin1Char(';'))), csvField(member.invitedBy),
                                      ApiJson::timestamp(member.joinedAt)}
                              .join(QLatin1Char(',')));
        }
        return 0;
    }

    static int importInvites(Cli& cli)
    {
        const QString path = cli.arguments().first();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            return cli.fail(notFound(tr("Cannot read %1.").arg(path)));
        struct Row
        {
            int line;
            QString email;
            QStringList roles;
        };
        // Everything is checked before anything is written: one bad line refuses the whole file.
        QList<Row> rows;
        int line = 0;
        while (!file.atEnd()) {
            ++line;
            const QString text = QString::fromUtf8(file.readLine()).trimmed();
            if (text.isEmpty() || text.startsWith(QLatin1Char('#')))
                continue;
            const QString email = text.section(QLatin1Char(','), 0, 0).trimmed();
            if (line == 1 && email.compare(QLatin1String("email"), Qt::CaseInsensitive) == 0)
                continue; // a header row
            QStringList roles;
            for (const auto& role : text.section(QLatin1Char(','), 1).split(QLatin1Char(';'), Qt::SkipEmptyParts))
                roles.append(role.trimmed());
            rows.append({line, email, roles});
        }
        if (rows.isEmpty())
            return cli.fail(refused(tr("%1 holds no addresses to invite.").arg(path)));
        QStringList emails;
        for (const auto& row : rows)
            emails.append(row.email);
        if (const Verdict batch = AccessRules::checkInviteBatch(emails); !batch)
            return cli.fail(refused(tr("%1: %2").arg(path, batch.reason())));
        AccountSnapshot snapshot;
        if (!cli.await(cli.store().loadAccount(), &snapshot))
            return cli.exitCode();
        if (!snapshot.membersVisible || !snapshot.invitesVisible)
            return cli.fail(AccessRules::checkPermission(snapshot.actorPermissions,
                                                         snapshot.membersVisible ? AccountAction::SeeInvites
                                                                                 : AccountAction::SeeMembers)
                                .error());
        QSet<QString> members, pending;
        for (const auto& member : std::as_const(snapshot.members))
            members.insert(emailKey(member.email));
        for (const auto& invite : std::as_const(snapshot.pendingInvites))
            pending.insert(emailKey(invite.email));
        QHash<QString, QStringList> groups; // role set -> addresses, each sent as one all-or-nothing call
        QHash<QString, QStringList> groupRoles;
        for (const auto& row : rows) {
            const Verdict invitee = AccessRules::checkInvitee(row.email, members.contains(emailKey(row.email)),
                                                              pending.contains(emailKey(row.email)));
            if (!invitee)
                return cli.fail(refused(tr("line %1: %2").arg(row.line).arg(invitee.reason())));
            QList<Role> roles;
            for (const auto& name : row.roles) {
                const Role* role = findRole(snapshot.roles, name);
                if (!role)
                    return cli.fail(notFound(tr("line %1: there is no role \"%2\".").arg(row.line).arg(name)));
                roles.append(*role);
            }
            ActorContext actor;
            actor.actorId = snapshot.actor.id;
            actor.actorEmail = snapshot.actor.email;
            actor.permissions = snapshot.actorPermissions;
            actor.ownerId = snapshot.ownerId;
            actor.backend = cli.store().capabilities();
            if (const Verdict allowed = AccessRules::canInviteWithRoles(actor, roles); !allowed)
                return cli.fail({allowed.error().code, tr("line %1: %2").arg(row.line).arg(allowed.reason())});
            QStringList ids;
            for (const auto& role : roles)
                ids.append(role.id);
            ids.sort();
            const QString key = ids.join(QLatin1Char(','));
            groups[key].append(row.email);
            groupRoles[key] = ids;
        }
        int invited = 0;
        for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
            InviteReport report;
            if (!cli.await(cli.store().invite(it.value(), groupRoles.value(it.key())), &report))
                return cli.exitCode();
            invited += int(report.sent.size());
        }
        if (cli.json())
            cli.printJson(QJsonObject{{QStringLiteral("invited"), invited}});
        else
            cli.printLine(tr("Invited %n people from %1.", nullptr, invited).arg(path));
        return 0;
    }
};

} // namespace

QList<Cli::Command> transferCommands()
{
    return {
        {{QStringLiteral("export"), QStringLiteral("members")},
         QStringLiteral("export members --format csv|json"),
         0,
         0,
         {{QStringLiteral("format"), QStringLiteral("FORMAT")}},
         &TransferCommands::exportMembers},
        {{QStringLiteral("import"), QStringLiteral("invites")},
         QStringLiteral("import invites FILE.csv"),
         1,
         1,
         {},
         &TransferCommands::importInvites},
    };
}
