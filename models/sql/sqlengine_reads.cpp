// The SQL engine's reads: loading rows in a fixed number of queries, and the read operations of the store.
#include "sqlaccountengine.h"

#include "sqlengine_p.h"
#include "sqliterows.h"

using namespace SqlEngine;

Invite SqlEngine::inviteFromRow(const QSqlQuery& query)
{
    Invite invite;
    invite.id = query.value(0).toString();
    invite.email = query.value(1).toString();
    if (!inviteStatusFromName(query.value(2).toString(), &invite.status)) {
        // Never read as PENDING: a status this version does not know is shown as such, and never acted on.
        invite.status = InviteStatus::Unknown;
        invite.unknownStatus = query.value(2).toString();
    }
    invite.invitedBy = query.value(3).toString();
    invite.createdAt = fromMs(query.value(4));
    invite.updatedAt = fromMs(query.value(5));
    if (invite.status == InviteStatus::Pending && !query.value(6).isNull())
        invite.expiresAt = fromMs(query.value(6));
    return invite;
}

QList<Role> SqlAccountEngine::loadRoles()
{
    QList<Role> roles;
    QHash<QString, qsizetype> index;
    auto query = run(QStringLiteral("SELECT id, name, description, system_key, created_at, updated_at FROM roles"));
    while (nextRow(query)) {
        Role role;
        role.id = query.value(0).toString();
        role.name = query.value(1).toString();
        role.description = query.value(2).toString();
        role.system = systemRoleFromKey(query.value(3).toString());
        role.createdAt = fromMs(query.value(4));
        role.updatedAt = fromMs(query.value(5));
        index.insert(role.id, roles.size());
        roles.append(role);
    }
    auto permissions = run(QStringLiteral("SELECT role_id, permission FROM role_permissions"));
    while (nextRow(permissions)) {
        const auto it = index.constFind(permissions.value(0).toString());
        if (it != index.constEnd())
            roles[*it].permissions.append(permissions.value(1).toString());
    }
    // System roles first, in the console's order (Owner, Admin, Base), then custom roles by name.
    const auto rank = [](const Role& role) {
        switch (role.system) {
        case SystemRole::Owner:
            return 0;
        case SystemRole::Admin:
            return 1;
        case SystemRole::Base:
            return 2;
        case SystemRole::None:
            break;
        }
        return 3;
    };
    for (auto& role : roles)
        role.permissions.sort();
    std::sort(roles.begin(), roles.end(), [&](const Role& a, const Role& b) {
        if (rank(a) != rank(b))
            return rank(a) < rank(b);
        return a.name.localeAwareCompare(b.name) < 0;
    });
    return roles;
}

Role SqlAccountEngine::loadRole(const QString& roleIdOrName)
{
    const QList<Role> roles = loadRoles();
    if (const Role* role = findRole(roles, roleIdOrName))
        return *role;
    fail(notFound(tr("There is no role \"%1\".").arg(roleIdOrName)));
}

QList<Role> SqlAccountEngine::resolveRoles(const QStringList& roleIds)
{
    QList<Role> result;
    if (roleIds.isEmpty())
        return result;
    const QList<Role> all = loadRoles();
    for (const auto& wanted : roleIds) {
        const Role* role = findRole(all, wanted);
        if (!role)
            fail(notFound(tr("There is no role \"%1\".").arg(wanted)));
        result.append(*role);
    }
    return result;
}

std::optional<Member> SqlAccountEngine::memberByEmailOrId(const QString& emailOrId)
{
    auto query =
        run(QStringLiteral("SELECT id, email, invited_by, joined_at FROM members WHERE id = ? OR email_key = ?"),
            {emailOrId.trimmed(), emailKey(emailOrId)});
    if (!nextRow(query))
        return std::nullopt;
    Member member{
        query.value(0).toString(), query.value(1).toString(), {}, query.value(2).toString(), fromMs(query.value(3))};
    return loadMemberRoles(member);
}

Member SqlAccountEngine::loadMemberRoles(Member member)
{
    member.roleIds.clear();
    auto query = run(QStringLiteral("SELECT role_id FROM member_roles WHERE member_id = ?"), {member.id});
    while (nextRow(query))
        member.roleIds.append(query.value(0).toString());
    return member;
}

