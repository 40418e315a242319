// init and seed-demo: the two commands that create an account, through the store factory.
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
    };
}
