// Store creation per backend, with every step continued on the factory's own thread: a store is never destroyed on
// its worker thread, and no caller waits in a nested event loop.
#include "storefactory.h"

#include "cloudstore.h"
#include "futurewatch.h"
#include "keychain.h"
#include "sqlstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPromise>

Q_LOGGING_CATEGORY(lcFactory, "roster.store.factory")

namespace {

template <typename T>
std::shared_ptr<QPromise<Result<T>>> startedPromise()
{
    auto promise = std::make_shared<QPromise<Result<T>>>();
    promise->start();
    return promise;
}

template <typename T>
void settle(const std::shared_ptr<QPromise<Result<T>>>& promise, Result<T> result)
{
    promise->addResult(std::move(result));
    promise->finish();
}

template <typename T>
QFuture<Result<T>> finished(Result<T> result)
{
    auto promise = startedPromise<T>();
    settle(promise, std::move(result));
    return promise->future();
}

// The SQLite file and its companions: what a failed creation must take away again.
void removeSqliteFiles(const QString& path)
{
    for (const auto* suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
}

} // namespace

StoreFactory::StoreFactory(Keychain* keychain, QObject* parent)
    : QObject(parent)
    , m_keychain(keychain)
{
}

Result<QUrl> StoreFactory::cloudEndpoint(const ConnectionProfile& profile)
{
    const QString text = !profile.endpoint.isEmpty()
        ? profile.endpoint
        : qEnvironmentVariable("QDRANT_CLOUD_ENDPOINT", QString::fromLatin1(CloudClient::DefaultEndpoint));
    return CloudClient::checkEndpoint(text);
}

QFuture<Result<CloudCredential>> StoreFactory::cloudCredential(const ConnectionProfile& profile, const QString& typed)
{
    if (!typed.isEmpty())
        return finished<CloudCredential>(CloudCredential{profile.credentialKind, typed});
    if (const CloudCredential fromEnvironment = CloudCredential::fromEnvironment(); !fromEnvironment.secret.isEmpty())
        return finished<CloudCredential>(fromEnvironment);
    const Error none = permissionDenied(
        tr("No Qdrant Cloud credential: set QDRANT_CLOUD_TOKEN (a signed-in user's token) or QDRANT_CLOUD_API_KEY "
           "(a management key), or connect once from the console and tick Remember."));
    if (!m_keychain)
        return finished<CloudCredential>(none);
    // The profile's own kind first; roster-cli, which knows no kind, finds either.
    const CloudCredential::Kind first = profile.credentialKind;
    const CloudCredential::Kind second = first == CloudCredential::Kind::UserToken
        ? CloudCredential::Kind::ManagementKey
        : CloudCredential::Kind::UserToken;
    auto promise = startedPromise<CloudCredential>();
    auto tryKind = std::make_shared<std::function<void(CloudCredential::Kind, bool)>>();
    *tryKind = [this, profile, promise, none, second, tryKind](CloudCredential::Kind kind, bool last) {
        ConnectionProfile keyed = profile;
        keyed.credentialKind = kind;
        onFinished(m_keychain->read(keyed.keychainKey()), this,
                   [promise, none, second, tryKind, kind, last](const Result<QString>& secret) {
                       if (secret && !secret.value().isEmpty()) {
                           *tryKind = nullptr;
                           return settle(promise, Result<CloudCredential>(CloudCredential{kind, secret.value()}));
                       }
                       if (!last)
                           return (*tryKind)(second, true);
                       *tryKind = nullptr;
                       // An unavailable keychain is worth saying: it is why nothing was found.
                       Error error = none;
                       if (!secret)
                           error.message += QLatin1Char(' ') + secret.error().message;
                       settle(promise, Result<CloudCredential>(error));
                   });
    };
    (*tryKind)(first, false);
    return promise->future();
}

QFuture<Result<OpenedStore>> StoreFactory::open(const StoreRequest& request)
{
    auto url = StoreUrl::parse(request.profile.store);
    if (!url)
        return finished<OpenedStore>(url.error());
    if (url.value().kind == StoreUrl::Kind::Cloud)
        return openCloud(request, url.value());
    return openSql(request, url.value());
}

QFuture<Result<OpenedStore>> StoreFactory::openCloud(const StoreRequest& request, const StoreUrl& url)
{
    if (!request.actor.isEmpty())
        return finished<OpenedStore>(
            usageError(tr("--actor applies to local stores only; the cloud credentials say who you are.")));
    const auto endpoint = cloudEndpoint(request.profile);
    if (!endpoint)
        return finished<OpenedStore>(endpoint.error());
    auto promise = startedPromise<OpenedStore>();
    onFinished(cloudCredential(request.profile, request.secret), this,
               [promise, url, endpoint = endpoint.value()](const Result<CloudCredential>& credential) {
                   if (!credential)
                       return settle(promise, Result<OpenedStore>(credential.error()));
                   CloudOptions options;
                   options.endpoint = endpoint;
                   options.accountId = url.accountId;
                   options.credential = credential.value();
                   settle(promise, Result<OpenedStore>(OpenedStore{std::make_shared<CloudStore>(options), true}));
               });
    return promise->future();
}

QFuture<Result<OpenedStore>> StoreFactory::openSql(const StoreRequest& request, StoreUrl url)
{
    if (!request.secret.isEmpty())
        url.password = request.secret;
    auto store = std::make_shared<SqlStore>(url, SqlActor{request.actor});
    auto promise = startedPromise<OpenedStore>();
    onFinished(store->open(SqlAccountEngine::OpenMode::MustExist), this, [this, promise, store](const Outcome& opened) {
        if (!opened)
            return settle(promise, Result<OpenedStore>(opened.error()));
        onFinished(store->isInitialized(), this, [promise, store](const Result<bool>& initialized) {
            if (!initialized)
                return settle(promise, Result<OpenedStore>(initialized.error()));
            if (!initialized.value())
                return settle(promise, Result<OpenedStore>(OpenedStore{nullptr, false}));
            settle(promise, Result<OpenedStore>(OpenedStore{store, true}));
        });
    });
    return promise->future();
}

QFuture<Result<CreatedAccount>> StoreFactory::create(const StoreRequest& request, const NewAccount& account)
{
    using Created = CreatedAccount;
    auto parsed = StoreUrl::parse(request.profile.store);
    if (!parsed)
        return finished<Created>(parsed.error());
    StoreUrl url = parsed.value();
    if (url.kind == StoreUrl::Kind::Cloud)
        return finished<Created>(usageError(tr("Qdrant Cloud accounts are created on cloud.qdrant.io, not here.")));
    if (!request.secret.isEmpty())
        url.password = request.secret;
    const bool fileIsNew = url.kind == StoreUrl::Kind::Sqlite && !QFileInfo::exists(url.path);
    const bool folderIsNew = fileIsNew && !QFileInfo::exists(QFileInfo(url.path).absolutePath());
    // One owner for the new store, so that a failure can close it before its files go.
    auto holder = std::make_shared<std::shared_ptr<SqlStore>>(std::make_shared<SqlStore>(url, SqlActor{request.actor}));
    auto promise = startedPromise<Created>();
    const auto failWith = [promise, holder, url, fileIsNew, folderIsNew](const Error& error) {
        holder->reset();
        if (fileIsNew) {
            removeSqliteFiles(url.path);
            if (folderIsNew)
                QDir().rmdir(QFileInfo(url.path).absolutePath());
        }
        settle(promise, Result<Created>(error));
    };
    const auto done = [promise, holder, failWith](const Error& error, const Account& made, const DemoSummary& demo) {
        if (error.isError())
            return failWith(error);
        settle(promise, Result<Created>(Created{*holder, made, demo}));
    };
    SqlStore* store = holder->get();
    onFinished(store->open(SqlAccountEngine::OpenMode::CreateIfMissing), this,
               [this, store, account, failWith, done](const Outcome& opened) {
                   if (!opened)
                       return failWith(opened.error());
                   if (account.demo) {
                       DemoSpec spec = *account.demo;
                       if (!account.ownerEmail.isEmpty())
                           spec.ownerEmail = account.ownerEmail;
                       onFinished(store->seedDemo(spec), this, [done](const Result<DemoSummary>& seeded) {
                           done(seeded.error(), {}, seeded ? seeded.value() : DemoSummary());
                       });
                   } else {
                       onFinished(store->initialize(account.name, account.ownerEmail), this,
                                  [done](const Result<Account>& created) {
                                      done(created.error(), created ? created.value() : Account(), {});
                                  });
                   }
               });
    return promise->future();
}
