// Members and pending invitations as one list of people: what `users list` prints, what exports write, what the
// console's File → Export members… saves. One shape, so a file exported from either program reads the same and
// imports back (`import invites` reads its email and roles columns).
#pragma once

#include "peoplerows.h"

#include <QJsonArray>
#include <QJsonObject>

namespace PeopleList {
// RFC 4180 with a header (email,roles,status,invited_by,date; roles separated by ";"), every cell neutralised
// against formula injection.
QByteArray csv(const QList<PersonRow>& rows);
// The same, a line at a time (each ends in CRLF), for a listing written as it is read.
QByteArray csvHeader();
QByteArray csvLine(const PersonRow& row);
// One object per person: email, roles, status, invitedBy, and joinedAt or invitedAt (RFC 3339 UTC); expiresAt for
// an invitation that expires.
QJsonArray json(const QList<PersonRow>& rows);
QJsonObject item(const PersonRow& row);
// Appends item(row) to `out` exactly as QJsonDocument writes it in compact form, without building the object: how a
// streamed listing writes 100,000 people at the speed of the database.
void appendCompactItem(QByteArray& out, const PersonRow& row);
} // namespace PeopleList
