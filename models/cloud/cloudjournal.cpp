#include "cloudjournal.h"

#include "secrets.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QUrl>

#include <algorithm>

Q_LOGGING_CATEGORY(lcJournal, "roster.journal")

QString CloudJournal::defaultPath(const QUrl& endpoint, const QString& accountId)
{
    // A digest, not the raw names: any endpoint and account id make a safe file name.
    const QByteArray key =
        endpoint.host().toUtf8() + ':' + QByteArray::number(endpoint.port(443)) + '/' + accountId.toUtf8();
    const QString name =
        QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(32));
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/journal/") + name
        + QStringLiteral(".jsonl");
}

CloudJournal::CloudJournal(QString path)
    : m_path(std::move(path))
{
}

void CloudJournal::record(const AuditEvent& event)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile file(m_path);
    const bool existed = file.exists();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        if (!m_warned)
            qCWarning(lcJournal) << "the journal of cloud changes cannot be written:" << file.errorString();
        m_warned = true;
        return;
    }
    if (!existed)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QJsonObject line{{QStringLiteral("id"), event.id},
                           {QStringLiteral("at"), event.at.toUTC().toString(Qt::ISODateWithMs)},
                           {QStringLiteral("actor"), Secrets::redacted(event.actor)},
                           {QStringLiteral("action"), event.action},
                           {QStringLiteral("target"), Secrets::redacted(event.target)},
                           {QStringLiteral("detail"), Secrets::redacted(event.detail)}};
    file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
}

static bool containsFolded(const QString& text, const QString& part)
{
    return part.isEmpty() || text.contains(part, Qt::CaseInsensitive);
}

QList<AuditEvent> CloudJournal::read(const AuditQuery& query) const
{
    QFile file(m_path);
    QList<AuditEvent> events;
    if (!file.open(QIODevice::ReadOnly))
        return events; // nothing recorded yet
    while (!file.atEnd()) {
        const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
        if (line.isEmpty())
            continue; // a line cut short by a crash: skipped, the rest still reads
        AuditEvent event{line.value(QStringLiteral("id")).toString(),
                         QDateTime::fromString(line.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs).toUTC(),
                         line.value(QStringLiteral("actor")).toString(),
                         line.value(QStringLiteral("action")).toString(),
                         line.value(QStringLiteral("target")).toString(),
                         line.value(QStringLiteral("detail")).toString()};
        // The same filters as the SQL stores' audit query.
        if (!query.actor.trimmed().isEmpty() && event.actor.compare(query.actor.trimmed(), Qt::CaseInsensitive) != 0)
            continue;
        if (query.action.endsWith(QLatin1Char('.')) ? !event.action.startsWith(query.action)
                                                    : (!query.action.isEmpty() && event.action != query.action))
            continue;
        if (!containsFolded(event.target, query.target.trimmed()))
            continue;
        const QString all = event.actor + QLatin1Char(' ') + event.action + QLatin1Char(' ') + event.target
            + QLatin1Char(' ') + event.detail;
        if (!containsFolded(all, query.search.trimmed()))
            continue;
        if ((query.since.isValid() && event.at < query.since) || (query.until.isValid() && event.at >= query.until))
            continue;
        // The keyset cursors: strictly older than `before`, strictly newer than `after`.
        if (query.beforeAt.isValid()
            && !(event.at < query.beforeAt || (event.at == query.beforeAt && event.id < query.beforeId)))
            continue;
        if (query.afterAt.isValid()
            && !(event.at > query.afterAt || (event.at == query.afterAt && event.id > query.afterId)))
            continue;
        events.append(event);
    }
    std::sort(events.begin(), events.end(),
              [](const AuditEvent& a, const AuditEvent& b) { return a.at != b.at ? a.at > b.at : a.id > b.id; });
    if (events.size() > query.limit)
        events.resize(qMax(0, query.limit));
    return events;
}
