// Credentials never reach any output: every secret the programs learn is remembered here, and a Qt message handler
// blanks it out of every log line, whatever QT_LOGGING_RULES turns on (Qt's own network debugging included).
#pragma once

#include <QString>

namespace Secrets {
// Remembers `secret` (a token, key or password); short strings are ignored, so that ordinary words survive.
void remember(const QString& secret);
// `text` with every remembered secret replaced by "[redacted]".
QString redacted(QString text);
// Installs the handler that redacts every message before the previous handler prints it. Call once, early.
void installLogFilter();
} // namespace Secrets
