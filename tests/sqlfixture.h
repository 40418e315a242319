// StoreFixture over an SQL database: a temporary SQLite file, or a PostgreSQL database given by URL.
#pragma once

#include "storefixture.h"
#include "storeurl.h"

#include <QTemporaryDir>

class SqlFixture final : public StoreFixture
{
public:
    // An SQLite file in a temporary directory.
    SqlFixture();
    // An existing PostgreSQL database; resetAccount() empties it.
    explicit SqlFixture(const StoreUrl& url);

    QString name() const override;
    bool resetAccount() override;
    std::unique_ptr<AccountStore> storeFor(const QString& actorEmail = {}) override;
    QString dump() override;

    const StoreUrl& url() const { return m_url; }

private:
    QTemporaryDir m_dir;
    StoreUrl m_url;
};

// Reads every table of an SQL store in a stable order, through its own connection.
QString dumpSqlStore(const StoreUrl& url);

// Accepts `inviteId` as its invitee, as RULES.md wants: a second store on `url`, signed in as `email`.
QFuture<Result<Member>> acceptAsInvitee(const StoreUrl& url, const QString& email, const QString& inviteId);
