// roster-cli entry point: a QCoreApplication around Cli.
#include "cli.h"
#include "keychain.h"
#include "secrets.h"
#include "translations.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char* argv[])
{
    // Before anything can log: no credential reaches any output, whatever logging is turned on.
    Secrets::installLogFilter();
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Roster"));
    QCoreApplication::setApplicationName(QStringLiteral("roster"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ROSTER_VERSION));
    // stderr carries exactly one line per failure (CLI.md); diagnostics appear only when asked for
    // with QT_LOGGING_RULES, which takes precedence over these rules.
    // The messages are translated, and English is a translation too: it has the plural forms.
    Translations::install(&app, Translations::languageFromArguments(QCoreApplication::arguments()));
    QLoggingCategory::setFilterRules(
        QStringLiteral("roster.*.debug=false\nroster.*.info=false\nroster.*.warning=false"));
    SystemKeychain keychain;
    Cli cli(&keychain);
    return cli.run(QCoreApplication::arguments());
}
