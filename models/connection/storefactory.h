// The one place a store is made, for the console and roster-cli alike: which backend, which credential, and
// whether the store holds an account yet.
//
// Credentials are looked up in one order for both programs: what was typed for this connection, then the
// environment, then the system keychain. A local store without an account is a result the caller handles (the
// console asks for the Owner, roster-cli says to run init); nothing here opens a dialog.
#pragma once

#include "accountstore.h"
#include "cloudclient.h"
#include "connectionprofile.h"
#include "demodata.h"

#include <QFuture>
#include <QObject>

#include <memory>
#include <optional>

class Keychain;

struct StoreRequest
{
    ConnectionProfile profile; // the store URL without its password, the cloud endpoint and credential kind
    QString secret; // typed for this connection: a PostgreSQL password or a cloud credential; else looked up
    QString actor; // local stores: act as this member (default: the Owner)
};

struct OpenedStore
{
    std::shared_ptr<AccountStore> store; // null when the store holds no account yet
    bool hasAccount = false;
};

// What a new local account starts with.
struct NewAccount
{
    QString name;
    QString ownerEmail;
    std::optional<DemoSpec> demo; // fill it with demo data instead
};

// A new account and the store that holds it.
struct CreatedAccount
{
    std::shared_ptr<AccountStore> store;
    Account account; // when made with an Owner
    DemoSummary demo; // when filled with demo data
};

class StoreFactory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreFactory)

public:
    // `keychain` may be null: then nothing is looked up there.
    explicit StoreFactory(Keychain* keychain, QObject* parent = nullptr);

    // Opens an existing store. A local file that does not exist is refused ("No file at PATH"); one that exists but
    // holds no account comes back with hasAccount false, and nothing written.
    QFuture<Result<OpenedStore>> open(const StoreRequest& request);
    // Creates the account of a new local store: the file (or the tables) appear only now, and a failure leaves
    // nothing behind that was not there before.
    QFuture<Result<CreatedAccount>> create(const StoreRequest& request, const NewAccount& account);

    // The cloud credential for `profile`: `typed`, else the environment, else the keychain entry the console saved.
    QFuture<Result<CloudCredential>> cloudCredential(const ConnectionProfile& profile, const QString& typed);
    // The cloud endpoint a profile means: its own, else $QDRANT_CLOUD_ENDPOINT, else Qdrant's.
    static Result<QUrl> cloudEndpoint(const ConnectionProfile& profile);

private:
    QFuture<Result<OpenedStore>> openCloud(const StoreRequest& request, const StoreUrl& url);
    QFuture<Result<OpenedStore>> openSql(const StoreRequest& request, StoreUrl url);

    Keychain* m_keychain;
};
