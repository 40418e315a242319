// roster entry point: opens the store (creating the local account on first run) and shows the console.
#include "console.h"
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

    QString secret;
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
    parser.addOption(
        {QStringLiteral("demo"), Startup::tr("Fill a new store with demo data, to see every state at once.")});
    parser.process(app);

    // The store: --store, else the most recent connection, else the per-user SQLite file.
    QSettings settings;
    ConnectionProfile profile;
    const QList<ConnectionProfile> recent = ConnectionProfile::loadAll(settings);
    if (parser.isSet(QStringLiteral("store"))) {
        const auto parsed = StoreUrl::parse(parser.value(QStringLiteral("store")));
        if (!parsed)
            return failStartup(parsed.error());
        profile.store = ConnectionProfile::withoutPassword(parsed.value());
        profile.name = profile.store;
        profile.endpoint = qEnvironmentVariable("QDRANT_CLOUD_ENDPOINT");
        profile.credentialKind = CloudCredential::fromEnvironment().kind;
        // A password typed into the URL is used for this session only; the profile keeps none.
        secret = parsed.value().password;
    } else if (!recent.isEmpty()) {
        profile = recent.first();
    } else {
        profile.store = ConnectionProfile::withoutPassword(StoreUrl::defaultLocal());
        profile.name = profile.store;
    }
    Console console;
    const Console::Options options{parser.isSet(QStringLiteral("demo")), parser.value(QStringLiteral("actor"))};
    if (const Outcome opened = console.open(profile, secret, options); !opened) {
        if (opened.error().code == ErrorCode::Usage && opened.error().message == Console::tr("No account was created."))
            return 0; // the admin closed the first-run question
        return failStartup(opened.error());
    }
    return app.exec();
}
