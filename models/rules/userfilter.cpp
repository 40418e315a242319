// The user filter's one decision.
#include "userfilter.h"

bool UserFilter::parseStatus(const QString& text, Status* status)
{
    const QString lower = text.trimmed().toLower();
    if (lower == QLatin1String("all"))
        *status = Status::All;
    else if (lower == QLatin1String("active"))
        *status = Status::Active;
    else if (lower == QLatin1String("pending"))
        *status = Status::Pending;
    else
        return false;
    return true;
}

bool UserFilter::matches(const QString& email, const QStringList& roleIds, bool pending) const
{
    if (m_status == Status::Active && pending)
        return false;
    if (m_status == Status::Pending && !pending)
        return false;
    if (!m_role.id.isEmpty() && !holdsRole(roleIds, m_role))
        return false;
    return m_search.isEmpty() || email.contains(m_search, Qt::CaseInsensitive);
}
