// Command parsing, dispatch and output of roster-cli. Every store refusal becomes one stderr line and its exit code.
#include "rostercli.h"

#include "accessrules.h"
#include "apijson.h"
#include "apiserver.h"
#include "awaitfuture.h"
#include "cloudstore.h"
#include "jsonstream.h"
#include "permissioncatalogue.h"
#include "sqlstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

QString joinedRoleNames(const QStringList& roleIds, const QHash<QString, QString>& names)
{
    QStringList result;
    for (const auto& id : roleIds)
        result.append(names.value(id, id));
    return result.join(QStringLiteral(", "));
}

QString csvField(const QString& value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n')))
        return value;
    return QLatin1Char('"') + QString(value).replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
}

} // namespace

RosterCli::RosterCli() = default;
RosterCli::~RosterCli() = default;

const QList<RosterCli::Command>& RosterCli::commands()
{
    static const QList<Command> table = {
        {{QStringLiteral("init")},
         QStringLiteral("init [--account-name NAME] [--owner EMAIL]"),
         0,
         0,
         {QStringLiteral("account-name"), QStringLiteral("owner")},
         &RosterCli::initAccount},
        {{QStringLiteral("seed-demo")},
         QStringLiteral("seed-demo [--members N] [--invites N] [--custom-roles N] [--seed S]"),
         0,
         0,
         {QStringLiteral("members"), QStringLiteral("invites"), QStringLiteral("custom-roles"), QStringLiteral("seed")},
         &RosterCli::seedDemo},
        {{QStringLiteral("users"), QStringLiteral("list")},
         QStringLiteral("users list [--status active|pending|all] [--role ROLE] [--search TEXT]"),
         0,
         0,
         {QStringLiteral("status"), QStringLiteral("role"), QStringLiteral("search")},
         &RosterCli::listUsers},
        {{QStringLiteral("users"), QStringLiteral("roles")},
         QStringLiteral("users roles EMAIL [--add ROLE]... [--remove ROLE]..."),
         1,
         1,
         {QStringLiteral("add"), QStringLiteral("remove")},
         &RosterCli::changeUserRoles},
        {{QStringLiteral("users"), QStringLiteral("remove")},
         QStringLiteral("users remove EMAIL"),
         1,
         1,
         {},
         &RosterCli::removeUser},
        {{QStringLiteral("invite")},
         QStringLiteral("invite EMAIL... [--role ROLE]..."),
         1,
         -1,
         {QStringLiteral("role")},
         &RosterCli::inviteUsers},
        {{QStringLiteral("invites"), QStringLiteral("list")},
         QStringLiteral("invites list [--status pending|accepted|rejected|canceled|all]"),
         0,
         0,
         {QStringLiteral("status")},
         &RosterCli::listInvites},
        {{QStringLiteral("invites"), QStringLiteral("revoke")},
         QStringLiteral("invites revoke EMAIL|INVITE_ID"),
         1,
         1,
         {},
         &RosterCli::revokeInvite},
        {{QStringLiteral("invites"), QStringLiteral("accept")},
         QStringLiteral("invites accept EMAIL|INVITE_ID"),
         1,
         1,
         {},
         &RosterCli::acceptInvite},
        {{QStringLiteral("invites"), QStringLiteral("reject")},
         QStringLiteral("invites reject EMAIL|INVITE_ID"),
         1,
         1,
         {},
         &RosterCli::rejectInvite},
        {{QStringLiteral("roles"), QStringLiteral("list")},
         QStringLiteral("roles list"),
         0,
         0,
         {},
         &RosterCli::listRoles},
        {{QStringLiteral("roles"), QStringLiteral("show")},
         QStringLiteral("roles show ROLE"),
         1,
         1,
         {},
         &RosterCli::showRole},
        {{QStringLiteral("roles"), QStringLiteral("create")},
         QStringLiteral("roles create NAME --permission P... [--description TEXT]"),
         1,
         1,
         {QStringLiteral("permission"), QStringLiteral("description")},
         &RosterCli::createRole},
        {{QStringLiteral("roles"), QStringLiteral("update")},
         QStringLiteral("roles update ROLE [--name NEW] [--description TEXT] [--permission P]..."),
         1,
         1,
         {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("permission")},
         &RosterCli::updateRole},
        {{QStringLiteral("roles"), QStringLiteral("duplicate")},
         QStringLiteral("roles duplicate ROLE [--name NEW]"),
         1,
         1,
         {QStringLiteral("name")},
         &RosterCli::duplicateRole},
        {{QStringLiteral("roles"), QStringLiteral("delete")},
         QStringLiteral("roles delete ROLE"),
         1,
         1,
         {},
         &RosterCli::deleteRole},
        {{QStringLiteral("permissions"), QStringLiteral("list")},
         QStringLiteral("permissions list"),
         0,
         0,
         {},
         &RosterCli::listPermissions},
        {{QStringLiteral("audit"), QStringLiteral("list")},
         QStringLiteral("audit list [--limit N]"),
         0,
         0,
         {QStringLiteral("limit")},
         &RosterCli::listAudit},
        {{QStringLiteral("export"), QStringLiteral("members")},
         QStringLiteral("export members --format csv|json"),
         0,
         0,
         {QStringLiteral("format")},
         &RosterCli::exportMembers},
        {{QStringLiteral("serve")},
         QStringLiteral("serve [--listen 127.0.0.1:PORT]"),
         0,
         0,
         {QStringLiteral("listen")},
         &RosterCli::serve},
        {{QStringLiteral("import"), QStringLiteral("invites")},
         QStringLiteral("import invites FILE.csv"),
         1,
         1,
         {},
         &RosterCli::importInvites},
    };
    return table;
}

