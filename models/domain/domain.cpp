// Conversions between the domain enums and their stored and wire names.
#include "domain.h"

#include <algorithm>

#include <atomic>

#include <QCoreApplication>

QString inviteStatusName(InviteStatus status)
{
    switch (status) {
    case InviteStatus::Pending:
        return QStringLiteral("PENDING");
    case InviteStatus::Accepted:
        return QStringLiteral("ACCEPTED");
    case InviteStatus::Rejected:
        return QStringLiteral("REJECTED");
    case InviteStatus::Canceled:
        return QStringLiteral("CANCELED");
    case InviteStatus::Unknown:
        return QStringLiteral("UNKNOWN");
    }
    return {};
}

QString roleDescription(const Role& role)
{
    if (!role.description.isEmpty())
        return role.description;
    switch (role.system) {
    case SystemRole::Base:
        return QCoreApplication::translate("Domain",
                                           "The default role every member holds: it lets them sign in and see their "
                                           "own profile. It is never taken away.");
    case SystemRole::Admin:
        return QCoreApplication::translate("Domain",
                                           "Every permission except changing the account itself (write:account), "
                                           "which only the Owner has.");
    case SystemRole::Owner:
        return QCoreApplication::translate("Domain",
                                           "Every permission. An account has exactly one Owner, and the role is "
                                           "never granted by invitation.");
    case SystemRole::None:
        break;
    }
    return {};
}

QString unknownValueLabel(const QString& value)
{
    return QCoreApplication::translate("Domain", "Unknown (%1)").arg(value);
}

bool inviteStatusFromName(const QString& name, InviteStatus* status)
{
    for (auto candidate : {InviteStatus::Pending, InviteStatus::Accepted, InviteStatus::Rejected,
                           InviteStatus::Canceled}) { // not Unknown
        if (name.compare(inviteStatusName(candidate), Qt::CaseInsensitive) == 0) {
            *status = candidate;
            return true;
        }
    }
    return false;
}

QString systemRoleKey(SystemRole role)
{
    switch (role) {
    case SystemRole::Base:
        return QStringLiteral("base");
    case SystemRole::Admin:
        return QStringLiteral("admin");
    case SystemRole::Owner:
        return QStringLiteral("owner");
    case SystemRole::None:
        break;
    }
    return {};
}

SystemRole systemRoleFromKey(const QString& key)
{
    for (auto role : {SystemRole::Base, SystemRole::Admin, SystemRole::Owner}) {
        if (key == systemRoleKey(role))
            return role;
    }
    return SystemRole::None;
}

const Role* findRole(const QList<Role>& roles, const QString& idOrName)
{
    const QString key = roleNameKey(idOrName);
    for (const auto& role : roles) {
        if (role.id == idOrName || roleNameKey(role.name) == key)
            return &role;
    }
    return nullptr;
}

bool holdsRole(const QStringList& roleIds, const Role& role)
{
    return role.system == SystemRole::Base || roleIds.contains(role.id);
}

QString emailKey(const QString& email)
{
    // Nearly every address is lower-case ASCII with nothing to trim, and is its own key: saying so costs a fraction of
    // Unicode case folding, which a load of 100,000 people runs twice per person on the GUI thread.
    const bool plain = std::all_of(email.cbegin(), email.cend(), [](QChar c) {
        const char16_t unit = c.unicode();
        return unit > u' ' && unit < 0x7f && !(unit >= u'A' && unit <= u'Z');
    });
    return plain ? email : email.trimmed().toCaseFolded();
}

QString roleNameKey(const QString& name)
{
    return name.trimmed().toCaseFolded();
}

namespace {
// Milliseconds since the epoch set by a test, or 0 for the system clock. Atomic: stores read it on their threads.
std::atomic<qint64> g_testNowMs{0};
} // namespace

QDateTime Clock::now()
{
    return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC);
}

qint64 Clock::nowMs()
{
    const qint64 testNow = g_testNowMs.load();
    return testNow != 0 ? testNow : QDateTime::currentMSecsSinceEpoch();
}

QDateTime inviteExpiry(const QDateTime& sentAt, int lifetimeDays)
{
    return lifetimeDays > 0 ? sentAt.addDays(lifetimeDays) : QDateTime();
}

QDateTime startOfLocalDay(const QDate& date)
{
    return QDateTime(date, QTime(0, 0), Qt::LocalTime).toUTC();
}

void Clock::setNowForTesting(const QDateTime& now)
{
    g_testNowMs.store(now.isValid() ? now.toMSecsSinceEpoch() : 0);
}

bool isExpired(const Invite& invite, const QDateTime& now)
{
    return invite.status == InviteStatus::Pending && invite.expiresAt.isValid() && invite.expiresAt <= now;
}

QString inviteDisplayStatusName(const Invite& invite, const QDateTime& now)
{
    return isExpired(invite, now) ? QStringLiteral("EXPIRED") : inviteStatusName(invite.status);
}
