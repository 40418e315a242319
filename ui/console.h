// Opens a connection profile and owns what hangs off it: the store, the shared session, the window.
#pragma once

#include "connectionprofile.h"
#include "result.h"
#include "storefactory.h"

#include <QObject>

#include <memory>

class AccountSession;
class AccountStore;
class Keychain;
class MainWindow;

struct ConsoleOptions
{
    bool demo = false; // fill a new local store with demo data
    QString actor; // local stores: act as this member
    // A local file that does not exist may be created (asking for its Owner): the default store, a --store given on
    // the command line, File → New. Open… and recent connections never create anything.
    bool createIfMissing = false;
};

class Console final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Console)

public:
    using Options = ConsoleOptions;

    // `keychain` may be null (no keychain look-ups or saves).
    explicit Console(Keychain* keychain, QObject* parent = nullptr);
    ~Console() override;

    // Opens `profile`; `secret` may be empty (then the environment, then the keychain). On success the previous
    // window closes and the new one shows (opened()); on failure nothing changes (failed()).
    void open(const ConnectionProfile& profile, const QString& secret, const Options& options = {});
    MainWindow* window() const { return m_window.get(); }

Q_SIGNALS:
    void opened();
    void failed(const Error& error);
    // The admin closed the first-run question of a new local store: nothing was created.
    void firstRunCancelled();

private:
    void askForOwner(const StoreRequest& request);
    void createAccount(const StoreRequest& request, const NewAccount& account);
    void adopt(std::shared_ptr<AccountStore> store, const ConnectionProfile& profile, const QString& note = {});
    void fail(const Error& error);
    void showConnectionDialog();
    void openRecent(const QString& name);

    Keychain* m_keychain;
    StoreFactory m_factory;
    std::shared_ptr<AccountStore> m_store;
    std::unique_ptr<AccountSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    ConnectionProfile m_profile; // the store open now
};