QString RosterCli::usage() const
{
    QString text = tr("Usage: roster-cli [--store URL] [--actor EMAIL] [--json] COMMAND [ARGUMENTS]\n\nCommands:\n");
    for (const auto& command : commands())
        text += QLatin1String("  ") + command.synopsis + QLatin1Char('\n');
    text +=
        tr("\nStore URLs: sqlite:PATH (default: the per-user data file), postgresql://USER@HOST[:PORT]/DB, "
           "cloud:ACCOUNT_ID.\n"
           "Cloud credentials come from QDRANT_CLOUD_TOKEN or QDRANT_CLOUD_API_KEY, never from the command line.\n");
    return text;
}

int RosterCli::run(const QStringList& arguments)
{
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const auto valueOption = [](const QString& name, const QString& valueName) {
        return QCommandLineOption(name, QString(), valueName);
    };
    m_parser.addOptions({
        valueOption(QStringLiteral("store"), QStringLiteral("URL")),
        valueOption(QStringLiteral("actor"), QStringLiteral("EMAIL")),
        valueOption(QStringLiteral("endpoint"), QStringLiteral("URL")),
        QCommandLineOption(QStringLiteral("json")),
        QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")}),
        valueOption(QStringLiteral("account-name"), QStringLiteral("NAME")),
        valueOption(QStringLiteral("owner"), QStringLiteral("EMAIL")),
        valueOption(QStringLiteral("members"), QStringLiteral("N")),
        valueOption(QStringLiteral("invites"), QStringLiteral("N")),
        valueOption(QStringLiteral("custom-roles"), QStringLiteral("N")),
        valueOption(QStringLiteral("seed"), QStringLiteral("S")),
        valueOption(QStringLiteral("status"), QStringLiteral("STATUS")),
        valueOption(QStringLiteral("role"), QStringLiteral("ROLE")),
        valueOption(QStringLiteral("search"), QStringLiteral("TEXT")),
        valueOption(QStringLiteral("add"), QStringLiteral("ROLE")),
        valueOption(QStringLiteral("remove"), QStringLiteral("ROLE")),
        valueOption(QStringLiteral("permission"), QStringLiteral("P")),
        valueOption(QStringLiteral("description"), QStringLiteral("TEXT")),
        valueOption(QStringLiteral("name"), QStringLiteral("NAME")),
        valueOption(QStringLiteral("limit"), QStringLiteral("N")),
        valueOption(QStringLiteral("format"), QStringLiteral("FORMAT")),
        valueOption(QStringLiteral("listen"), QStringLiteral("HOST:PORT")),
    });
    if (!m_parser.parse(arguments))
        return fail(usageError(m_parser.errorText()));
    if (m_parser.isSet(QStringLiteral("help"))) {
        out() << usage();
        return 0;
    }
    m_json = m_parser.isSet(QStringLiteral("json"));

    const QStringList positional = m_parser.positionalArguments();
    const Command* command = nullptr;
    for (const auto& candidate : commands()) {
        if (positional.mid(0, candidate.words.size()) == candidate.words
            && (!command || candidate.words.size() > command->words.size()))
            command = &candidate;
    }
    if (!command) {
        if (positional.isEmpty())
            return fail(usageError(tr("No command given; run roster-cli --help for the list.")));
        return fail(usageError(tr("Unknown command \"%1\"; run roster-cli --help for the list.")
                                   .arg(positional.mid(0, 2).join(QLatin1Char(' ')))));
    }
    m_arguments = positional.mid(command->words.size());
    const QString name = command->words.join(QLatin1Char(' '));
    if (m_arguments.size() < command->minArguments)
        return fail(usageError(tr("%1 is missing an argument. Usage: roster-cli %2").arg(name, command->synopsis)));
    if (command->maxArguments >= 0 && m_arguments.size() > command->maxArguments)
        return fail(usageError(tr("%1 takes fewer arguments. Usage: roster-cli %2").arg(name, command->synopsis)));
    static const QStringList globalOptions = {QStringLiteral("store"), QStringLiteral("actor"),
                                              QStringLiteral("endpoint"), QStringLiteral("json")};
    for (const auto& option : m_parser.optionNames()) {
        if (!globalOptions.contains(option) && !command->options.contains(option))
            return fail(
                usageError(tr("%1 does not take --%2. Usage: roster-cli %3").arg(name, option, command->synopsis)));
    }

    if (m_parser.isSet(QStringLiteral("store"))) {
        auto url = StoreUrl::parse(m_parser.value(QStringLiteral("store")));
        if (!url)
            return fail(url.error());
        m_url = url.value();
    } else {
        m_url = StoreUrl::defaultLocal();
    }
    if (m_url.kind != StoreUrl::Kind::Cloud && m_parser.isSet(QStringLiteral("endpoint")))
        return fail(usageError(tr("--endpoint applies to cloud: stores only.")));
    if (m_url.kind == StoreUrl::Kind::Cloud && m_parser.isSet(QStringLiteral("actor")))
        return fail(usageError(tr("--actor applies to local stores only; the cloud credentials say who you are.")));
    m_actor = m_parser.value(QStringLiteral("actor"));
    const bool localOnly = command->handler == &RosterCli::initAccount || command->handler == &RosterCli::seedDemo
        || command->handler == &RosterCli::serve;
    if (m_url.kind == StoreUrl::Kind::Cloud && localOnly)
        return fail(usageError(tr("%1 works on local stores (sqlite: or postgresql:) only.").arg(name)));

    const bool creates = command->handler == &RosterCli::initAccount || command->handler == &RosterCli::seedDemo;
    if (const Error error = openStore(creates); error.isError())
        return fail(error);
    const int code = (this->*command->handler)();
    out().flush();
    return code;
}

