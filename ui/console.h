// Opens a connection profile and owns what hangs off it: the store, the shared session, the window.
#pragma once

#include "connectionprofile.h"
#include "result.h"

#include <QObject>

#include <memory>

class AccountSession;
class AccountStore;
class MainWindow;

struct ConsoleOptions
{
    bool demo = false; // fill a new local store with demo data
    QString actor; // local stores: act as this member
};

class Console final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Console)

public:
    using Options = ConsoleOptions;

    explicit Console(QObject* parent = nullptr);
    ~Console() override;

    // Opens `profile`; `secret` may be empty (then the environment, then the keychain). On success the
    // previous window closes and the new one shows; on failure nothing changes.
    Outcome open(const ConnectionProfile& profile, const QString& secret, const Options& options = {});
    MainWindow* window() const { return m_window.get(); }

private:
    Result<std::unique_ptr<AccountStore>> createStore(const ConnectionProfile& profile, const QString& secret,
                                                      const Options& options, QString* note);
    void showConnectionDialog();
    void openRecent(const QString& name);

    std::unique_ptr<AccountStore> m_store;
    std::unique_ptr<AccountSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};
