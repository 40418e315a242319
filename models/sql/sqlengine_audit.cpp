// The SQL engine's read of the audit log: filters as bound conditions, pages by (at, id), newest first.
#include "sqlaccountengine.h"

#include "sqlengine_p.h"

using namespace SqlEngine;

// A LIKE pattern that matches `text` literally, anywhere: the user's % and _ are not wildcards.
static QString containsPattern(const QString& text)
{
    QString escaped = text.toLower();
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

Result<QList<AuditEvent>> SqlAccountEngine::auditLog(const AuditQuery& filter)
{
    return readOnly<QList<AuditEvent>>([&] {
        requireAction(AccountAction::SeeAuditLog);
        QList<AuditEvent> events;
        // Every condition is a bound value; the newest-first order walks the index on `at`.
        QStringList where;
        QVariantList binds;
        if (!filter.actor.trimmed().isEmpty()) {
            where.append(QStringLiteral("lower(actor) = ?"));
            binds.append(filter.actor.trimmed().toLower());
        }
        if (filter.action.endsWith(QLatin1Char('.'))) {
            where.append(QStringLiteral("action LIKE ? ESCAPE '\\'"));
            binds.append(containsPattern(filter.action).mid(1)); // a prefix: no leading %
        } else if (!filter.action.isEmpty()) {
            where.append(QStringLiteral("action = ?"));
            binds.append(filter.action);
        }
        if (!filter.target.trimmed().isEmpty()) {
            where.append(QStringLiteral("lower(target) LIKE ? ESCAPE '\\'"));
            binds.append(containsPattern(filter.target.trimmed()));
        }
        if (!filter.search.trimmed().isEmpty()) {
            where.append(
                QStringLiteral("lower(actor || ' ' || action || ' ' || target || ' ' || detail) LIKE ? ESCAPE '\\'"));
            binds.append(containsPattern(filter.search.trimmed()));
        }
        if (filter.since.isValid()) {
            where.append(QStringLiteral("at >= ?"));
            binds.append(filter.since.toMSecsSinceEpoch());
        }
        if (filter.until.isValid()) {
            where.append(QStringLiteral("at < ?"));
            binds.append(filter.until.toMSecsSinceEpoch());
        }
        if (filter.beforeAt.isValid()) {
            where.append(QStringLiteral("(at < ? OR (at = ? AND id < ?))"));
            binds << filter.beforeAt.toMSecsSinceEpoch() << filter.beforeAt.toMSecsSinceEpoch() << filter.beforeId;
        }
        if (filter.afterAt.isValid()) {
            where.append(QStringLiteral("(at > ? OR (at = ? AND id > ?))"));
            binds << filter.afterAt.toMSecsSinceEpoch() << filter.afterAt.toMSecsSinceEpoch() << filter.afterId;
        }
        binds.append(qMax(0, filter.limit));
        auto query =
            run(QStringLiteral("SELECT id, at, actor, action, target, detail FROM audit_events")
                    + (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND ")))
                    + QStringLiteral(" ORDER BY at DESC, id DESC LIMIT ?"),
                binds);
        while (nextRow(query)) {
            events.append({query.value(0).toString(), fromMs(query.value(1)), query.value(2).toString(),
                           query.value(3).toString(), query.value(4).toString(), query.value(5).toString()});
        }
        return events;
    });
}
