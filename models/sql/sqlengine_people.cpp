// The SQL engine's changes to people: invitations and their answers, role updates and removals.
#include "sqlaccountengine.h"

#include "sqlengine_p.h"

using namespace SqlEngine;

Result<QList<Invite>> SqlAccountEngine::invite(const QList<NewInvite>& invites)
{
    return transact<QList<Invite>>([&] {
        const ActorContext current = requireAction(AccountAction::Invite);
        // Every address is checked before anything is written: one bad address refuses the whole batch.
        QStringList emails;
        for (const auto& invite : invites)
            emails.append(invite.email);
        require(AccessRules::checkInviteBatch(emails));
        QHash<QStringList, QList<Role>> resolved; // a batch has few distinct role sets
        for (const auto& invite : invites) {
            if (!resolved.contains(invite.roleIds)) {
                resolved.insert(invite.roleIds, resolveRoles(invite.roleIds));
                require(AccessRules::canInviteWithRoles(current, resolved.value(invite.roleIds)));
            }
        }
        // Every address the account refuses is named at once, and then nothing is written. Who is already a member
        // or invited is read a chunk of addresses per query, not two queries per address: 10,000 rows on
        // PostgreSQL would otherwise be 20,000 round trips.
        QSet<QString> members;
        QHash<QString, QString> pendingInviters;
        for (qsizetype start = 0; start < emails.size(); start += BatchRows) {
            QVariantList keys;
            for (qsizetype i = start; i < qMin(emails.size(), start + BatchRows); ++i)
                keys.append(emailKey(emails.at(i).trimmed()));
            const QString marks = placeholders(int(keys.size()));
            auto member = run(
                QStringLiteral("SELECT email_key FROM members WHERE email_key IN (") + marks + QLatin1Char(')'), keys);
            while (nextRow(member))
                members.insert(member.value(0).toString());
            member.finish();
            auto pending = run(QStringLiteral("SELECT email_key, invited_by FROM invites WHERE status = 'PENDING'"
                                              " AND email_key IN (")
                                   + marks + QLatin1Char(')'),
                               keys);
            while (nextRow(pending))
                pendingInviters.insert(pending.value(0).toString(), pending.value(1).toString());
        }
        QStringList problems;
        for (const auto& raw : emails) {
            const QString email = raw.trimmed();
            const QString key = emailKey(email);
            const auto inviter = pendingInviters.constFind(key);
            const bool isPending = inviter != pendingInviters.constEnd();
            if (const Verdict invitee = AccessRules::checkInvitee(email, members.contains(key), isPending,
                                                                  isPending ? *inviter : QString());
                !invitee)
                problems.append(invitee.reason());
        }
        if (!problems.isEmpty())
            fail(refused(problems.join(QLatin1Char(' '))));
        QList<Invite> created;
        created.reserve(invites.size());
        const qint64 now = nowMs();
        const QDateTime expiresAt = expiryFor(now);
        // Written by insertRows, in a few statements: the invitations, their roles, and one audit event each.
        QList<QVariantList> inviteRows;
        QList<QVariantList> roleRows;
        QList<QVariantList> auditRows;
        const QString actorName = auditName(current);
        for (const auto& wanted : invites) {
            const QList<Role>& roles = resolved.value(wanted.roleIds);
            Invite invite;
            invite.id = newId();
            invite.email = wanted.email.trimmed();
            invite.status = InviteStatus::Pending;
            invite.roleIds = AccessRules::storedInviteRoles(roles);
            invite.invitedBy = actorName;
            invite.createdAt = invite.updatedAt = fromMs(now);
            invite.expiresAt = expiresAt;
            inviteRows.append({invite.id, invite.email, emailKey(invite.email), invite.invitedBy, now, now});
            for (const auto& roleId : invite.roleIds)
                roleRows.append({invite.id, roleId});
            QStringList roleNames;
            for (const auto& role : roles)
                roleNames.append(role.name);
            auditRows.append({newId(), now, actorName, QStringLiteral("invite.create"), invite.email,
                              roleNames.join(QStringLiteral(", "))});
            created.append(invite);
        }
        try {
            insertRows(QStringLiteral("invites (id, email, email_key, status, invited_by, created_at, updated_at)"),
                       QStringLiteral("(?, ?, ?, 'PENDING', ?, ?, ?)"), inviteRows);
        } catch (const ConstraintViolation&) {
            // Another admin's invitation for one of these addresses committed between our check and this insert.
            if (created.size() == 1)
                fail(refused(tr("%1 was invited by another admin a moment ago.").arg(created.first().email)));
            fail(refused(tr("Another admin invited one of these addresses a moment ago, so none was sent; try "
                            "again to see which.")));
        }
        insertRows(QStringLiteral("invite_roles (invite_id, role_id)"), QStringLiteral("(?, ?)"), roleRows);
        insertRows(QStringLiteral("audit_events (id, at, actor, action, target, detail)"),
                   QStringLiteral("(?, ?, ?, ?, ?, ?)"), auditRows);
        return created;
    });
}

