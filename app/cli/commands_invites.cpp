// invite, and invites list, revoke, accept and reject.
#include "accessrules.h"
#include "apijson.h"
#include "cli.h"
#include "liststreams.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

class InviteCommands
{
    Q_DECLARE_TR_FUNCTIONS(InviteCommands)

public:
    static int invite(Cli& cli)
    {
        // Addresses may also be given comma-separated, as an admin would paste them.
        QStringList emails;
        for (const auto& argument : cli.arguments())
            emails += AccessRules::splitEmails(argument);
        InviteReport report;
        if (!cli.await(cli.store().invite(emails, cli.values(QStringLiteral("role"))), &report))
            return cli.exitCode();
        if (cli.json()) {
            JsonItemStream items(Cli::out());
            for (const auto& invite : report.sent)
                items.append(ApiJson::invite(invite));
        } else {
            for (const auto& invite : report.sent)
                cli.printLine(tr("Invited %1.").arg(invite.email));
        }
        // A backend without atomic batches reports each address: every refusal is named, and the exit says so.
        for (const auto& refusal : report.refused)
            cli.fail({refusal.error.code, tr("%1: %2").arg(refusal.email, refusal.error.message)});
        return report.refused.isEmpty() ? 0 : cli.exitCode();
    }

    static int list(Cli& cli)
    {
        const QString status =
            cli.isSet(QStringLiteral("status")) ? cli.value(QStringLiteral("status")) : QStringLiteral("pending");
        std::optional<InviteStatus> filter;
        // Expired is a pending invitation past its lifetime: read the pending ones, keep those.
        const bool expiredOnly = status.compare(QLatin1String("expired"), Qt::CaseInsensitive) == 0;
        if (expiredOnly) {
            filter = InviteStatus::Pending;
        } else if (status.compare(QLatin1String("all"), Qt::CaseInsensitive) != 0) {
            InviteStatus parsed;
            if (!inviteStatusFromName(status, &parsed))
                return cli.fail(
                    usageError(tr("--status takes pending, expired, accepted, rejected, canceled or all, not \"%1\".")
                                   .arg(status)));
            filter = parsed;
        }
        QList<Invite> invites;
        if (!cli.await(cli.store().listInvites(filter), &invites))
            return cli.exitCode();
        const QDateTime now = Clock::now();
        if (filter == InviteStatus::Pending) {
            // --status pending lists the invitations that can still be accepted; expired ones have their own status.
            invites.removeIf([&](const Invite& invite) { return isExpired(invite, now) != expiredOnly; });
        }
        // Role names are a nicety here: an actor without read:roles still gets the invitations.
        QHash<QString, QString> roleNames;
        if (const auto roles = awaitFuture(cli.store().listRoles()); roles.ok()) {
            for (const auto& role : roles.value())
                roleNames.insert(role.id, role.name);
        }
        if (cli.json()) {
            JsonItemStream items(Cli::out());
            for (const auto& invite : invites) {
                QJsonObject item = ApiJson::invite(invite);
                // Roster's own fields next to the API's: the lifetime of a local store's invitation.
                if (invite.expiresAt.isValid()) {
                    item.insert(QStringLiteral("expiresAt"), ApiJson::timestamp(invite.expiresAt));
                    item.insert(QStringLiteral("expired"), isExpired(invite, now));
                }
                items.append(item);
            }
            return 0;
        }
        QList<QStringList> table{
            {tr("EMAIL"), tr("STATUS"), tr("ROLES"), tr("INVITED BY"), tr("SENT"), tr("EXPIRES"), tr("ID")}};
        for (const auto& invite : invites) {
            QStringList names;
            for (const auto& id : invite.roleIds)
                names.append(roleNames.value(id, id));
            const QString expires = invite.status == InviteStatus::Pending && invite.expiresAt.isValid()
                ? ApiJson::timestamp(invite.expiresAt).left(10)
                : QStringLiteral("-");
            table.append({invite.email, inviteDisplayStatusName(invite, now), names.join(QStringLiteral(", ")),
                          invite.invitedBy, ApiJson::timestamp(invite.createdAt).left(10), expires, invite.id});
        }
        cli.printTable(table);
        return 0;
    }

