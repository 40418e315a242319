// The translators live as long as the application, which owns them.
#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace Translations {

QString languageFromArguments(const QStringList& arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if (argument == QLatin1String("--"))
            break;
        if (argument == QLatin1String("--lang") && i + 1 < arguments.size())
            return arguments.at(i + 1);
        if (argument.startsWith(QLatin1String("--lang=")))
            return argument.mid(7);
    }
    return {};
}

void install(QCoreApplication* app, const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    // Messages Qt writes itself (standard buttons, the command-line parser's errors) follow the same language.
    QLocale::setDefault(locale);
    auto* qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    // An installed .qm beside the programs (share/roster/translations) wins over the compiled-in one, so that a
    // translator can try a newer file without a build.
    const QString installed =
        QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("../share/roster/translations"));
    auto* roster = new QTranslator(app);
    if (roster->load(locale, QStringLiteral("roster"), QStringLiteral("_"), installed)
        || roster->load(locale, QStringLiteral("roster"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        || roster->load(QStringLiteral(":/i18n/roster_en.qm")))
        QCoreApplication::installTranslator(roster);
}

} // namespace Translations