Error RosterCli::openStore(bool createIfMissing)
{
    if (m_url.kind == StoreUrl::Kind::Cloud) {
        const QString endpointText = m_parser.isSet(QStringLiteral("endpoint"))
            ? m_parser.value(QStringLiteral("endpoint"))
            : qEnvironmentVariable("QDRANT_CLOUD_ENDPOINT", QString::fromLatin1(CloudClient::DefaultEndpoint));
        const auto endpoint = CloudClient::checkEndpoint(endpointText);
        if (!endpoint)
            return endpoint.error();
        CloudOptions options;
        options.endpoint = endpoint.value();
        options.accountId = m_url.accountId;
        options.credential = CloudCredential::fromEnvironment();
        if (options.credential.secret.isEmpty())
            return permissionDenied(tr("No Qdrant Cloud credentials: set QDRANT_CLOUD_TOKEN (a signed-in user's token) "
                                       "or QDRANT_CLOUD_API_KEY (a management key)."));
        m_store = std::make_unique<CloudStore>(options);
        return {};
    }
    auto store = std::make_unique<SqlStore>(m_url, m_actor);
    const Outcome opened = awaitFuture(store->open(createIfMissing ? SqlAccountEngine::OpenMode::CreateIfMissing
                                                                   : SqlAccountEngine::OpenMode::MustExist));
    m_sql = store.get();
    m_store = std::move(store);
    return opened.error();
}

int RosterCli::fail(const Error& error)
{
    err() << "roster-cli: " << error.message << Qt::endl;
    m_exitCode = int(error.code);
    return m_exitCode;
}

template <typename T>
bool RosterCli::await(QFuture<Result<T>> future, T* value)
{
    Result<T> result = awaitFuture(std::move(future));
    if (!result) {
        fail(result.error());
        return false;
    }
    *value = result.takeValue();
    return true;
}

void RosterCli::printJson(const QJsonValue& value)
{
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    out() << document.toJson(QJsonDocument::Indented);
}

void RosterCli::printLine(const QString& line)
{
    out() << line << '\n';
}

