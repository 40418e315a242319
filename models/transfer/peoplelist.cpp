#include "peoplelist.h"

#include "csv.h"

#include <QJsonObject>

namespace PeopleList {

QList<PersonRow> rows(const AccountSnapshot& snapshot, const UserFilter& filter)
{
    QHash<QString, QString> names;
    QString baseName = QStringLiteral("Base");
    for (const auto& role : snapshot.roles) {
        names.insert(role.id, role.name);
        if (role.system == SystemRole::Base)
            baseName = role.name;
    }
    QList<PersonRow> rows;
    rows.reserve(snapshot.members.size() + snapshot.pendingInvites.size());
    for (const auto& member : snapshot.members) {
        if (!filter.matches(member.email, member.roleIds, false))
            continue;
        QStringList roles;
        for (const auto& id : member.roleIds)
            roles.append(names.value(id, id));
        rows.append({member.id, member.email, false, roles, member.invitedBy, member.joinedAt, {}, false});
    }
    const QDateTime now = Clock::now();
    for (const auto& invite : snapshot.pendingInvites) {
        const bool expired = isExpired(invite, now);
        if (!filter.matches(invite.email, invite.roleIds, true, expired))
            continue;
        QStringList roles{baseName}; // implicit on an invitation, shown as everywhere else
        for (const auto& id : invite.roleIds)
            roles.append(names.value(id, id));
        rows.append(
            {invite.id, invite.email, true, roles, invite.invitedBy, invite.createdAt, invite.expiresAt, expired});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const PersonRow& a, const PersonRow& b) {
        return UserFilter::emailKeyLess(emailKey(a.email), emailKey(b.email));
    });
    return rows;
}

static QString timestamp(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray csv(const QList<PersonRow>& rows)
{
    QByteArray out = Csv::line({QStringLiteral("email"), QStringLiteral("roles"), QStringLiteral("status"),
                                QStringLiteral("invited_by"), QStringLiteral("date")})
                         .toUtf8()
        + "\r\n";
    for (const auto& row : rows)
        out +=
            Csv::line({row.email, row.roles.join(QLatin1Char(';')), row.status(), row.invitedBy, timestamp(row.date)})
                .toUtf8()
            + "\r\n";
    return out;
}

QJsonObject item(const PersonRow& row)
{
    QJsonObject item{{QStringLiteral("id"), row.id},
                     {QStringLiteral("email"), row.email},
                     {QStringLiteral("roles"), QJsonArray::fromStringList(row.roles)},
                     {QStringLiteral("status"), row.status()},
                     {QStringLiteral("invitedBy"), row.invitedBy},
                     {row.pending ? QStringLiteral("invitedAt") : QStringLiteral("joinedAt"), timestamp(row.date)}};
    if (row.expiresAt.isValid())
        item.insert(QStringLiteral("expiresAt"), timestamp(row.expiresAt));
    return item;
}

QJsonArray json(const QList<PersonRow>& rows)
{
    QJsonArray items;
    for (const auto& row : rows)
        items.append(item(row));
    return items;
}

} // namespace PeopleList