Result<Invite> SqlAccountEngine::revokeInvite(const QString& inviteId)
{
    return transact<Invite>([&] { return revokeInviteIn(requireAction(AccountAction::RevokeInvite), inviteId); });
}

Result<Invite> SqlAccountEngine::resendInvite(const QString& inviteId)
{
    return transact<Invite>([&] { return resendInviteIn(requireAction(AccountAction::ResendInvite), inviteId); });
}

Invite SqlAccountEngine::pendingInviteFor(const ActorContext& current, const QString& target, BulkChange::Kind kind)
{
    auto invite = inviteByEmailOrId(target);
    if (invite && invite->status == InviteStatus::Pending)
        return *invite;
    // Selections mix members and invitations: an address that names a member is refused in the rules' words.
    if (const auto member = memberByEmailOrId(target)) {
        BulkChange change;
        change.kind = kind;
        require(AccessRules::canApplyTo(current, change, *member, {}));
    }
    if (!invite)
        fail(notFound(tr("There is no invitation for %1.").arg(target)));
    return *invite; // a closed invitation: the decision below words why
}

QString SqlAccountEngine::emailOf(const QString& emailOrId)
{
    if (const auto member = memberByEmailOrId(emailOrId))
        return member->email;
    if (const auto invite = inviteByEmailOrId(emailOrId))
        return invite->email;
    return emailOrId;
}

Invite SqlAccountEngine::revokeInviteIn(const ActorContext& current, const QString& inviteId)
{
    Invite invite = pendingInviteFor(current, inviteId, BulkChange::Kind::Revoke);
    require(AccessRules::canRevoke(current, invite));
    const qint64 now = nowMs();
    run(QStringLiteral("UPDATE invites SET status = 'CANCELED', updated_at = ? WHERE id = ? AND status = 'PENDING'"),
        {now, invite.id});
    invite.status = InviteStatus::Canceled;
    invite.updatedAt = fromMs(now);
    audit(auditName(current), QStringLiteral("invite.revoke"), invite.email);
    return invite;
}

Invite SqlAccountEngine::resendInviteIn(const ActorContext& current, const QString& inviteId)
{
    Invite invite = pendingInviteFor(current, inviteId, BulkChange::Kind::Resend);
    require(AccessRules::canResend(current, invite));
    // Renewed in place: the same invitation, dated now, so its lifetime starts again.
    const qint64 now = nowMs();
    run(QStringLiteral("UPDATE invites SET created_at = ?, updated_at = ? WHERE id = ? AND status = 'PENDING'"),
        {now, now, invite.id});
    invite.createdAt = invite.updatedAt = fromMs(now);
    invite.expiresAt = expiryFor(now);
    audit(auditName(current), QStringLiteral("invite.resend"), invite.email);
    return invite;
}

std::optional<Invite> SqlAccountEngine::answeredInvite(const ActorContext& actor, const QString& inviteId)
{
    auto invite = inviteByEmailOrId(inviteId);
    // Someone who may not read invitations learns nothing of one that is not theirs.
    const bool visible = invite
        && (AccessRules::checkPermission(actor.permissions, AccountAction::SeeInvites)
            || emailKey(invite->email) == emailKey(actor.actorEmail));
    if (!visible)
        fail(notFound(tr("There is no invitation for %1.").arg(inviteId)));
    return invite;
}