void RosterCli::printTable(const QList<QStringList>& rows)
{
    QList<int> widths;
    for (const auto& row : rows) {
        for (int i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = qMax(widths[i], int(row.at(i).size()));
        }
    }
    for (const auto& row : rows) {
        QString line;
        for (int i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row.at(i).leftJustified(widths.at(i) + 2) : row.at(i);
        printLine(line);
    }
}

// ---------------------------------------------------------------------------------------------

int RosterCli::initAccount()
{
    const QString owner = m_parser.isSet(QStringLiteral("owner")) ? m_parser.value(QStringLiteral("owner"))
                                                                  : QStringLiteral("owner@example.com");
    Account account;
    if (!await(m_sql->initialize(m_parser.value(QStringLiteral("account-name")), owner), &account))
        return m_exitCode;
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("id"), account.id},
                              {QStringLiteral("name"), account.name},
                              {QStringLiteral("ownerEmail"), owner.trimmed()},
                              {QStringLiteral("createdAt"), ApiJson::timestamp(account.createdAt)}});
    else
        printLine(tr("Created account \"%1\" with owner %2 in %3.").arg(account.name, owner.trimmed(), m_url.path));
    return 0;
}

int RosterCli::seedDemo()
{
    DemoSpec spec;
    const auto number = [&](const QString& option, int* target) {
        if (!m_parser.isSet(option))
            return true;
        bool ok = false;
        const int value = m_parser.value(option).toInt(&ok);
        if (!ok || value < 0) {
            fail(usageError(tr("--%1 takes a whole number, not \"%2\".").arg(option, m_parser.value(option))));
            return false;
        }
        *target = value;
        return true;
    };
    if (!number(QStringLiteral("members"), &spec.members) || !number(QStringLiteral("invites"), &spec.invites)
        || !number(QStringLiteral("custom-roles"), &spec.customRoles))
        return m_exitCode;
    if (m_parser.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        spec.seed = m_parser.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return fail(
                usageError(tr("--seed takes a whole number, not \"%1\".").arg(m_parser.value(QStringLiteral("seed")))));
    }
    DemoSummary summary;
    if (!await(m_sql->seedDemo(spec), &summary))
        return m_exitCode;
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("members"), summary.members},
                              {QStringLiteral("pendingInvites"), summary.pendingInvites},
                              {QStringLiteral("closedInvites"), summary.closedInvites},
                              {QStringLiteral("customRoles"), summary.customRoles}});
    else
        printLine(tr("Seeded %1 members, %2 pending and %3 closed invitations, and %4 custom roles.")
                      .arg(summary.members)
                      .arg(summary.pendingInvites)
                      .arg(summary.closedInvites)
                      .arg(summary.customRoles));
    return 0;
}

