// The store factory both programs use: the credential order (typed, environment, keychain) with a fake keychain,
// and what opening and creating a local store may and may not leave on disk.
#include "keychain.h"
#include "storefactory.h"
#include "testsupport.h"

#include <QDir>
#include <QPromise>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// A keychain in memory that records what was asked of it.
class FakeKeychain final : public Keychain
{
public:
    QHash<QString, QString> entries;
    QStringList reads;
    bool unavailable = false;

    QFuture<Result<QString>> read(const QString& key) override
    {
        reads.append(key);
        if (unavailable)
            return QtFuture::makeReadyFuture(Result<QString>(backendFailure(QStringLiteral("no keychain daemon"))));
        return QtFuture::makeReadyFuture(Result<QString>(entries.value(key)));
    }
    QFuture<Outcome> write(const QString& key, const QString& secret) override
    {
        entries.insert(key, secret);
        return QtFuture::makeReadyFuture(Outcome(Done{}));
    }
};

ConnectionProfile cloudProfile(CloudCredential::Kind kind = CloudCredential::Kind::UserToken)
{
    ConnectionProfile profile;
    profile.store = QStringLiteral("cloud:acct-1");
    profile.credentialKind = kind;
    return profile;
}

// The environment variables of a test, put back afterwards.
class ScopedEnvironment
{
public:
    ScopedEnvironment(const char* token, const char* key)
    {
        set("QDRANT_CLOUD_TOKEN", token);
        set("QDRANT_CLOUD_API_KEY", key);
    }
    ~ScopedEnvironment()
    {
        qunsetenv("QDRANT_CLOUD_TOKEN");
        qunsetenv("QDRANT_CLOUD_API_KEY");
    }

private:
    static void set(const char* name, const char* value)
    {
        if (value)
            qputenv(name, value);
        else
            qunsetenv(name);
    }
};

} // namespace

class TestStoreFactory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void typedCredentialComesFirst()
    {
        ScopedEnvironment environment("env-token", nullptr);
        FakeKeychain keychain;
        keychain.entries.insert(cloudProfile().keychainKey(), QStringLiteral("saved-token"));
        StoreFactory factory(&keychain);
        REQUIRE_OK(credential, factory.cloudCredential(cloudProfile(), QStringLiteral("typed-token")));
        QCOMPARE(credential.secret, QStringLiteral("typed-token"));
        QVERIFY(keychain.reads.isEmpty());
    }

    void environmentBeforeKeychain()
    {
        ScopedEnvironment environment(nullptr, "env-key");
        FakeKeychain keychain;
        keychain.entries.insert(cloudProfile().keychainKey(), QStringLiteral("saved-token"));
        StoreFactory factory(&keychain);
        REQUIRE_OK(credential, factory.cloudCredential(cloudProfile(), {}));
        QCOMPARE(credential.secret, QStringLiteral("env-key"));
        QCOMPARE(credential.kind, CloudCredential::Kind::ManagementKey);
        QVERIFY(keychain.reads.isEmpty()); // the keychain is not even asked
    }

    void keychainWhenTheEnvironmentHasNone()
    {
        ScopedEnvironment environment(nullptr, nullptr);
        FakeKeychain keychain;
        // Saved by the console as a management key; roster-cli asks with the default kind and still finds it.
        keychain.entries.insert(cloudProfile(CloudCredential::Kind::ManagementKey).keychainKey(),
                                QStringLiteral("saved-key"));
        StoreFactory factory(&keychain);
        REQUIRE_OK(credential, factory.cloudCredential(cloudProfile(), {}));
        QCOMPARE(credential.secret, QStringLiteral("saved-key"));
        QCOMPARE(credential.kind, CloudCredential::Kind::ManagementKey);
        QCOMPARE(keychain.reads,
                 (QStringList{cloudProfile().keychainKey(),
                              cloudProfile(CloudCredential::Kind::ManagementKey).keychainKey()}));
    }

    void noCredentialAnywhereIsAClearError()
    {
        ScopedEnvironment environment(nullptr, nullptr);
        FakeKeychain keychain;
        keychain.unavailable = true;
        StoreFactory factory(&keychain);
        const auto credential = awaitFuture(factory.cloudCredential(cloudProfile(), {}));
        QVERIFY(!credential);
        QCOMPARE(int(credential.error().code), int(ErrorCode::PermissionDenied));
        QVERIFY2(credential.error().message.contains(QStringLiteral("QDRANT_CLOUD_TOKEN")),
                 qPrintable(credential.error().message));
        QVERIFY2(credential.error().message.contains(QStringLiteral("no keychain daemon")),
                 qPrintable(credential.error().message)); // why the keychain found nothing
        // And a cloud store is not made without one.
        StoreRequest request{cloudProfile(), {}, {}};
        REQUIRE_ERROR(factory.open(request), ErrorCode::PermissionDenied);
    }

    void openingAMissingFileCreatesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing/folder/x.db"));
        StoreFactory factory(nullptr);
        const auto opened = awaitFuture(factory.open({{{}, QStringLiteral("sqlite:") + path, {}}, {}, {}}));
        QVERIFY(!opened);
        QCOMPARE(int(opened.error().code), int(ErrorCode::NotFound));
        QCOMPARE(opened.error().message, QStringLiteral("No file at %1.").arg(path));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("missing"))));
    }

    void aFailedCreationLeavesNothingBehind()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new/account.db"));
        StoreFactory factory(nullptr);
        const StoreRequest request{{{}, QStringLiteral("sqlite:") + path, {}}, {}, {}};
        REQUIRE_ERROR(factory.create(request, {QStringLiteral("Acme"), QStringLiteral("not an email"), {}}),
                      ErrorCode::Refused);
        QVERIFY(!QFileInfo::exists(path));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("new")))); // not even the folder made for it
        REQUIRE_OK(created, factory.create(request, {QStringLiteral("Acme"), QStringLiteral("ana@example.com"), {}}));
        QCOMPARE(created.account.name, QStringLiteral("Acme"));
        QVERIFY(QFileInfo::exists(path));
        REQUIRE_OK(opened, factory.open(request));
        QVERIFY(opened.hasAccount);
        QVERIFY(opened.store);
    }

    void aFileWithoutAccountIsAResult()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("empty.db"));
        StoreFactory factory(nullptr);
        const StoreRequest request{{{}, QStringLiteral("sqlite:") + path, {}}, {}, {}};
        REQUIRE_ERROR(factory.create(request, {{}, QStringLiteral("bad"), {}}), ErrorCode::Refused);
        // A file that exists but holds no account (made by hand, say) is not an error: the caller decides.
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        REQUIRE_OK(opened, factory.open(request));
        QVERIFY(!opened.hasAccount);
        QVERIFY(!opened.store);
        // A failed creation in a file that was there before leaves the file.
        REQUIRE_ERROR(factory.create(request, {{}, QStringLiteral("bad"), {}}), ErrorCode::Refused);
        QVERIFY(QFileInfo::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestStoreFactory)
#include "tst_storefactory.moc"
