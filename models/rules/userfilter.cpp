// The user filter's one decision.
#include "userfilter.h"

#include <algorithm>

bool UserFilter::parseStatus(const QString& text, Status* status)
{
    const QString lower = text.trimmed().toLower();
    if (lower == QLatin1String("all"))
        *status = Status::All;
    else if (lower == QLatin1String("active"))
        *status = Status::Active;
    else if (lower == QLatin1String("pending"))
        *status = Status::Pending;
    else if (lower == QLatin1String("expired"))
        *status = Status::Expired;
    else
        return false;
    return true;
}

bool UserFilter::matches(const QString& email, const QStringList& roleIds, bool pending, bool expired) const
{
    if (m_status == Status::Active && pending)
        return false;
    if (m_status == Status::Pending && (!pending || expired))
        return false;
    if (m_status == Status::Expired && !(pending && expired))
        return false;
    if (!m_role.id.isEmpty() && !holdsRole(roleIds, m_role))
        return false;
    return m_search.isEmpty() || email.contains(m_search, Qt::CaseInsensitive);
}

UserFilter::SortPrefix UserFilter::sortPrefix(const QString& key)
{
    SortPrefix prefix;
    for (int i = 0; i < 16; ++i) {
        // Missing units are 0, below any real one: a key that is a prefix of another sorts first, as with QString.
        const quint64 unit = i < key.size() ? std::min<quint64>(key.at(i).unicode(), 0xFF) : 0;
        quint64& word = i < 8 ? prefix.high : prefix.low;
        word = (word << 8) | unit;
    }
    return prefix;
}
