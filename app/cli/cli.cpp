// Command-line parsing and dispatch; every store refusal becomes one stderr line and its exit code.
#include "cli.h"

#include "accessrules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

// The options every command takes.
const QList<Cli::Option>& globalOptions()
{
    static const QList<Cli::Option> options = {
        {QStringLiteral("store"), QStringLiteral("URL")},     {QStringLiteral("actor"), QStringLiteral("EMAIL")},
        {QStringLiteral("endpoint"), QStringLiteral("URL")},  {QStringLiteral("json"), {}},
        {QStringLiteral("lang"), QStringLiteral("LANGUAGE")}, // read by main() before parsing
    };
    return options;
}

} // namespace

Cli::Cli(Keychain* keychain)
    : m_factory(keychain)
{
}

Cli::~Cli() = default;

const QList<Cli::Command>& Cli::commands()
{
    static const QList<Command> table = accountCommands() + userCommands() + inviteCommands() + roleCommands()
        + permissionCommands() + accessCommands() + auditCommands() + checkCommands() + transferCommands()
        + serveCommands();
    return table;
}

QString Cli::usage()
{
    QString text = tr("Usage: roster-cli [--store URL] [--actor EMAIL] [--endpoint URL] [--json] [--lang LANGUAGE] "
                      "COMMAND [ARGUMENTS]\n"
                      "       roster-cli --version\n\nCommands:\n");
    for (const auto& command : commands())
        text += QLatin1String("  ") + command.synopsis + QLatin1Char('\n');
    text += tr("\nStore URLs: sqlite:PATH (default: the per-user data file), postgresql://USER@HOST[:PORT]/DB, "
               "cloud:ACCOUNT_ID.\n"
               "Cloud credentials come from QDRANT_CLOUD_TOKEN or QDRANT_CLOUD_API_KEY, else from the system keychain "
               "entry the console saved; never from the command line.\n");
    return text;
}

QTextStream& Cli::out()
{
    static QTextStream stream(stdout);
    return stream;
}

