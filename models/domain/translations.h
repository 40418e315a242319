// Loads Roster's translations (compiled into the core, for both programs) and Qt's own, for the system locale or
// the language asked for with --lang.
#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace Translations {
// The value of --lang (or --lang=) in `arguments`, before any parser has run: the parsers' own help texts are
// translated too, so the language must be known first. Empty when not given.
QString languageFromArguments(const QStringList& arguments);
// `language` as "de" or "de_DE"; empty follows the system locale. Unknown languages fall back to English.
void install(QCoreApplication* app, const QString& language = {});
} // namespace Translations