std::optional<Invite> SqlAccountEngine::inviteByEmailOrId(const QString& emailOrId)
{
    // An id wins; for an email, its pending invite, else its newest one.
    auto query = run(QStringLiteral("SELECT ") + QLatin1String(InviteColumns)
                         + QStringLiteral(" FROM invites i WHERE id = ? OR email_key = ?"
                                          " ORDER BY CASE WHEN id = ? THEN 0 WHEN status = 'PENDING' THEN 1 ELSE 2 END,"
                                          " created_at DESC"),
                     {emailOrId.trimmed(), emailKey(emailOrId), emailOrId.trimmed()});
    if (!nextRow(query))
        return std::nullopt;
    Invite invite = inviteFromRow(query);
    query.finish();
    auto roles = run(QStringLiteral("SELECT role_id FROM invite_roles WHERE invite_id = ?"), {invite.id});
    while (nextRow(roles))
        invite.roleIds.append(roles.value(0).toString());
    return invite;
}

namespace {

// QSqlQuery's rows read as SqliteRows reads them, so that one loop serves PostgreSQL and SQLite.
class QueryRows
{
public:
    explicit QueryRows(QSqlQuery query)
        : m_query(std::move(query))
    {
    }
    bool next() { return nextRow(m_query); }
    // Valid until the next call of text().
    QStringView text(int column)
    {
        m_text = m_query.value(column).toString();
        return m_text;
    }
    QString string(int column) const { return m_query.value(column).toString(); }
    qint64 integer(int column) const { return m_query.value(column).toLongLong(); }

private:
    QSqlQuery m_query;
    QString m_text;
};

// The members of `rows` (id, email, invited_by, joined_at), without their roles yet. `index` gets each id, as a view
// of the member's own string, and where the member is.
template <typename Rows>
void readMembers(Rows& rows, QList<Member>& members, QHash<QStringView, qsizetype>& index, IdInterner& interner)
{
    while (rows.next()) {
        Member member{rows.string(0), rows.string(1), {}, interner.intern(rows.text(2)), fromMs(rows.integer(3))};
        // The string's characters stay where they are when the member moves into the list.
        index.insert(QStringView(member.id), members.size());
        members.append(std::move(member));
    }
}

// Gives the members their roles from `rows` (member_id, role_id): the id is looked up in place, and a role id is
// one shared string however many members hold it.
template <typename Rows>
void readMemberships(Rows& rows, QList<Member>& members, const QHash<QStringView, qsizetype>& index,
                     IdInterner& interner)
{
    while (rows.next()) {
        const auto it = index.constFind(rows.text(0));
        if (it != index.constEnd())
            members[*it].roleIds.append(interner.intern(rows.text(1)));
    }
}

} // namespace

QList<Member> SqlAccountEngine::loadMembers(const QString& roleFilterId)
{
    // Two queries whatever the member count: the members, then every membership, joined in memory.
    static constexpr char everyone[] = "SELECT id, email, invited_by, joined_at FROM members";
    static constexpr char holders[] = "SELECT m.id, m.email, m.invited_by, m.joined_at FROM members m"
                                      " JOIN member_roles f ON f.member_id = m.id WHERE f.role_id = ?";
    static constexpr char everyonesRoles[] = "SELECT member_id, role_id FROM member_roles";
    static constexpr char holdersRoles[] = "SELECT mr.member_id, mr.role_id FROM member_roles mr"
                                           " JOIN member_roles f ON f.member_id = mr.member_id WHERE f.role_id = ?";
    const bool filtered = !roleFilterId.isEmpty();
    const QStringList binds = filtered ? QStringList{roleFilterId} : QStringList();
    QList<Member> members;
    QHash<QStringView, qsizetype> index;
    // A handful of admins invited everyone: one string per inviter, not one per member (8 MB at 100,000).
    IdInterner interner;
    // The members, then their roles, from rows that `open` makes for a statement; the first rows are done with
    // before the second are opened.
    const auto readBoth = [&](auto open) {
        {
            auto rows = open(filtered ? holders : everyone);
            readMembers(rows, members, index, interner);
        }
        auto rows = open(filtered ? holdersRoles : everyonesRoles);
        readMemberships(rows, members, index, interner);
    };
    // SQLite is read through its own API: 100,000 members load in half the time QSqlQuery takes.
    if (sqlite3* sqlite = SqliteRows::handleOf(database())) {
        readBoth([&](const char* sql) { return SqliteRows(sqlite, sql, binds); });
    } else {
        const QVariantList values(binds.cbegin(), binds.cend());
        readBoth([&](const char* sql) { return QueryRows(run(QString::fromLatin1(sql), values)); });
    }
    return members;
}

