// init and seed-demo, the two commands that create an account through the store factory; account show and set.
#include "apijson.h"
#include "cli.h"

#include <QJsonObject>

namespace {

class AccountCommands
{
    Q_DECLARE_TR_FUNCTIONS(AccountCommands)

public:
    static int init(Cli& cli)
    {
        const QString owner = cli.isSet(QStringLiteral("owner")) ? cli.value(QStringLiteral("owner"))
                                                                 : QStringLiteral("owner@example.com");
        CreatedAccount created;
        if (!cli.await(cli.factory().create(cli.request(), {cli.value(QStringLiteral("account-name")), owner, {}}),
                       &created))
            return cli.exitCode();
        const Account& account = created.account;
        if (cli.json())
            cli.printJson(QJsonObject{{QStringLiteral("id"), account.id},
                                      {QStringLiteral("name"), account.name},
                                      {QStringLiteral("ownerEmail"), owner.trimmed()},
                                      {QStringLiteral("createdAt"), ApiJson::timestamp(account.createdAt)}});
        else
            cli.printLine(
                tr("Created account \"%1\" with owner %2 in %3.")
                    .arg(account.name, owner.trimmed(),
                         cli.url().kind == StoreUrl::Kind::Sqlite ? cli.url().path : cli.url().displayString()));
        return 0;
    }

    static int seedDemo(Cli& cli)
    {
        // Bounded, so that a typo cannot fill the disk: a million members is ten times the largest account we test.
        DemoSpec spec;
        if (!cli.number(QStringLiteral("members"), 0, 1000000, &spec.members)
            || !cli.number(QStringLiteral("invites"), 0, 1000000, &spec.invites)
            || !cli.number(QStringLiteral("custom-roles"), 0, 1000, &spec.customRoles))
            return cli.exitCode();
        if (cli.isSet(QStringLiteral("seed"))) {
            bool ok = false;
            spec.seed = cli.value(QStringLiteral("seed")).toULongLong(&ok);
            if (!ok)
                return cli.fail(
                    usageError(tr("--seed takes a whole number, not \"%1\".").arg(cli.value(QStringLiteral("seed")))));
        }
        CreatedAccount created;
        if (!cli.await(cli.factory().create(cli.request(), {{}, {}, spec}), &created))
            return cli.exitCode();
        const DemoSummary& summary = created.demo;
        if (cli.json())
            cli.printJson(QJsonObject{{QStringLiteral("members"), summary.members},
                                      {QStringLiteral("pendingInvites"), summary.pendingInvites},
                                      {QStringLiteral("closedInvites"), summary.closedInvites},
                                      {QStringLiteral("customRoles"), summary.customRoles}});
        else
            cli.printLine(tr("Seeded %1 members, %2 pending and %3 closed invitations, and %4 custom roles.")
                              .arg(summary.members)
                              .arg(summary.pendingInvites)
                              .arg(summary.closedInvites)
                              .arg(summary.customRoles));
        return 0;
    }

    static QJsonObject accountJson(const Account& account)
    {
        QJsonObject json{{QStringLiteral("id"), account.id},
                         {QStringLiteral("name"), account.name},
                         {QStringLiteral("createdAt"), ApiJson::timestamp(account.createdAt)}};
        // null where invitations never expire (the cloud backend)
        json.insert(QStringLiteral("inviteExpiryDays"),
                    account.inviteLifetimeDays > 0 ? QJsonValue(account.inviteLifetimeDays) : QJsonValue());
        return json;
    }

    static void printAccount(Cli& cli, const Account& account)
    {
        if (cli.json()) {
            cli.printJson(accountJson(account));
            return;
        }
        const QString lifetime = account.inviteLifetimeDays > 0
            ? tr("%n day(s)", nullptr, account.inviteLifetimeDays)
            : tr("never (this backend's invitations do not expire)");
        cli.printTable({{tr("ACCOUNT"), tr("ID"), tr("CREATED"), tr("INVITATIONS EXPIRE AFTER")},
                        {account.name, account.id, ApiJson::timestamp(account.createdAt).left(10), lifetime}});
    }

    static int show(Cli& cli)
    {
        AccountSnapshot snapshot;
        if (!cli.await(cli.store().loadAccount(), &snapshot))
            return cli.exitCode();
        printAccount(cli, snapshot.account);
        return 0;
    }

    static int set(Cli& cli)
    {
        if (!cli.isSet(QStringLiteral("invite-expiry-days")))
            return cli.fail(usageError(tr("account set needs a setting to change: --invite-expiry-days N.")));
        int days = 0;
        if (!cli.number(QStringLiteral("invite-expiry-days"), 1, Account::MaxInviteLifetimeDays, &days))
            return cli.exitCode();
        Account account;
        if (!cli.await(cli.store().setInviteLifetime(days), &account))
            return cli.exitCode();
        if (cli.json())
            cli.printJson(accountJson(account));
        else
            cli.printLine(tr("Invitations now expire %n day(s) after they are sent.", nullptr, days));
        return 0;
    }
};

} // namespace

QList<Cli::Command> accountCommands()
{
    using Needs = Cli::Needs;
    return {
        {{QStringLiteral("init")},
         QStringLiteral("init [--account-name NAME] [--owner EMAIL]"),
         0,
         0,
         {{QStringLiteral("account-name"), QStringLiteral("NAME")}, {QStringLiteral("owner"), QStringLiteral("EMAIL")}},
         &AccountCommands::init,
         Needs::NewAccount},
        {{QStringLiteral("seed-demo")},
         QStringLiteral("seed-demo [--members N] [--invites N] [--custom-roles N] [--seed S]"),
         0,
         0,
         {{QStringLiteral("members"), QStringLiteral("N")},
          {QStringLiteral("invites"), QStringLiteral("N")},
          {QStringLiteral("custom-roles"), QStringLiteral("N")},
          {QStringLiteral("seed"), QStringLiteral("S")}},
         &AccountCommands::seedDemo,
         Needs::NewAccount},
        {{QStringLiteral("account"), QStringLiteral("show")},
         QStringLiteral("account show"),
         0,
         0,
         {},
         &AccountCommands::show},
        {{QStringLiteral("account"), QStringLiteral("set")},
         QStringLiteral("account set --invite-expiry-days N"),
         0,
         0,
         {{QStringLiteral("invite-expiry-days"), QStringLiteral("N")}},
         &AccountCommands::set},
    };
}
