// roster-cli's shared machinery: parsing, the store, output, and one exit code per failure, as CLI.md specifies.
//
// Each command group lives in its own file (commands_users.cpp, commands_invites.cpp, …) as a table of commands,
// each with its own options; this class runs whichever the command line names.
#pragma once

#include "accountstore.h"
#include "result.h"
#include "storefactory.h"
#include "storeurl.h"
#include "userfilter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonValue>
#include <QTextStream>

#include <memory>

class Keychain;

class Cli
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
    Q_DISABLE_COPY_MOVE(Cli)

public:
    // An option a command takes: a flag when `valueName` is empty.
    struct Option
    {
        QString name;
        QString valueName;
    };

    // What a command needs before it runs.
    enum class Needs {
        Account, // an existing store with an account
        NewAccount, // creates one (init, seed-demo): local stores only
        LocalUrl, // only the URL of a local store (serve opens its own connections)
    };

    struct Command
    {
        QStringList words;
        QString synopsis;
        int minArguments;
        int maxArguments; // -1: unbounded
        QList<Option> options;
        int (*run)(Cli& cli);
        Needs needs = Needs::Account;
    };

    explicit Cli(Keychain* keychain);
    ~Cli();

    // Runs one command line and returns the process exit code.
    int run(const QStringList& arguments);

    // --- For the commands
    const QStringList& arguments() const { return m_arguments; }
    bool isSet(const QString& option) const { return m_parser.isSet(option); }
    QString value(const QString& option) const { return m_parser.value(option); }
    QStringList values(const QString& option) const { return m_parser.values(option); }
    bool json() const { return m_json; }
    const StoreUrl& url() const { return m_url; }
    AccountStore& store() const { return *m_store; }
    // What opened the store, for a command that opens it again as someone else or creates an account.
    StoreRequest request() const { return m_request; }
    StoreFactory& factory() { return m_factory; }

    // Prints the one stderr line and returns the exit code.
    int fail(const Error& error);
    int exitCode() const { return m_exitCode; }
    // Waits for `future`; on failure prints it and returns false.
    template <typename T>
    bool await(QFuture<Result<T>> future, T* value);
    // Several targets at once: applies `change`, prints `doneLine` (with %1, the address) for each person changed
    // and one stderr line per refusal, and returns the exit code: 0 when everyone was changed, else the first
    // refusal's code. On a local store a refusal means nobody was changed, and the first line says so.
    int runBulk(const BulkChange& change, const QString& doneLine);
    // --status, --role and --search, as `users list` and `export members` take them; false (after printing the
    // usage error) for a status it does not know. The store judges the rest: the role, and what the actor may see.
    bool peopleQuery(PeopleQuery* query);
    // --number options: a whole number within [minimum, maximum], else a usage error (and false).
    bool number(const QString& option, int minimum, int maximum, int* target);

    static QTextStream& out();
    void printJson(const QJsonValue& value);
    void printLine(const QString& line);
    void printTable(const QList<QStringList>& rows);

private:
    static const QList<Command>& commands();
    static QString usage();
    Error prepareStore(const Command& command);

    QCommandLineParser m_parser;
    StoreFactory m_factory;
    QStringList m_arguments; // positional arguments after the command words
    StoreUrl m_url;
    StoreRequest m_request;
    bool m_json = false;
    std::shared_ptr<AccountStore> m_store;
    int m_exitCode = 0;
};

// The command groups, one file each.
QList<Cli::Command> accountCommands(); // init, seed-demo, account show|set
QList<Cli::Command> userCommands(); // users list, users roles, users remove
QList<Cli::Command> inviteCommands(); // invite, invites list|revoke|accept|reject
QList<Cli::Command> roleCommands(); // roles list|show|create|update|duplicate|delete
QList<Cli::Command> permissionCommands(); // permissions list
QList<Cli::Command> auditCommands(); // audit list
QList<Cli::Command> accessCommands(); // access show|who
QList<Cli::Command> checkCommands(); // check
QList<Cli::Command> transferCommands(); // export members, import invites
QList<Cli::Command> serveCommands(); // serve

#include "awaitfuture.h"

template <typename T>
bool Cli::await(QFuture<Result<T>> future, T* value)
{
    Result<T> result = awaitFuture(std::move(future));
    if (!result) {
        fail(result.error());
        return false;
    }
    *value = result.takeValue();
    return true;
}
