// The translators live as long as the application, which owns them.
#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace Translations {

void install(QCoreApplication* app)
{
    auto* qt = new QTranslator(app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    // English is a translation too: it supplies the plural forms of "%n member(s)".
    auto* roster = new QTranslator(app);
    if (roster->load(QLocale(), QStringLiteral("roster"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        || roster->load(QStringLiteral(":/i18n/roster_en.qm")))
        QCoreApplication::installTranslator(roster);
}

} // namespace Translations