int Cli::run(const QStringList& arguments)
{
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    QStringList added;
    const auto addOption = [&](const Option& option) {
        if (added.contains(option.name))
            return;
        added.append(option.name);
        m_parser.addOption(QCommandLineOption(option.name, QString(), option.valueName));
    };
    for (const auto& option : globalOptions())
        addOption(option);
    for (const auto& command : commands()) {
        for (const auto& option : command.options)
            addOption(option);
    }
    m_parser.addOption(QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")}));
    m_parser.addOption(QCommandLineOption(QStringLiteral("version")));
    if (!m_parser.parse(arguments))
        return fail(usageError(m_parser.errorText()));
    if (m_parser.isSet(QStringLiteral("help"))) {
        out() << usage();
        return 0;
    }
    if (m_parser.isSet(QStringLiteral("version"))) {
        out() << QCoreApplication::applicationName() << "-cli " << QCoreApplication::applicationVersion() << '\n';
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
    for (const auto& option : m_parser.optionNames()) {
        const auto takes = [&](const Option& known) {
            return known.name == option;
        };
        if (std::none_of(globalOptions().cbegin(), globalOptions().cend(), takes)
            && std::none_of(command->options.cbegin(), command->options.cend(), takes))
            return fail(
                usageError(tr("%1 does not take --%2. Usage: roster-cli %3").arg(name, option, command->synopsis)));
    }
    if (const Error error = prepareStore(*command); error.isError())
        return fail(error);
    const int code = command->run(*this);
    out().flush();
    return code;
}

Error Cli::prepareStore(const Command& command)
{
    if (m_parser.isSet(QStringLiteral("store"))) {
        auto url = StoreUrl::parse(m_parser.value(QStringLiteral("store")));
        if (!url)
            return url.error();
        m_url = url.value();
    } else {
        m_url = StoreUrl::defaultLocal();
    }
    const bool cloud = m_url.kind == StoreUrl::Kind::Cloud;
    if (!cloud && m_parser.isSet(QStringLiteral("endpoint")))
        return usageError(tr("--endpoint applies to cloud: stores only."));
    if (cloud && m_parser.isSet(QStringLiteral("actor")))
        return usageError(tr("--actor applies to local stores only; the cloud credentials say who you are."));
    if (m_parser.isSet(QStringLiteral("actor")) && m_parser.value(QStringLiteral("actor")).trimmed().isEmpty())
        return usageError(tr("--actor needs the email address of a member."));
    const QString name = command.words.join(QLatin1Char(' '));
    if (cloud && command.needs != Needs::Account)
        return usageError(tr("%1 works on local stores (sqlite: or postgresql:) only.").arg(name));

    // The same profile the console would save, so that both find one keychain entry; a password typed into the URL
    // is used, but kept out of the profile.
    m_request.profile.store = ConnectionProfile::withoutPassword(m_url);
    m_request.secret = m_url.password;
    m_request.profile.endpoint = m_parser.value(QStringLiteral("endpoint"));
    m_request.actor = m_parser.value(QStringLiteral("actor")).trimmed();
    if (command.needs != Needs::Account)
        return {}; // the command creates the account, or serves the URL with connections of its own
    const auto opened = awaitFuture(m_factory.open(m_request));
    if (!opened) {
        Error error = opened.error();
        if (error.code == ErrorCode::NotFound && m_url.kind == StoreUrl::Kind::Sqlite)
            error.message +=
                QLatin1Char(' ') + tr("To create an account there, run roster-cli init with the same --store.");
        return error;
    }
    if (!opened.value().hasAccount)
        return notFound(tr("This store holds no account yet; create one with `roster-cli init`."));
    m_store = opened.value().store;
    return {};
}

bool Cli::peopleQuery(PeopleQuery* query)
{
    if (isSet(QStringLiteral("status")) && !UserFilter::parseStatus(value(QStringLiteral("status")), &query->status)) {
        fail(usageError(
            tr("--status takes active, pending, expired or all, not \"%1\".").arg(value(QStringLiteral("status")))));
        return false;
    }
    query->search = value(QStringLiteral("search"));
    query->role = value(QStringLiteral("role"));
    return true;
}

int Cli::runBulk(const BulkChange& change, const QString& doneLine)
{
    BulkReport report;
    if (!await(store().applyBulk(change), &report))
        return exitCode();
    if (json()) {
        QJsonArray refusedItems;
        for (const auto& refusal : report.refused)
            refusedItems.append(QJsonObject{{QStringLiteral("email"), refusal.email},
                                            {QStringLiteral("reason"), refusal.error.message},
                                            {QStringLiteral("exitCode"), int(refusal.error.code)}});
        printJson(QJsonObject{{QStringLiteral("done"), QJsonArray::fromStringList(report.done)},
                              {QStringLiteral("refused"), refusedItems},
                              {QStringLiteral("notSent"), QJsonArray::fromStringList(report.notSent)}});
    } else {
        for (const auto& email : report.done)
            printLine(doneLine.arg(email));
    }
    if (report.refused.isEmpty())
        return 0;
    if (!json()) {
        if (report.allOrNothing)
            err() << "roster-cli: "
                  << tr("Nothing was changed: %n target(s) refused.", nullptr, int(report.refused.size())) << Qt::endl;
        for (const auto& refusal : report.refused)
            err() << "roster-cli: " << refusal.email << ": " << refusal.error.message << Qt::endl;
    }
    m_exitCode = int(report.refused.first().error.code);
    return m_exitCode;
}

int Cli::fail(const Error& error)
{
    err() << "roster-cli: " << error.message << Qt::endl;
    m_exitCode = int(error.code);
    return m_exitCode;
}

bool Cli::number(const QString& option, int minimum, int maximum, int* target)
{
    if (!m_parser.isSet(option))
        return true;
    bool ok = false;
    const int value = m_parser.value(option).toInt(&ok);
    if (!ok || value < minimum || value > maximum) {
        fail(usageError(tr("--%1 takes a whole number from %2 to %3, not \"%4\".")
                            .arg(option)
                            .arg(minimum)
                            .arg(maximum)
                            .arg(m_parser.value(option))));
        return false;
    }
    *target = value;
    return true;
}

void Cli::printJson(const QJsonValue& value)
{
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    out() << document.toJson(QJsonDocument::Indented);
}

void Cli::printLine(const QString& line)
{
    out() << line << '\n';
}

void Cli::printTable(const QList<QStringList>& rows)
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