int RosterCli::listUsers()
{
    const QString status = m_parser.isSet(QStringLiteral("status")) ? m_parser.value(QStringLiteral("status")).toLower()
                                                                    : QStringLiteral("all");
    if (status != QLatin1String("active") && status != QLatin1String("pending") && status != QLatin1String("all"))
        return fail(usageError(tr("--status takes active, pending or all, not \"%1\".").arg(status)));
    AccountSnapshot snapshot;
    if (!await(m_store->loadAccount(), &snapshot))
        return m_exitCode;
    if (!snapshot.membersVisible && status != QLatin1String("pending"))
        return fail(AccessRules::checkPermission(snapshot.actorPermissions, AccountAction::SeeMembers).error());
    if (!snapshot.invitesVisible && status == QLatin1String("pending"))
        return fail(AccessRules::checkPermission(snapshot.actorPermissions, AccountAction::SeeInvites).error());

    QHash<QString, QString> roleNames;
    QString baseRoleName = QStringLiteral("Base");
    QString roleFilter;
    for (const auto& role : snapshot.roles) {
        roleNames.insert(role.id, role.name);
        if (role.system == SystemRole::Base)
            baseRoleName = role.name;
    }
    if (m_parser.isSet(QStringLiteral("role"))) {
        const QString wanted = m_parser.value(QStringLiteral("role"));
        const Role* role = findRole(snapshot.roles, wanted);
        if (!role)
            return fail(notFound(tr("There is no role \"%1\".").arg(wanted)));
        roleFilter = role->id;
    }
    const QString search = m_parser.value(QStringLiteral("search"));
    const auto matches = [&](const QString& email, const QStringList& roleIds, bool pending) {
        if (!search.isEmpty() && !email.contains(search, Qt::CaseInsensitive))
            return false;
        // Base is implicit on invites, so every invite carries it for filtering too.
        if (!roleFilter.isEmpty() && !roleIds.contains(roleFilter)
            && !(pending && roleNames.value(roleFilter) == baseRoleName))
            return false;
        return true;
    };

    struct Row
    {
        QString id, email, status, invitedBy, date;
        QStringList roles;
    };
    QList<Row> rows;
    if (status != QLatin1String("pending")) {
        for (const auto& member : snapshot.members) {
            if (!matches(member.email, member.roleIds, false))
                continue;
            QStringList names;
            for (const auto& id : member.roleIds)
                names.append(roleNames.value(id, id));
            rows.append({member.id, member.email, QStringLiteral("ACTIVE"), member.invitedBy,
                         ApiJson::timestamp(member.joinedAt), names});
        }
    }
    if (status != QLatin1String("active") && snapshot.invitesVisible) {
        for (const auto& invite : snapshot.pendingInvites) {
            if (!matches(invite.email, invite.roleIds, true))
                continue;
            QStringList names{baseRoleName};
            for (const auto& id : invite.roleIds)
                names.append(roleNames.value(id, id));
            rows.append({invite.id, invite.email, QStringLiteral("PENDING"), invite.invitedBy,
                         ApiJson::timestamp(invite.createdAt), names});
        }
    }
    std::sort(rows.begin(), rows.end(),
              [](const Row& a, const Row& b) { return a.email.compare(b.email, Qt::CaseInsensitive) < 0; });
    if (m_json) {
        JsonItemStream items(out());
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
        table.append({row.email, row.status, row.roles.join(QStringLiteral(", ")), row.invitedBy, row.date.left(10)});
    printTable(table);
    return 0;
}

int RosterCli::inviteUsers()
{
    // Addresses may also be given comma-separated, as an admin would paste them.
    QStringList emails;
    for (const auto& argument : m_arguments)
        emails += AccessRules::splitEmails(argument);
    QList<Invite> invites;
    if (!await(m_store->invite(emails, m_parser.values(QStringLiteral("role"))), &invites))
        return m_exitCode;
    if (m_json) {
        JsonItemStream items(out());
        for (const auto& invite : invites)
            items.append(ApiJson::invite(invite));
    } else {
        for (const auto& invite : invites)
            printLine(tr("Invited %1.").arg(invite.email));
    }
    return 0;
}

int RosterCli::listInvites()
{
    const QString status =
        m_parser.isSet(QStringLiteral("status")) ? m_parser.value(QStringLiteral("status")) : QStringLiteral("pending");
    std::optional<InviteStatus> filter;
    if (status.compare(QLatin1String("all"), Qt::CaseInsensitive) != 0) {
        InviteStatus parsed;
        if (!inviteStatusFromName(status, &parsed))
            return fail(
                usageError(tr("--status takes pending, accepted, rejected, canceled or all, not \"%1\".").arg(status)));
        filter = parsed;
    }
    QList<Invite> invites;
    if (!await(m_store->listInvites(filter), &invites))
        return m_exitCode;
    // Role names are a nicety here: an actor without read:roles still gets the invitations.
    QHash<QString, QString> roleNames;
    if (const auto roles = awaitFuture(m_store->listRoles()); roles.ok()) {
        for (const auto& role : roles.value())
            roleNames.insert(role.id, role.name);
    }
    if (m_json) {
        JsonItemStream items(out());
        for (const auto& invite : invites)
            items.append(ApiJson::invite(invite));
        return 0;
    }
    QList<QStringList> table{{tr("EMAIL"), tr("STATUS"), tr("ROLES"), tr("INVITED BY"), tr("SENT"), tr("ID")}};
    for (const auto& invite : invites) {
        table.append({invite.email, inviteStatusName(invite.status), joinedRoleNames(invite.roleIds, roleNames),
                      invite.invitedBy, ApiJson::timestamp(invite.createdAt).left(10), invite.id});
    }
    printTable(table);
    return 0;
}

int RosterCli::revokeInvite()
{
    Invite invite;
    if (!await(m_store->revokeInvite(m_arguments.first()), &invite))
        return m_exitCode;
    if (m_json)
        printJson(ApiJson::invite(invite));
    else
        printLine(tr("Revoked the invitation for %1.").arg(invite.email));
    return 0;
}

int RosterCli::acceptInvite()
{
    Member member;
    if (!await(m_store->acceptInvite(m_arguments.first()), &member))
        return m_exitCode;
    if (m_json)
        printJson(ApiJson::user(member));
    else
        printLine(tr("%1 accepted the invitation and joined the account.").arg(member.email));
    return 0;
}

int RosterCli::rejectInvite()
{
    Invite invite;
    if (!await(m_store->rejectInvite(m_arguments.first()), &invite))
        return m_exitCode;
    if (m_json)
        printJson(ApiJson::invite(invite));
    else
        printLine(tr("%1 declined the invitation.").arg(invite.email));
    return 0;
}

int RosterCli::changeUserRoles()
{
    Member member;
    if (!await(m_store->updateMemberRoles(m_arguments.first(), m_parser.values(QStringLiteral("add")),
                                          m_parser.values(QStringLiteral("remove"))),
               &member))
        return m_exitCode;
    QHash<QString, QString> names;
    if (const auto roles = awaitFuture(m_store->listRoles()); roles.ok()) {
        for (const auto& role : roles.value())
            names.insert(role.id, role.name);
    }
    if (m_json) {
        QJsonArray roleArray;
        for (const auto& id : member.roleIds)
            roleArray.append(names.value(id, id));
        QJsonObject json = ApiJson::user(member);
        json.insert(QStringLiteral("roles"), roleArray);
        printJson(json);
    } else {
        printLine(tr("%1 now has: %2.").arg(member.email, joinedRoleNames(member.roleIds, names)));
    }
    return 0;
}

int RosterCli::removeUser()
{
    Done done;
    if (!await(m_store->removeMember(m_arguments.first()), &done))
        return m_exitCode;
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("removed"), m_arguments.first()}});
    else
        printLine(tr("Removed %1 from the account.").arg(m_arguments.first()));
    return 0;
}

