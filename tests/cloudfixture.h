// StoreFixture for the cloud backend: CloudStore over real HTTP to a `roster-cli serve` process.
#pragma once

#include "demodata.h"
#include "sqlfixture.h"
#include "storefixture.h"

#include <QProcess>
#include <QTemporaryDir>

class CloudFixture final : public StoreFixture
{
public:
    CloudFixture();
    ~CloudFixture() override;

    QString name() const override { return QStringLiteral("cloud"); }
    bool resetAccount() override;
    // A fresh demo account (seed-demo) behind the server, for load and request-count tests.
    bool resetDemoAccount(const DemoSpec& spec);
    std::unique_ptr<AccountStore> storeFor(const QString& actorEmail = {}) override;
    // A store signed in with the management key instead of a user token.
    std::unique_ptr<AccountStore> managementKeyStore();
    QString dump() override { return m_sql.dump(); }
    bool hasAuditLog() const override { return false; }

    // The members the contract suite signs in as; each gets the token "tok-EMAIL".
    static QStringList signedInMembers();
    quint16 port() const { return m_port; }
    QString accountId() const { return m_accountId; }
    const SqlFixture& sql() const { return m_sql; }
    // Starts serve over the current file (resetAccount() does it after making a fresh account).
    bool startServer();
    void stopServer();
    // What the last server printed, once it has stopped.
    QByteArray serverOutput() { return m_output + m_server.readAllStandardOutput() + m_server.readAllStandardError(); }

private:
    QTemporaryDir m_journalDir;
    // Reads the account id of the current file and starts serve over it.
    bool serveCurrentAccount();

    SqlFixture m_sql;
    QProcess m_server;
    QByteArray m_output; // read while waiting for it to start
    quint16 m_port = 0;
    QString m_accountId;
};