    static int revoke(Cli& cli)
    {
        if (cli.arguments().size() > 1) {
            BulkChange change;
            change.kind = BulkChange::Kind::Revoke;
            change.targets = cli.arguments();
            return cli.runBulk(change, tr("Revoked the invitation for %1."));
        }
        Invite invite;
        if (!cli.await(cli.store().revokeInvite(cli.arguments().first()), &invite))
            return cli.exitCode();
        if (cli.json())
            cli.printJson(ApiJson::invite(invite));
        else
            cli.printLine(tr("Revoked the invitation for %1.").arg(invite.email));
        return 0;
    }

    static int resend(Cli& cli)
    {
        if (cli.arguments().size() > 1) {
            BulkChange change;
            change.kind = BulkChange::Kind::Resend;
            change.targets = cli.arguments();
            return cli.runBulk(change, tr("Sent the invitation for %1 again."));
        }
        Invite invite;
        if (!cli.await(cli.store().resendInvite(cli.arguments().first()), &invite))
            return cli.exitCode();
        if (cli.json())
            cli.printJson(ApiJson::invite(invite));
        else
            cli.printLine(tr("Sent the invitation for %1 again.").arg(invite.email));
        return 0;
    }

    // On a local file, whoever holds it is trusted with all of it: without --actor, roster-cli answers an
    // invitation as its invitee. The rules still check that whoever acts is the one invited.
    static std::shared_ptr<AccountStore> inviteeStore(Cli& cli)
    {
        if (cli.url().kind == StoreUrl::Kind::Cloud || !cli.request().actor.isEmpty())
            return {};
        QString email = cli.arguments().first();
        if (!email.contains(QLatin1Char('@'))) {
            Invite invite;
            if (!cli.await(cli.store().findInvite(email), &invite))
                return {};
            email = invite.email;
        }
        StoreRequest request = cli.request();
        request.actor = email;
        OpenedStore opened;
        if (!cli.await(cli.factory().open(request), &opened))
            return {};
        return opened.store;
    }

    static int accept(Cli& cli)
    {
        const auto invitee = inviteeStore(cli);
        if (cli.exitCode() != 0)
            return cli.exitCode();
        AccountStore& store = invitee ? *invitee : cli.store();
        Member member;
        if (!cli.await(store.acceptInvite(cli.arguments().first()), &member))
            return cli.exitCode();
        if (cli.json())
            cli.printJson(ApiJson::user(member));
        else
            cli.printLine(tr("%1 accepted the invitation and joined the account.").arg(member.email));
        return 0;
    }

    static int reject(Cli& cli)
    {
        const auto invitee = inviteeStore(cli);
        if (cli.exitCode() != 0)
            return cli.exitCode();
        AccountStore& store = invitee ? *invitee : cli.store();
        Invite invite;
        if (!cli.await(store.rejectInvite(cli.arguments().first()), &invite))
            return cli.exitCode();
        if (cli.json())
            cli.printJson(ApiJson::invite(invite));
        else
            cli.printLine(tr("%1 declined the invitation.").arg(invite.email));
        return 0;
    }
};

} // namespace

QList<Cli::Command> inviteCommands()
{
    return {
        {{QStringLiteral("invite")},
         QStringLiteral("invite EMAIL... [--role ROLE]..."),
         1,
         -1,
         {{QStringLiteral("role"), QStringLiteral("ROLE")}},
         &InviteCommands::invite},
        {{QStringLiteral("invites"), QStringLiteral("list")},
         QStringLiteral("invites list [--status pending|expired|accepted|rejected|canceled|all]"),
         0,
         0,
         {{QStringLiteral("status"), QStringLiteral("STATUS")}},
         &InviteCommands::list},
        {{QStringLiteral("invites"), QStringLiteral("revoke")},
         QStringLiteral("invites revoke EMAIL|INVITE_ID..."),
         1,
         -1,
         {},
         &InviteCommands::revoke},
        {{QStringLiteral("invites"), QStringLiteral("resend")},
         QStringLiteral("invites resend EMAIL|INVITE_ID..."),
         1,
         -1,
         {},
         &InviteCommands::resend},
        {{QStringLiteral("invites"), QStringLiteral("accept")},
         QStringLiteral("invites accept EMAIL|INVITE_ID"),
         1,
         1,
         {},
         &InviteCommands::accept},
        {{QStringLiteral("invites"), QStringLiteral("reject")},
         QStringLiteral("invites reject EMAIL|INVITE_ID"),
         1,
         1,
         {},
         &InviteCommands::reject},
    };
}