Result<Member> SqlAccountEngine::acceptInvite(const QString& inviteId)
{
    // The invitee acts here, not an admin: AccessRules checks that the signed-in person is the one invited.
    return transact<Member>([&] {
        const ActorContext current = context();
        require(AccessRules::checkAction(current, AccountAction::AcceptInvite));
        const auto invite = answeredInvite(current, inviteId);
        require(AccessRules::canAccept(current, *invite));
        require(AccessRules::checkInvitee(invite->email, memberByEmailOrId(invite->email).has_value(), false));
        const qint64 now = nowMs();
        run(QStringLiteral("UPDATE invites SET status = 'ACCEPTED', updated_at = ? WHERE id = ?"), {now, invite->id});
        Member member{newId(), invite->email, {}, invite->invitedBy, fromMs(now)};
        try {
            run(QStringLiteral(
                    "INSERT INTO members (id, email, email_key, invited_by, joined_at) VALUES (?, ?, ?, ?, ?)"),
                {member.id, member.email, emailKey(member.email), member.invitedBy, now});
        } catch (const ConstraintViolation&) {
            fail(refused(tr("%1 joined the account a moment ago.").arg(invite->email)));
        }
        // Base always; the invite's roles that still exist (deleted roles left invite_roles by cascade).
        QStringList roleIds{roleIdOf(SystemRole::Base)};
        for (const auto& roleId : invite->roleIds) {
            if (!roleIds.contains(roleId))
                roleIds.append(roleId);
        }
        for (const auto& roleId : roleIds)
            run(QStringLiteral("INSERT INTO member_roles (member_id, role_id) VALUES (?, ?)"), {member.id, roleId});
        member.roleIds = roleIds;
        audit(auditName(current), QStringLiteral("invite.accept"), invite->email);
        return member;
    });
}

Result<Invite> SqlAccountEngine::rejectInvite(const QString& inviteId)
{
    return transact<Invite>([&] {
        const ActorContext current = context();
        require(AccessRules::checkAction(current, AccountAction::RejectInvite));
        auto invite = answeredInvite(current, inviteId);
        require(AccessRules::canReject(current, *invite));
        const qint64 now = nowMs();
        run(QStringLiteral("UPDATE invites SET status = 'REJECTED', updated_at = ? WHERE id = ?"), {now, invite->id});
        invite->status = InviteStatus::Rejected;
        invite->updatedAt = fromMs(now);
        audit(auditName(current), QStringLiteral("invite.reject"), invite->email);
        return *invite;
    });
}

Result<Member> SqlAccountEngine::updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                                   const QStringList& removeRoleIds)
{
    return transact<Member>([&] {
        const ActorContext current = requireAction(AccountAction::ChangeMemberRoles);
        return changeRolesIn(current, memberId, resolveRoles(addRoleIds), resolveRoles(removeRoleIds));
    });
}

Member SqlAccountEngine::memberFor(const ActorContext& current, const QString& memberId, AccountAction action)
{
    auto member = memberByEmailOrId(memberId);
    if (!member) {
        // A pending invitation is refused in the words of the single action on it.
        if (auto invite = inviteByEmailOrId(memberId); invite && invite->status == InviteStatus::Pending)
            require(action == AccountAction::RemoveMember ? AccessRules::canRemoveMember(current, *invite)
                                                          : AccessRules::canChangeRoles(current, *invite));
        fail(notFound(tr("%1 is not a member of this account.").arg(memberId)));
    }
    return *member;
}

QString SqlEngine::roleChangeDetail(const RoleChange& change, const QList<Role>& toAdd, const QList<Role>& toRemove)
{
    QStringList detail;
    for (const auto& role : toAdd) {
        if (change.add.contains(role.id))
            detail.append(QLatin1Char('+') + role.name);
    }
    for (const auto& role : toRemove) {
        if (change.remove.contains(role.id))
            detail.append(QLatin1Char('-') + role.name);
    }
    return detail.join(QLatin1Char(' '));
}

Member SqlAccountEngine::changeRolesIn(const ActorContext& current, const QString& memberId, const QList<Role>& toAdd,
                                       const QList<Role>& toRemove)
{
    Member member = memberFor(current, memberId, AccountAction::ChangeMemberRoles);
    const auto change = AccessRules::planRoleChange(current, member, toAdd, toRemove);
    if (!change)
        fail(change.error());
    if (change.value().isEmpty())
        return member;
    for (const auto& roleId : change.value().remove)
        run(QStringLiteral("DELETE FROM member_roles WHERE member_id = ? AND role_id = ?"), {member.id, roleId});
    for (const auto& roleId : change.value().add)
        run(QStringLiteral("INSERT INTO member_roles (member_id, role_id) VALUES (?, ?)"), {member.id, roleId});
    audit(auditName(current), QStringLiteral("member.roles"), member.email,
          roleChangeDetail(change.value(), toAdd, toRemove));
    return loadMemberRoles(member);
}