int RosterCli::listRoles()
{
    QList<Role> roles;
    if (!await(m_store->listRoles(), &roles))
        return m_exitCode;
    if (m_json) {
        JsonItemStream items(out());
        for (const auto& role : roles)
            items.append(ApiJson::role(role));
        return 0;
    }
    QList<QStringList> table{{tr("NAME"), tr("TYPE"), tr("PERMISSIONS"), tr("DESCRIPTION")}};
    for (const auto& role : roles) {
        table.append({role.name, role.isSystem() ? tr("built-in") : tr("custom"),
                      QString::number(role.permissions.size()), role.description});
    }
    printTable(table);
    return 0;
}

int RosterCli::showRole()
{
    RoleDetails details;
    if (!await(m_store->roleDetails(m_arguments.first()), &details))
        return m_exitCode;
    if (m_json) {
        QJsonObject json = ApiJson::role(details.role);
        QJsonArray users;
        for (const auto& member : details.members)
            users.append(ApiJson::user(member));
        QJsonArray invites;
        for (const auto& invite : details.pendingInvites)
            invites.append(ApiJson::invite(invite));
        json.insert(QStringLiteral("users"), users);
        json.insert(QStringLiteral("pendingInvites"), invites);
        printJson(json);
        return 0;
    }
    printLine(tr("%1 (%2)").arg(details.role.name, details.role.isSystem() ? tr("built-in") : tr("custom")));
    if (!details.role.description.isEmpty())
        printLine(details.role.description);
    printLine(tr("Permissions: %1").arg(details.role.permissions.join(QStringLiteral(", "))));
    printLine(tr("Users (%1):").arg(details.members.size()));
    for (const auto& member : details.members)
        printLine(QLatin1String("  ") + member.email);
    printLine(tr("Pending invitations (%1):").arg(details.pendingInvites.size()));
    for (const auto& invite : details.pendingInvites)
        printLine(QLatin1String("  ") + invite.email);
    return 0;
}

int RosterCli::createRole()
{
    const QStringList permissions = m_parser.values(QStringLiteral("permission"));
    const RoleDraft draft{m_arguments.first(), m_parser.value(QStringLiteral("description")),
                          PermissionSet(permissions.cbegin(), permissions.cend())};
    Role role;
    if (!await(m_store->createRole(draft), &role))
        return m_exitCode;
    if (m_json)
        printJson(ApiJson::role(role));
    else
        printLine(tr("Created role %1 with %2.").arg(role.name, role.permissions.join(QStringLiteral(", "))));
    return 0;
}