QList<Invite> SqlAccountEngine::loadInvites(std::optional<InviteStatus> status, const QString& roleFilterId)
{
    QList<Invite> invites;
    QHash<QString, qsizetype> index;
    QString where;
    QVariantList binds;
    if (status) {
        where = QStringLiteral(" WHERE i.status = ?");
        binds.append(inviteStatusName(*status));
    }
    auto query = run(QStringLiteral("SELECT ") + QLatin1String(InviteColumns) + QStringLiteral(" FROM invites i")
                         + where + QStringLiteral(" ORDER BY i.created_at DESC"),
                     binds);
    while (nextRow(query)) {
        index.insert(query.value(0).toString(), invites.size());
        invites.append(inviteFromRow(query));
    }
    query.finish();
    IdInterner interner;
    auto roles = run(QStringLiteral("SELECT ir.invite_id, ir.role_id FROM invite_roles ir JOIN invites i"
                                    " ON i.id = ir.invite_id")
                         + where,
                     binds);
    while (nextRow(roles)) {
        const auto it = index.constFind(roles.value(0).toString());
        if (it != index.constEnd())
            invites[*it].roleIds.append(interner.intern(roles.value(1).toString()));
    }
    if (roleFilterId.isEmpty())
        return invites;
    // Who carries the role is decided by holdsRole(), which knows that Base is implied on every invitation.
    roles.finish();
    const QList<Role> known = loadRoles();
    const Role* role = findRole(known, roleFilterId);
    if (!role)
        return {};
    invites.erase(std::remove_if(invites.begin(), invites.end(),
                                 [&](const Invite& invite) { return !holdsRole(invite.roleIds, *role); }),
                  invites.end());
    return invites;
}

RoleUsage SqlAccountEngine::countUsage(const Role& role)
{
    RoleUsage usage;
    auto members = run(QStringLiteral("SELECT count(*) FROM member_roles WHERE role_id = ?"), {role.id});
    usage.members = nextRow(members) ? members.value(0).toInt() : 0;
    members.finish();
    usage.pendingInvites = int(loadInvites(InviteStatus::Pending, role.id).size());
    return usage;
}

QString SqlAccountEngine::roleIdOf(SystemRole role)
{
    auto query = run(QStringLiteral("SELECT id FROM roles WHERE system_key = ?"), {systemRoleKey(role)});
    return nextRow(query) ? query.value(0).toString() : QString();
}

Result<AccountSnapshot> SqlAccountEngine::loadAccount()
{
    return readOnly<AccountSnapshot>([&] {
        AccountSnapshot snapshot;
        snapshot.account = loadAccountRow();
        const ActorContext current = requireAction(AccountAction::SeeProfile);
        snapshot.actor = *memberByEmailOrId(current.actorId.isEmpty() ? current.ownerId : current.actorId);
        snapshot.actorPermissions = current.permissions;
        snapshot.ownerId = current.ownerId;
        const auto& permissions = current.permissions;
        snapshot.rolesVisible = AccessRules::checkPermission(permissions, AccountAction::SeeRoles).isAllowed();
        snapshot.membersVisible = AccessRules::checkPermission(permissions, AccountAction::SeeMembers).isAllowed();
        snapshot.invitesVisible = AccessRules::checkPermission(permissions, AccountAction::SeeInvites).isAllowed();
        if (snapshot.rolesVisible)
            snapshot.roles = loadRoles();
        if (snapshot.membersVisible)
            snapshot.members = loadMembers({});
        if (snapshot.invitesVisible)
            snapshot.pendingInvites = loadInvites(InviteStatus::Pending, {});
        auto mark = run(QStringLiteral("SELECT max(at) FROM audit_events"));
        if (nextRow(mark) && !mark.value(0).isNull())
            snapshot.auditMark = fromMs(mark.value(0));
        if (!snapshot.rolesVisible) {
            // A user's roles are role information: hidden without read:roles.
            for (auto& member : snapshot.members)
                member.roleIds.clear();
            for (auto& invite : snapshot.pendingInvites)
                invite.roleIds.clear();
        }
        return snapshot;
    });
}

Result<PermissionSet> SqlAccountEngine::effectivePermissions()
{
    // Someone signed in who is not a member holds no permission here: an empty set, not an error.
    return readOnly<PermissionSet>([&] { return context().permissions; });
}

Result<QList<Member>> SqlAccountEngine::listMembers()
{
    return readOnly<QList<Member>>([&] {
        requireAction(AccountAction::SeeMembers);
        return loadMembers({});
    });
}

