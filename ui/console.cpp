// Store creation per kind, the first-run question, and swapping windows when the admin connects elsewhere.
#include "console.h"

#include "accountsession.h"
#include "awaitfuture.h"
#include "cloudstore.h"
#include "connectiondialog.h"
#include "credentialvault.h"
#include "firstrundialog.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "sqlstore.h"

#include <QMessageBox>

Console::Console(QObject* parent)
    : QObject(parent)
{
}

Console::~Console()
{
    // The window and session refer to the store: tear down in reverse order.
    m_window.reset();
    m_session.reset();
    m_store.reset();
}

Result<std::unique_ptr<AccountStore>> Console::createStore(const ConnectionProfile& profile, const QString& secret,
                                                           const Options& options, QString* note)
{
    auto parsed = StoreUrl::parse(profile.store);
    if (!parsed)
        return parsed.error();
    StoreUrl url = parsed.value();
    if (url.kind == StoreUrl::Kind::Cloud) {
        const auto endpoint = CloudClient::checkEndpoint(
            profile.endpoint.isEmpty() ? QString::fromLatin1(CloudClient::DefaultEndpoint) : profile.endpoint);
        if (!endpoint)
            return endpoint.error();
        CloudOptions cloud;
        cloud.endpoint = endpoint.value();
        cloud.accountId = url.accountId;
        cloud.credential = {profile.credentialKind, secret};
        if (cloud.credential.secret.isEmpty())
            cloud.credential = CloudCredential::fromEnvironment();
        if (cloud.credential.secret.isEmpty()) {
            cloud.credential.kind = profile.credentialKind;
            if (const auto saved = CredentialVault::read(profile.keychainKey()); saved)
                cloud.credential.secret = saved.value();
        }
        if (cloud.credential.secret.isEmpty())
            return permissionDenied(tr("No Qdrant Cloud credential: type one in File → Connect, or set "
                                       "QDRANT_CLOUD_TOKEN or QDRANT_CLOUD_API_KEY."));
        return std::unique_ptr<AccountStore>(std::make_unique<CloudStore>(cloud));
    }
    if (!secret.isEmpty())
        url.password = secret;
    auto store = std::make_unique<SqlStore>(url, options.actor);
    if (const Outcome opened = awaitFuture(store->open(SqlAccountEngine::OpenMode::CreateIfMissing)); !opened)
        return opened.error();
    const auto initialized = awaitFuture(store->isInitialized());
    if (!initialized)
        return initialized.error();
    if (!initialized.value()) {
        if (options.demo) {
            if (const auto seeded = awaitFuture(store->seedDemo(DemoSpec{})); !seeded)
                return seeded.error();
        } else {
            // The one question of the first run: nothing else shows until the account exists.
            FirstRunDialog welcome;
            if (welcome.exec() != QDialog::Accepted)
                return usageError(tr("No account was created."));
            if (const auto account = awaitFuture(store->initialize(welcome.accountName(), welcome.ownerEmail()));
                !account)
                return account.error();
        }
    } else if (options.demo) {
        *note = tr("This store already holds an account, so no demo data was added.");
    }
    return std::unique_ptr<AccountStore>(std::move(store));
}

Outcome Console::open(const ConnectionProfile& profile, const QString& secret, const Options& options)
{
    QString note;
    auto store = createStore(profile, secret, options, &note);
    if (!store)
        return store.error();
    // Only now is the previous connection let go: a failed attempt leaves it as it was.
    m_window.reset();
    m_session.reset();
    m_store = store.takeValue();
    m_session = std::make_unique<AccountSession>(m_store.get());
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
    m_session->reload();
    return Done{};
}

void Console::showConnectionDialog()
{
    ConnectionDialog dialog(m_window.get());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConnectionProfile profile = dialog.profile();
    if (dialog.rememberInKeychain() && !dialog.secret().isEmpty()) {
        if (const Outcome saved = CredentialVault::write(profile.keychainKey(), dialog.secret()); !saved)
            m_window->messageBar()->showMessage(saved.error().message, MessageBar::Kind::Error);
    }
    if (const Outcome opened = open(profile, dialog.secret()); !opened)
        m_window->messageBar()->showMessage(opened.error().message, MessageBar::Kind::Error);
}

void Console::openRecent(const QString& name)
{
    QSettings settings;
    for (const auto& profile : ConnectionProfile::loadAll(settings)) {
        if (profile.name != name)
            continue;
        if (const Outcome opened = open(profile, {}); !opened)
            m_window->messageBar()->showMessage(opened.error().message, MessageBar::Kind::Error);
        return;
    }
}