int RosterCli::updateRole()
{
    QList<Role> roles;
    if (!await(m_store->listRoles(), &roles))
        return m_exitCode;
    const QString wanted = m_arguments.first();
    const Role* it = findRole(roles, wanted);
    if (!it)
        return fail(notFound(tr("There is no role \"%1\".").arg(wanted)));
    RoleDraft draft{it->name, it->description, PermissionSet(it->permissions.cbegin(), it->permissions.cend())};
    if (m_parser.isSet(QStringLiteral("name")))
        draft.name = m_parser.value(QStringLiteral("name"));
    if (m_parser.isSet(QStringLiteral("description")))
        draft.description = m_parser.value(QStringLiteral("description"));
    if (m_parser.isSet(QStringLiteral("permission"))) {
        const QStringList permissions = m_parser.values(QStringLiteral("permission"));
        draft.permissions = PermissionSet(permissions.cbegin(), permissions.cend());
    }
    Role role;
    if (!await(m_store->updateRole(it->id, draft), &role))
        return m_exitCode;
    if (m_json)
        printJson(ApiJson::role(role));
    else
        printLine(tr("Updated role %1.").arg(role.name));
    return 0;
}

int RosterCli::duplicateRole()
{
    Role role;
    if (!await(m_store->duplicateRole(m_arguments.first(), m_parser.value(QStringLiteral("name"))), &role))
        return m_exitCode;
    if (m_json)
        printJson(ApiJson::role(role));
    else
        printLine(tr("Created role %1 as a copy of %2.").arg(role.name, m_arguments.first()));
    return 0;
}

int RosterCli::deleteRole()
{
    RoleUsage usage;
    if (!await(m_store->deleteRole(m_arguments.first()), &usage))
        return m_exitCode;
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("deleted"), m_arguments.first()},
                              {QStringLiteral("unassignedMembers"), usage.members},
                              {QStringLiteral("updatedInvites"), usage.pendingInvites}});
    else
        printLine(tr("Deleted role %1; it was unassigned from %2 members and removed from %3 pending invitations.")
                      .arg(m_arguments.first())
                      .arg(usage.members)
                      .arg(usage.pendingInvites));
    return 0;
}

int RosterCli::listPermissions()
{
    QList<Permission> permissions;
    if (!await(m_store->permissionCatalogue(), &permissions))
        return m_exitCode;
    if (m_json) {
        QJsonArray items; // 32 entries: no need to stream
        for (const auto& permission : permissions) {
            QJsonObject json = ApiJson::permission(permission);
            json.insert(QStringLiteral("description"), permission.description);
            items.append(json);
        }
        printJson(QJsonObject{{QStringLiteral("permissions"), items}});
        return 0;
    }
    QString category;
    for (const auto& permission : permissions) {
        if (permission.category != category) {
            category = permission.category;
            printLine(category);
        }
        printLine(QStringLiteral("  %1  %2").arg(permission.value.leftJustified(34), permission.description));
    }
    return 0;
}

int RosterCli::listAudit()
{
    int limit = 50;
    if (m_parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = m_parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return fail(usageError(
                tr("--limit takes a positive whole number, not \"%1\".").arg(m_parser.value(QStringLiteral("limit")))));
    }
    QList<AuditEvent> events;
    if (!await(m_store->auditLog(limit), &events))
        return m_exitCode;
    if (m_json) {
        JsonItemStream items(out());
        for (const auto& event : events)
            items.append(ApiJson::auditEvent(event));
        return 0;
    }
    QList<QStringList> table{{tr("WHEN"), tr("WHO"), tr("ACTION"), tr("TARGET"), tr("DETAIL")}};
    for (const auto& event : events)
        table.append({ApiJson::timestamp(event.at), event.actor, event.action, event.target, event.detail});
    printTable(table);
    return 0;
}