Result<QString> SqlAccountEngine::ownerId()
{
    return readOnly<QString>([&] { return requireAction(AccountAction::SeeMembers).ownerId; });
}

Result<QList<Invite>> SqlAccountEngine::receivedInvites()
{
    return readOnly<QList<Invite>>([&] {
        QList<Invite> mine;
        const QString me = emailKey(context().actorEmail);
        for (const auto& invite : loadInvites(std::nullopt, {})) {
            if (!me.isEmpty() && emailKey(invite.email) == me)
                mine.append(invite);
        }
        return mine;
    });
}

Result<QList<Role>> SqlAccountEngine::listRoles()
{
    return readOnly<QList<Role>>([&] {
        requireAction(AccountAction::SeeRoles);
        return loadRoles();
    });
}

Result<RoleDetails> SqlAccountEngine::roleDetails(const QString& roleId)
{
    return readOnly<RoleDetails>([&] {
        const ActorContext current = requireAction(AccountAction::SeeRoles);
        RoleDetails details;
        details.role = loadRole(roleId);
        if (AccessRules::checkPermission(current.permissions, AccountAction::SeeMembers))
            details.members = loadMembers(details.role.id);
        if (AccessRules::checkPermission(current.permissions, AccountAction::SeeInvites))
            details.pendingInvites = loadInvites(InviteStatus::Pending, details.role.id);
        return details;
    });
}

Result<Role> SqlAccountEngine::role(const QString& roleId)
{
    return readOnly<Role>([&] {
        requireAction(AccountAction::SeeRoles);
        return loadRole(roleId);
    });
}

Result<QList<Member>> SqlAccountEngine::roleMembers(const QString& roleId)
{
    return readOnly<QList<Member>>([&] {
        const ActorContext current = requireAction(AccountAction::SeeRoles);
        if (!AccessRules::checkPermission(current.permissions, AccountAction::SeeMembers)) {
            loadRole(roleId); // an unknown role is still not found
            return QList<Member>();
        }
        const auto holders = [this](const QString& id) {
            QList<Member> members;
            auto rows = run(QStringLiteral("SELECT m.id, m.email, m.invited_by, m.joined_at FROM member_roles f"
                                           " JOIN members m ON m.id = f.member_id WHERE f.role_id = ?"),
                            {id});
            while (nextRow(rows))
                members.append(Member{rows.value(0).toString(),
                                      rows.value(1).toString(),
                                      {},
                                      rows.value(2).toString(),
                                      fromMs(rows.value(3))});
            return members;
        };
        QList<Member> members = holders(roleId);
        // No one holds it: an unknown role is not found, and a role named rather than given by id is read by id.
        if (members.isEmpty()) {
            const Role role = loadRole(roleId);
            if (role.id != roleId)
                members = holders(role.id);
        }
        return members;
    });
}

Result<Member> SqlAccountEngine::findMember(const QString& emailOrId)
{
    return readOnly<Member>([&] {
        requireAction(AccountAction::SeeMembers);
        if (auto member = memberByEmailOrId(emailOrId))
            return *member;
        if (auto invite = inviteByEmailOrId(emailOrId); invite && invite->status == InviteStatus::Pending)
            require(AccessRules::notYetAMember(*invite));
        fail(notFound(tr("%1 is not a member of this account.").arg(emailOrId)));
    });
}

Result<Invite> SqlAccountEngine::findInvite(const QString& emailOrId)
{
    return readOnly<Invite>([&] {
        requireAction(AccountAction::SeeInvites);
        if (auto invite = inviteByEmailOrId(emailOrId))
            return *invite;
        fail(notFound(tr("There is no invitation for %1.").arg(emailOrId)));
    });
}

Result<QList<Invite>> SqlAccountEngine::listInvites(std::optional<InviteStatus> status)
{
    return readOnly<QList<Invite>>([&] {
        requireAction(AccountAction::SeeInvites);
        return loadInvites(status, {});
    });
}

Result<QList<Permission>> SqlAccountEngine::permissionCatalogue()
{
    return readOnly<QList<Permission>>([&] {
        requireAction(AccountAction::SeeRoles);
        return PermissionCatalogue::builtIn().permissions();
    });
}

Result<RoleUsage> SqlAccountEngine::roleUsage(const QString& roleId)
{
    return readOnly<RoleUsage>([&] {
        requireAction(AccountAction::SeeRoles);
        return countUsage(loadRole(roleId));
    });
}