Outcome SqlAccountEngine::removeMember(const QString& memberId)
{
    return transact<Done>([&] {
        removeMemberIn(requireAction(AccountAction::RemoveMember), memberId);
        return Done{};
    });
}

Member SqlAccountEngine::removeMemberIn(const ActorContext& current, const QString& memberId)
{
    const Member member = memberFor(current, memberId, AccountAction::RemoveMember);
    require(AccessRules::canRemoveMember(current, member));
    run(QStringLiteral("DELETE FROM members WHERE id = ?"), {member.id});
    audit(auditName(current), QStringLiteral("member.remove"), member.email);
    return member;
}

// Whether a column of insertRows' rows holds text (else whole numbers): its first value that is not NULL says.
static bool isTextColumn(const QList<QVariantList>& rows, int column)
{
    for (const auto& row : rows) {
        const QVariant& value = row.at(column);
        if (!value.isNull() || value.typeId() == QMetaType::QString)
            return value.typeId() == QMetaType::QString;
    }
    return true;
}

// A PostgreSQL array literal of one column of rows[start, end): {"text","with \"quotes\""} or {1,2,NULL}. A null
// QString is written as '', as execute() binds it.
static QString arrayLiteral(const QList<QVariantList>& rows, qsizetype start, qsizetype end, int column, bool text)
{
    QString literal;
    literal.reserve((end - start) * (text ? 40 : 14));
    literal += QLatin1Char('{');
    for (qsizetype i = start; i < end; ++i) {
        if (i > start)
            literal += QLatin1Char(',');
        const QVariant& value = rows.at(i).at(column);
        if (value.isNull() && value.typeId() != QMetaType::QString) {
            literal += QLatin1String("NULL");
        } else if (text) {
            literal += QLatin1Char('"');
            for (const QChar c : value.toString()) {
                if (c == u'"' || c == u'\\')
                    literal += QLatin1Char('\\');
                literal += c;
            }
            literal += QLatin1Char('"');
        } else {
            literal += QString::number(value.toLongLong());
        }
    }
    literal += QLatin1Char('}');
    return literal;
}

void SqlAccountEngine::insertRows(const QString& tableAndColumns, const QString& rowMarks,
                                  const QList<QVariantList>& rows)
{
    if (m_url.kind == StoreUrl::Kind::Sqlite) {
        // SQLite runs in this process, so round trips cost nothing, and Qt's driver looks every bound value's name
        // up in a list: a statement with thousands of values costs quadratic time. One row per statement is fastest.
        QSqlQuery insert =
            prepared(QStringLiteral("INSERT INTO ") + tableAndColumns + QStringLiteral(" VALUES ") + rowMarks);
        for (const auto& row : rows)
            execute(insert, row);
        return;
    }
    // PostgreSQL: each column travels as one array, which the server unnests back into rows. One statement and a
    // handful of bound values carry ArrayRows rows, where a multi-row VALUES list binds and escapes every value on
    // its own (100,000 members took 8 s that way). rowMarks' "?" are the columns, anything else a constant.
    const QStringList marks = rowMarks.mid(1, rowMarks.size() - 2).split(QStringLiteral(", "));
    for (qsizetype start = 0; start < rows.size(); start += ArrayRows) {
        const qsizetype end = qMin(rows.size(), start + ArrayRows);
        QStringList select;
        QStringList arrays;
        QStringList names;
        QVariantList binds;
        for (const auto& mark : marks) {
            if (mark != QLatin1String("?")) {
                select.append(mark);
                continue;
            }
            const int column = int(binds.size());
            const bool text = isTextColumn(rows, column);
            names.append(QStringLiteral("c%1").arg(column));
            select.append(QStringLiteral("u.c%1").arg(column));
            arrays.append(text ? QStringLiteral("CAST(? AS text[])") : QStringLiteral("CAST(? AS bigint[])"));
            binds.append(arrayLiteral(rows, start, end, column, text));
        }
        run(QStringLiteral("INSERT INTO ") + tableAndColumns + QStringLiteral(" SELECT ") + select.join(u',')
                + QStringLiteral(" FROM unnest(") + arrays.join(u',') + QStringLiteral(") AS u(") + names.join(u',')
                + QLatin1Char(')'),
            binds);
    }
}