int RosterCli::exportMembers()
{
    const QString format = m_parser.value(QStringLiteral("format")).toLower();
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        return fail(usageError(tr("export members needs --format csv or --format json.")));
    AccountSnapshot snapshot;
    if (!await(m_store->loadAccount(), &snapshot))
        return m_exitCode;
    if (!snapshot.membersVisible)
        return fail(AccessRules::checkPermission(snapshot.actorPermissions, AccountAction::SeeMembers).error());
    QHash<QString, QString> names;
    for (const auto& role : snapshot.roles)
        names.insert(role.id, role.name);
    if (format == QLatin1String("json")) {
        JsonItemStream items(out());
        for (const auto& member : snapshot.members) {
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
    printLine(QStringLiteral("email,status,roles,invited_by,joined_at"));
    for (const auto& member : snapshot.members) {
        QStringList roles;
        for (const auto& id : member.roleIds)
            roles.append(names.value(id, id));
        printLine(QStringList{csvField(member.email), QStringLiteral("ACTIVE"), csvField(roles.join(QLatin1Char(';'))),
                              csvField(member.invitedBy), ApiJson::timestamp(member.joinedAt)}
                      .join(QLatin1Char(',')));
    }
    return 0;
}

int RosterCli::serve()
{
    const QString listen = m_parser.isSet(QStringLiteral("listen")) ? m_parser.value(QStringLiteral("listen"))
                                                                    : QStringLiteral("127.0.0.1:8080");
    const QString host = listen.section(QLatin1Char(':'), 0, -2);
    bool ok = false;
    const uint port = listen.section(QLatin1Char(':'), -1).toUInt(&ok);
    const QHostAddress address(host == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : host);
    if (!ok || port > 65535 || address.isNull())
        return fail(usageError(tr("--listen takes HOST:PORT, as in 127.0.0.1:8080, not \"%1\".").arg(listen)));
    QHash<QString, QString> tokens;
    for (const auto& pair : qEnvironmentVariable("ROSTER_SERVE_TOKENS").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString token = pair.section(QLatin1Char('='), 0, 0).trimmed();
        const QString email = pair.section(QLatin1Char('='), 1).trimmed();
        if (!token.isEmpty() && !email.isEmpty())
            tokens.insert(token, email);
    }
    QSet<QString> keys;
    for (const auto& key : qEnvironmentVariable("ROSTER_SERVE_API_KEYS").split(QLatin1Char(','), Qt::SkipEmptyParts))
        keys.insert(key.trimmed());
    if (tokens.isEmpty() && keys.isEmpty())
        return fail(
            usageError(tr("serve needs credentials to accept: set ROSTER_SERVE_API_KEYS and/or ROSTER_SERVE_TOKENS.")));
    // The server opens its own connections (one per caller); this one is not needed.
    m_store.reset();
    m_sql = nullptr;
    ApiServer server(m_url, tokens, keys);
    server.setLatency(qEnvironmentVariableIntValue("ROSTER_SERVE_LATENCY_MS"));
    const auto bound = server.start(address, quint16(port));
    if (!bound)
        return fail(bound.error());
    out() << tr("Serving %1 on http://%2:%3").arg(m_url.displayString(), address.toString()).arg(bound.value())
          << Qt::endl;
    return QCoreApplication::exec();
}

int RosterCli::importInvites()
{
    QFile file(m_arguments.first());
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return fail(notFound(tr("Cannot read %1.").arg(m_arguments.first())));
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
        return fail(refused(tr("%1 holds no addresses to invite.").arg(m_arguments.first())));
    QStringList emails;
    for (const auto& row : rows)
        emails.append(row.email);
    if (const Verdict batch = AccessRules::checkInviteBatch(emails); !batch)
        return fail(refused(tr("%1: %2").arg(m_arguments.first(), batch.reason())));
    AccountSnapshot snapshot;
    if (!await(m_store->loadAccount(), &snapshot))
        return m_exitCode;
    if (!snapshot.membersVisible || !snapshot.invitesVisible)
        return fail(AccessRules::checkPermission(snapshot.actorPermissions,
                                                 snapshot.membersVisible ? AccountAction::SeeInvites
                                                                         : AccountAction::SeeMembers)
                        .error());
    QSet<QString> members, pending;
    for (const auto& member : snapshot.members)
        members.insert(emailKey(member.email));
    for (const auto& invite : snapshot.pendingInvites)
        pending.insert(emailKey(invite.email));
    QHash<QString, QStringList> groups; // role set -> addresses, each sent as one all-or-nothing call
    QHash<QString, QStringList> groupRoles;
    for (const auto& row : rows) {
        const Verdict invitee = AccessRules::checkInvitee(row.email, members.contains(emailKey(row.email)),
                                                          pending.contains(emailKey(row.email)));
        if (!invitee)
            return fail(refused(tr("line %1: %2").arg(row.line).arg(invitee.reason())));
        QList<Role> roles;
        for (const auto& name : row.roles) {
            const Role* role = findRole(snapshot.roles, name);
            if (!role)
                return fail(notFound(tr("line %1: there is no role \"%2\".").arg(row.line).arg(name)));
            roles.append(*role);
        }
        if (const Verdict allowed = AccessRules::checkInviteRoles(roles); !allowed)
            return fail(refused(tr("line %1: %2").arg(row.line).arg(allowed.reason())));
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
        QList<Invite> created;
        if (!await(m_store->invite(it.value(), groupRoles.value(it.key())), &created))
            return m_exitCode;
        invited += int(created.size());
    }
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("invited"), invited}});
    else
        printLine(tr("Invited %n people from %1.", nullptr, invited).arg(m_arguments.first()));
    return 0;
}
