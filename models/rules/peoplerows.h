// Members and pending invitations as one list of people, the rows `users list` and `export members` print and the
// console's File → Export members… saves. Every path that lists people builds its rows here, so a listing streamed
// from SQL and one taken from a loaded account agree row for row.
#pragma once

#include "result.h"
#include "userfilter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>

#include <functional>

struct PersonRow
{
    QString id; // member id, or invitation id when pending
    QString email;
    bool pending = false;
    QStringList roles; // names, Base first, then Owner, Admin, custom roles by name
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

// What a listing asks for, as `--status`, `--role` (an id or a name) and `--search` give it.
struct PeopleQuery
{
    UserFilter::Status status = UserFilter::Status::All;
    QString role;
    QString search;
};

// Takes one row at a time, in email order; a store may call it on its own thread.
using PersonSink = std::function<void(const PersonRow&)>;

// Turns members and invitations into rows for one account: role names for ids (Base, Owner, Admin, then custom roles
// by name, on every backend), Base shown on every invitation (it is implied there), and only the people `filter`
// lets through.
class PersonRowMaker
{
public:
    PersonRowMaker(const QList<Role>& roles, const UserFilter& filter, const QDateTime& now);

    // False when `filter` leaves the person out.
    bool member(const Member& member, PersonRow* row) const;
    bool invite(const Invite& invite, PersonRow* row) const;

private:
    QStringList roleNames(QStringList roleIds, bool withBase) const;

    QHash<QString, int> m_rank; // role id → place in the account's order
    QStringList m_names; // by rank
    QString m_baseId;
    UserFilter m_filter;
    QDateTime m_now;
};

class PeopleRows
{
    Q_DECLARE_TR_FUNCTIONS(PeopleRows)

public:
    // The filter for `query` over what `visible` (a snapshot, or just its roles and visibility flags) lets the actor
    // see; refused, in AccessRules' words, when the actor may not see the people asked for, and not found for an
    // unknown role.
    static Result<UserFilter> filterFor(const PeopleQuery& query, const AccountSnapshot& visible);
    // Everyone in `snapshot` that `filter` lets through, by email (a member before an invitation to the same
    // address).
    static QList<PersonRow> fromSnapshot(const AccountSnapshot& snapshot, const UserFilter& filter);
};
