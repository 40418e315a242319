#include "auditlogmodel.h"

#include "accountstore.h"
#include "futurewatch.h"

#include <QLocale>

AuditLogModel::AuditLogModel(AccountStore* store, QObject* parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
}

void AuditLogModel::setFilter(const AuditQuery& filter)
{
    beginResetModel();
    m_filter = filter;
    m_events.clear();
    m_exhausted = false;
    m_failed = false;
    m_loading = false;
    ++m_generation;
    endResetModel();
    fetchMore({});
}

bool AuditLogModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_exhausted && !m_loading && !m_failed;
}

void AuditLogModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    AuditQuery page = m_filter;
    page.limit = PageSize;
    page.afterAt = {};
    if (!m_events.isEmpty()) {
        page.beforeAt = m_events.last().at;
        page.beforeId = m_events.last().id;
    }
    setLoading(true);
    const int generation = m_generation;
    onFinished(m_store->auditLog(page), this, [this, generation](const Result<QList<AuditEvent>>& result) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!result) {
            m_failed = true; // no retry loop: the page says why, and Reload tries again
            Q_EMIT loadFailed(result.error());
            return;
        }
        const QList<AuditEvent>& events = result.value();
        m_exhausted = events.size() < PageSize;
        if (events.isEmpty())
            return;
        beginInsertRows({}, int(m_events.size()), int(m_events.size() + events.size()) - 1);
        m_events.append(events);
        endInsertRows();
    });
}

void AuditLogModel::fetchNewer()
{
    if (m_loading || m_failed)
        return;
    if (m_events.isEmpty()) {
        if (m_exhausted) { // nothing was there: read from the top again
            m_exhausted = false;
            fetchMore({});
        }
        return;
    }
    AuditQuery newer = m_filter;
    newer.limit = PageSize;
    newer.afterAt = m_events.first().at;
    newer.afterId = m_events.first().id;
    const int generation = m_generation;
    onFinished(m_store->auditLog(newer), this, [this, generation](const Result<QList<AuditEvent>>& result) {
        if (generation != m_generation || !result || result.value().isEmpty())
            return;
        const QList<AuditEvent>& events = result.value();
        beginInsertRows({}, 0, int(events.size()) - 1);
        m_events = events + m_events;
        endInsertRows();
    });
}

void AuditLogModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

int AuditLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int AuditLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditLogModel::actionLabel(const QString& action)
{
    static const QHash<QString, const char*> labels = {
        {QStringLiteral("account.create"), QT_TR_NOOP("Account created")},
        {QStringLiteral("account.seed"), QT_TR_NOOP("Demo data added")},
        {QStringLiteral("account.invite_lifetime"), QT_TR_NOOP("Invitation lifetime changed")},
        {QStringLiteral("invite.create"), QT_TR_NOOP("Invitation sent")},
        {QStringLiteral("invite.resend"), QT_TR_NOOP("Invitation resent")},
        {QStringLiteral("invite.revoke"), QT_TR_NOOP("Invitation revoked")},
        {QStringLiteral("invite.accept"), QT_TR_NOOP("Invitation accepted")},
        {QStringLiteral("invite.reject"), QT_TR_NOOP("Invitation declined")},
        {QStringLiteral("member.roles"), QT_TR_NOOP("Roles changed")},
        {QStringLiteral("member.remove"), QT_TR_NOOP("Removed from the account")},
        {QStringLiteral("role.create"), QT_TR_NOOP("Role created")},
        {QStringLiteral("role.duplicate"), QT_TR_NOOP("Role duplicated")},
        {QStringLiteral("role.update"), QT_TR_NOOP("Role changed")},
        {QStringLiteral("role.delete"), QT_TR_NOOP("Role deleted")},
    };
    const auto it = labels.constFind(action);
    return it == labels.constEnd() ? action : tr(*it);
}

QVariant AuditLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEvent& event = m_events.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case WhenColumn:
            // Stored in UTC, shown in the admin's local time.
            return QLocale().toString(event.at.toLocalTime(), QLocale::ShortFormat);
        case ActorColumn:
            return event.actor;
        case ActionColumn:
            return actionLabel(event.action);
        case TargetColumn:
            return event.target;
        case DetailColumn:
            return event.detail;
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == WhenColumn)
            return QLocale().toString(event.at.toLocalTime(), QLocale::LongFormat);
        if (index.column() == ActionColumn)
            return event.action;
        if (index.column() == DetailColumn && !event.detail.isEmpty())
            return event.detail;
    }
    return {};
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn:
        return tr("When");
    case ActorColumn:
        return tr("Who");
    case ActionColumn:
        return tr("What");
    case TargetColumn:
        return tr("To whom or what");
    case DetailColumn:
        return tr("Details");
    }
    return {};
}
