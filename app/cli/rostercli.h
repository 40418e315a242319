// roster-cli: the console's operations for scripts and terminals, exactly as CLI.md specifies them.
#pragma once

#include "accountstore.h"
#include "result.h"
#include "storeurl.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonValue>

#include <memory>

class SqlStore;

class RosterCli
{
    Q_DECLARE_TR_FUNCTIONS(RosterCli)
    Q_DISABLE_COPY_MOVE(RosterCli)

public:
    RosterCli();
    ~RosterCli();

    // Runs one command line and returns the process exit code.
    int run(const QStringList& arguments);

private:
    struct Command
    {
        QStringList words;
        QString synopsis;
        int minArguments;
        int maxArguments; // -1: unbounded
        QStringList options;
        int (RosterCli::*handler)();
    };

    static const QList<Command>& commands();
    QString usage() const;
    int fail(const Error& error);
    Error openStore(bool createIfMissing);
    template <typename T>
    bool await(QFuture<Result<T>> future, T* value);

    void printJson(const QJsonValue& value);
    void printLine(const QString& line);
    void printTable(const QList<QStringList>& rows);

    int initAccount();
    int seedDemo();
    int listUsers();
    int inviteUsers();
    int listInvites();
    int revokeInvite();
    int acceptInvite();
    int rejectInvite();
    int changeUserRoles();
    int removeUser();
    int listRoles();
    int showRole();
    int createRole();
    int updateRole();
    int duplicateRole();
    int deleteRole();
    int listPermissions();
    int listAudit();
    int exportMembers();
    int serve();
    int importInvites();

    QCommandLineParser m_parser;
    QStringList m_arguments; // positional arguments after the command words
    StoreUrl m_url;
    QString m_actor;
    bool m_json = false;
    std::unique_ptr<AccountStore> m_store;
    SqlStore* m_sql = nullptr; // m_store when it is a local SQL store: init, seed-demo and serve need one
    int m_exitCode = 0;
};
