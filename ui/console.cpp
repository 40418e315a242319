// Asks the store factory for a store, the first-run question when a new local store needs its Owner, and swaps
// windows when the admin connects elsewhere. Nothing here waits in a nested event loop.
#include "console.h"

#include "accountsession.h"
#include "cloudstore.h"
#include "connectiondialog.h"
#include "firstrundialog.h"
#include "futurewatch.h"
#include "keychain.h"
#include "mainwindow.h"
#include "messagebar.h"

Console::Console(Keychain* keychain, QObject* parent)
    : QObject(parent)
    , m_keychain(keychain)
    , m_factory(keychain)
{
}

Console::~Console()
{
    // The window and session refer to the store: tear down in reverse order.
    m_window.reset();
    m_session.reset();
    m_store.reset();
}

void Console::open(const ConnectionProfile& profile, const QString& secret, const Options& options)
{
    const StoreRequest request{profile, secret, options.actor};
    onFinished(m_factory.open(request), this, [this, request, options](const Result<OpenedStore>& opened) {
        if (opened && opened.value().hasAccount) {
            const QString note =
                options.demo ? tr("This store already holds an account, so no demo data was added.") : QString();
            return adopt(opened.value().store, request.profile, note);
        }
        // No account yet: a file that does not exist (where creating is allowed), or one without an account.
        const auto url = StoreUrl::parse(request.profile.store);
        const bool missingFile = !opened && opened.error().code == ErrorCode::NotFound && url
            && url.value().kind == StoreUrl::Kind::Sqlite && options.createIfMissing;
        if (!opened && !missingFile)
            return fail(opened.error());
        if (options.demo)
            return createAccount(request, NewAccount{tr("Demo account"), {}, DemoSpec{}});
        askForOwner(request);
    });
}

void Console::askForOwner(const StoreRequest& request)
{
    // The one question of the first run: nothing is written until it is answered.
    auto* welcome = new FirstRunDialog(m_window.get());
    welcome->setAttribute(Qt::WA_DeleteOnClose);
    connect(welcome, &QDialog::accepted, this, [this, request, welcome] {
        createAccount(request, NewAccount{welcome->accountName(), welcome->ownerEmail(), std::nullopt});
    });
    connect(welcome, &QDialog::rejected, this, [this] {
        // Nothing was written: the window (if any) still shows the store that was open.
        if (m_window)
            m_window->messageBar()->showMessage(tr("No account was created; %1 is still open.").arg(m_profile.name));
        Q_EMIT firstRunCancelled();
    });
    welcome->open();
}

void Console::createAccount(const StoreRequest& request, const NewAccount& account)
{
    onFinished(m_factory.create(request, account), this,
               [this, profile = request.profile](const Result<CreatedAccount>& created) {
                   if (!created)
                       return fail(created.error());
                   adopt(created.value().store, profile);
               });
}

void Console::adopt(std::shared_ptr<AccountStore> store, const ConnectionProfile& profile, const QString& note)
{
    // Only now is the previous connection let go: a failed attempt left it as it was.
    m_window.reset();
    m_session.reset();
    m_store = std::move(store);
    m_profile = profile;
    m_session = std::make_unique<AccountSession>(m_store.get());
    // The account loads on the store's thread while the window is built and first painted here: 100,000 members
    // take a third of a second to read, the window a tenth, and neither waits for the other. The load's result
    // arrives through the event loop, so the window is always there to receive it.
    m_session->reload();
    m_window = std::make_unique<MainWindow>(m_session.get());
    if (auto* cloud = qobject_cast<CloudStore*>(m_store.get())) {
        // "Qdrant Cloud is not reachable; retrying in 4 s": the admin sees why nothing happens yet.
        connect(cloud->client(), &CloudClient::retrying, m_window.get(),
                [window = m_window.get()](const QString& message) { window->messageBar()->showMessage(message); });
    }
    connect(m_window.get(), &MainWindow::connectRequested, this, &Console::showConnectionDialog);
    connect(m_window.get(), &MainWindow::recentConnectionRequested, this, &Console::openRecent);
    QSettings settings;
    ConnectionProfile::remember(settings, profile);
    QStringList recent;
    for (const auto& saved : ConnectionProfile::loadAll(settings))
        recent.append(saved.name);
    m_window->setRecentConnections(recent);
    m_window->show();
    if (!note.isEmpty())
        m_window->messageBar()->showMessage(note);
    Q_EMIT opened();
}

void Console::fail(const Error& error)
{
    if (m_window)
        m_window->messageBar()->showMessage(error.message, MessageBar::Kind::Error);
    Q_EMIT failed(error);
}

void Console::showConnectionDialog()
{
    ConnectionDialog dialog(m_profile, m_window.get());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConnectionProfile profile = dialog.profile();
    if (dialog.rememberInKeychain() && !dialog.secret().isEmpty() && m_keychain) {
        onFinished(m_keychain->write(profile.keychainKey(), dialog.secret()), this, [this](const Outcome& saved) {
            if (!saved && m_window)
                m_window->messageBar()->showMessage(saved.error().message, MessageBar::Kind::Error);
        });
    }
    open(profile, dialog.secret(), Options{false, {}, dialog.createsNewStore()});
}

void Console::openRecent(const QString& name)
{
    QSettings settings;
    for (const auto& profile : ConnectionProfile::loadAll(settings)) {
        if (profile.name == name)
            return open(profile, {});
    }
}
