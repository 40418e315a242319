// A process-wide list behind a lock: secrets arrive from any thread, and so do log messages.
#include "secrets.h"

#include <QReadWriteLock>
#include <QSet>
#include <QtGlobal>

namespace {

QReadWriteLock& lock()
{
    static QReadWriteLock instance;
    return instance;
}

QSet<QString>& known()
{
    static QSet<QString> secrets;
    return secrets;
}

QtMessageHandler previousHandler = nullptr;

void redactingHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    const QString safe = Secrets::redacted(message);
    if (previousHandler)
        previousHandler(type, context, safe);
}

} // namespace

namespace Secrets {

void remember(const QString& secret)
{
    // Four characters and fewer would blank common words out of every message; no real credential is that short.
    if (secret.trimmed().size() < 5)
        return;
    QWriteLocker locker(&lock());
    known().insert(secret.trimmed());
}

QString redacted(QString text)
{
    QReadLocker locker(&lock());
    for (const auto& secret : known())
        text.replace(secret, QLatin1String("[redacted]"));
    return text;
}

void installLogFilter()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    previousHandler = qInstallMessageHandler(redactingHandler);
}

} // namespace Secrets
