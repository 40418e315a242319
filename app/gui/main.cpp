// roster entry point: opens the store (creating the local account on first run) and shows the console.
#include "console.h"
#include "keychain.h"
#include "secrets.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QSettings>

namespace {

// The translation context of the start-up messages.
class Startup
{
    Q_DECLARE_TR_FUNCTIONS(Startup)
};

} // namespace

int main(int argc, char* argv[])
{
    // Before anything can log: no credential reaches any output, whatever logging is turned on.
    Secrets::installLogFilter();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Roster"));
    QApplication::setApplicationName(QStringLiteral("roster"));
    QApplication::setApplicationDisplayName(QStringLiteral("Roster"));
    QApplication::setApplicationVersion(QStringLiteral(ROSTER_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.roster.Roster"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/roster.svg")));

    Translations::install(&app, Translations::languageFromArguments(QCoreApplication::arguments()));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Startup::tr("Manage the members, roles and invitations of a Qdrant Cloud account."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("store"),
                      Startup::tr("Which backend to open (sqlite:PATH, postgresql://…, cloud:ACCOUNT_ID)."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("actor"), Startup::tr("Local stores: act as this member (default: the Owner)."),
                      QStringLiteral("EMAIL")});
    parser.addOption({QStringLiteral("endpoint"),
                      Startup::tr("Cloud stores: the API base URL (default https://api.cloud.qdrant.io, or "
                                  "$QDRANT_CLOUD_ENDPOINT)."),
                      QStringLiteral("URL")});
    parser.addOption(
        {QStringLiteral("demo"), Startup::tr("Fill a new store with demo data, to see every state at once.")});
    parser.addOption({QStringLiteral("lang"),
                      Startup::tr("The language of the console, e.g. de or en (default: the system's)."),
                      QStringLiteral("LANGUAGE")});
    parser.process(app);

    const auto failStartup = [](const Error& error) {
        QMessageBox::critical(nullptr, Startup::tr("Roster"), error.message);
        QApplication::exit(int(error.code));
    };

    // The store: --store, else the most recent connection, else the per-user SQLite file.
    QSettings settings;
    ConnectionProfile profile;
    QString secret;
    Console::Options options;
    options.demo = parser.isSet(QStringLiteral("demo"));
    options.actor = parser.value(QStringLiteral("actor"));
    if (parser.isSet(QStringLiteral("actor")) && options.actor.trimmed().isEmpty()) {
        QMessageBox::critical(nullptr, Startup::tr("Roster"), Startup::tr("--actor needs an email address."));
        return int(ErrorCode::Usage);
    }
    const QList<ConnectionProfile> recent = ConnectionProfile::loadAll(settings);
    if (parser.isSet(QStringLiteral("store"))) {
        const auto parsed = StoreUrl::parse(parser.value(QStringLiteral("store")));
        if (!parsed) {
            QMessageBox::critical(nullptr, Startup::tr("Roster"), parsed.error().message);
            return int(parsed.error().code);
        }
        profile.store = ConnectionProfile::withoutPassword(parsed.value());
        profile.name = profile.store;
        profile.endpoint = parser.value(QStringLiteral("endpoint"));
        profile.credentialKind = CloudCredential::fromEnvironment().kind;
        // A password typed into the URL is used for this session only; the profile keeps none.
        secret = parsed.value().password;
        options.createIfMissing = true;
    } else if (!recent.isEmpty()) {
        profile = recent.first();
    } else {
        profile.store = ConnectionProfile::withoutPassword(StoreUrl::defaultLocal());
        profile.name = profile.store;
        options.createIfMissing = true;
    }

    SystemKeychain keychain;
    Console console(&keychain);
    // Until the window shows, the first-run question may be the only window: closing it must not end the program
    // while the account is being created.
    QApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(&console, &Console::opened, &app, [] { QApplication::setQuitOnLastWindowClosed(true); });
    // Start-up failures end the program; later ones (File → Connect) leave the open window as it was.
    QObject::connect(&console, &Console::failed, &app, [&console, failStartup](const Error& error) {
        if (!console.window())
            failStartup(error);
    });
    QObject::connect(&console, &Console::firstRunCancelled, &app, [&console] {
        if (console.window())
            return;
        QMessageBox::information(nullptr, Startup::tr("Roster"),
                                 Startup::tr("No account was created, so Roster has nothing to show and closes. "
                                             "Start it again when you are ready to name the account's Owner."));
        QApplication::exit(0);
    });
    console.open(profile, secret, options);
    return app.exec();
}
