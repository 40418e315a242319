// roster entry point: opens the store (creating the local account on first run) and shows the console.
#include "accountsession.h"
#include "awaitfuture.h"
#include "firstrundialog.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "sqlstore.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QTranslator>

namespace {

// The translation context of the start-up messages.
class Startup
{
    Q_DECLARE_TR_FUNCTIONS(Startup)
};

int failStartup(const Error& error)
{
    QMessageBox::critical(nullptr, Startup::tr("Roster"), error.message);
    return int(error.code);
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Roster"));
    QApplication::setApplicationName(QStringLiteral("roster"));
    QApplication::setApplicationDisplayName(QStringLiteral("Roster"));
    QApplication::setApplicationVersion(QStringLiteral(ROSTER_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.roster.Roster"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/roster.svg")));

    Translations::install(&app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Startup::tr("Manage the members, roles and invitations of a Qdrant Cloud account."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("store"), Startup::tr("Which backend to open (sqlite:PATH, postgresql://…)."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("actor"), Startup::tr("Local stores: act as this member (default: the Owner)."),
                      QStringLiteral("EMAIL")});
    parser.addOption(
        {QStringLiteral("demo"), Startup::tr("Fill a new store with demo data, to see every state at once.")});
    parser.process(app);

    QSettings settings;
    StoreUrl url = StoreUrl::defaultLocal();
    const QString requested = parser.isSet(QStringLiteral("store"))
        ? parser.value(QStringLiteral("store"))
        : settings.value(QStringLiteral("store/last")).toString();
    if (!requested.isEmpty()) {
        auto parsed = StoreUrl::parse(requested);
        if (!parsed)
            return failStartup(parsed.error());
        url = parsed.value();
    }

    SqlStore store(url, parser.value(QStringLiteral("actor")));
    if (const Outcome opened = awaitFuture(store.open(SqlAccountEngine::OpenMode::CreateIfMissing)); !opened)
        return failStartup(opened.error());
    const auto initialized = awaitFuture(store.isInitialized());
    if (!initialized)
        return failStartup(initialized.error());
    QString startupNote;
    if (!initialized.value()) {
        if (parser.isSet(QStringLiteral("demo"))) {
            if (const auto seeded = awaitFuture(store.seedDemo(DemoSpec{})); !seeded)
                return failStartup(seeded.error());
        } else {
            FirstRunDialog welcome;
            if (welcome.exec() != QDialog::Accepted)
                return 0;
            if (const auto account = awaitFuture(store.initialize(welcome.accountName(), welcome.ownerEmail()));
                !account)
                return failStartup(account.error());
        }
    } else if (parser.isSet(QStringLiteral("demo"))) {
        startupNote = Startup::tr("This store already holds an account, so no demo data was added.");
    }
    // Only the password-free form is remembered: secrets never reach the settings file.
    settings.setValue(QStringLiteral("store/last"), url.displayString());

    AccountSession session(&store);
    MainWindow window(&session);
    window.show();
    if (!startupNote.isEmpty())
        window.messageBar()->showMessage(startupNote);
    session.reload();
    return app.exec();
}
