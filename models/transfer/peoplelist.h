// Members and pending invitations as one list of people: what `users list` prints, what exports write, what the
// console's File → Export members… saves. One shape, so a file exported from either program reads the same and
// imports back (`import invites` reads its email and roles columns).
#pragma once

#include "userfilter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

struct PersonRow
{
    QString id; // member id, or invitation id when pending
    QString email;
    bool pending = false;
    QStringList roles; // names, Base included
    QString invitedBy;
    QDateTime date; // joined, or invited when pending
    QDateTime expiresAt; // pending invitations of local stores
    bool expired = false;

    QString status() const
    {
        if (!pending)
            return QStringLiteral("ACTIVE");
        return expired ? QStringLiteral("EXPIRED") : QStringLiteral("PENDING");
    }
};

namespace PeopleList {
// Everyone in `snapshot` that `filter` lets through, by email.
QList<PersonRow> rows(const AccountSnapshot& snapshot, const UserFilter& filter);
// RFC 4180 with a header (email,roles,status,invited_by,date; roles separated by ";"), every cell neutralised
// against formula injection.
QByteArray csv(const QList<PersonRow>& rows);
// One object per person: email, roles, status, invitedBy, and joinedAt or invitedAt (RFC 3339 UTC); expiresAt for
// an invitation that expires.
QJsonArray json(const QList<PersonRow>& rows);
QJsonObject item(const PersonRow& row);
} // namespace PeopleList
