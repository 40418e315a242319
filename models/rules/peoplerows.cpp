#include "peoplerows.h"

#include "accessrules.h"

#include <algorithm>
#include <climits>
#include <tuple>

PersonRowMaker::PersonRowMaker(const QList<Role>& roles, const UserFilter& filter, const QDateTime& now)
    : m_filter(filter)
    , m_now(now)
{
    // One order whatever order a backend lists its roles in: Base (which everyone holds), Owner, Admin, then custom
    // roles by name; the order roles are granted in, and the console's table shows them in.
    const auto systemRank = [](SystemRole system) {
        switch (system) {
        case SystemRole::Base:
            return 0;
        case SystemRole::Owner:
            return 1;
        case SystemRole::Admin:
            return 2;
        case SystemRole::None:
            break;
        }
        return 3;
    };
    QList<Role> ordered = roles;
    std::stable_sort(ordered.begin(), ordered.end(), [&](const Role& a, const Role& b) {
        return std::make_tuple(systemRank(a.system), roleNameKey(a.name), a.name, a.id)
            < std::make_tuple(systemRank(b.system), roleNameKey(b.name), b.name, b.id);
    });
    m_rank.reserve(ordered.size());
    for (const auto& role : ordered) {
        m_rank.insert(role.id, int(m_names.size()));
        m_names.append(role.name);
        if (role.system == SystemRole::Base)
            m_baseId = role.id;
    }
}

QStringList PersonRowMaker::roleNames(QStringList roleIds, bool withBase) const
{
    if (withBase && !m_baseId.isEmpty() && !roleIds.contains(m_baseId))
        roleIds.append(m_baseId);
    // An id the account does not list (hidden roles, a role deleted meanwhile) keeps its place after the known ones.
    const auto rank = [this](const QString& id) {
        return m_rank.value(id, INT_MAX);
    };
    std::stable_sort(roleIds.begin(), roleIds.end(),
                     [&](const QString& a, const QString& b) { return rank(a) < rank(b); });
    QStringList names;
    names.reserve(roleIds.size() + 1);
    if (withBase && m_baseId.isEmpty())
        names.append(QStringLiteral("Base")); // roles hidden: Base is still implied, under its built-in name
    for (const auto& id : roleIds) {
        const auto it = m_rank.constFind(id);
        names.append(it == m_rank.constEnd() ? id : m_names.at(*it));
    }
    return names;
}

bool PersonRowMaker::member(const Member& member, PersonRow* row) const
{
    if (!m_filter.matches(member.email, member.roleIds, false))
        return false;
    *row = {member.id,        member.email,    false, roleNames(member.roleIds, false),
            member.invitedBy, member.joinedAt, {},    false};
    return true;
}

bool PersonRowMaker::invite(const Invite& invite, PersonRow* row) const
{
    const bool expired = isExpired(invite, m_now);
    if (!m_filter.matches(invite.email, invite.roleIds, true, expired))
        return false;
    *row = {invite.id,        invite.email,     true,   roleNames(invite.roleIds, true), invite.invitedBy,
            invite.createdAt, invite.expiresAt, expired};
    return true;
}

Result<UserFilter> PeopleRows::filterFor(const PeopleQuery& query, const AccountSnapshot& visible)
{
    UserFilter filter;
    filter.setStatus(query.status);
    filter.setSearchText(query.search);
    const bool invitesOnly = query.status == UserFilter::Status::Pending || query.status == UserFilter::Status::Expired;
    if (!visible.membersVisible && !invitesOnly)
        return AccessRules::checkPermission(visible.actorPermissions, AccountAction::SeeMembers).error();
    if (!visible.invitesVisible && invitesOnly)
        return AccessRules::checkPermission(visible.actorPermissions, AccountAction::SeeInvites).error();
    if (!query.role.isEmpty()) {
        const Role* role = findRole(visible.roles, query.role);
        if (!role)
            return notFound(tr("There is no role \"%1\".").arg(query.role));
        filter.setRole(*role);
    }
    return filter;
}

QList<PersonRow> PeopleRows::fromSnapshot(const AccountSnapshot& snapshot, const UserFilter& filter)
{
    const PersonRowMaker maker(snapshot.roles, filter, Clock::now());
    struct Keyed
    {
        QString key;
        PersonRow row;
    };
    std::vector<Keyed> keyed;
    keyed.reserve(size_t(snapshot.members.size() + snapshot.pendingInvites.size()));
    PersonRow row;
    for (const auto& member : snapshot.members) {
        if (maker.member(member, &row))
            keyed.push_back({emailKey(member.email), std::move(row)});
    }
    for (const auto& invite : snapshot.pendingInvites) {
        if (maker.invite(invite, &row))
            keyed.push_back({emailKey(invite.email), std::move(row)});
    }
    // Stable, with members first: a member sorts before an invitation to the same address, as when streamed.
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const Keyed& a, const Keyed& b) { return UserFilter::emailKeyLess(a.key, b.key); });
    QList<PersonRow> rows;
    rows.reserve(qsizetype(keyed.size()));
    for (auto& entry : keyed)
        rows.append(std::move(entry.row));
    return rows;
}
