// The SQL engine's bulk changes: one change for many people, judged person by person and applied all or nothing.
#include "sqlaccountengine.h"

#include "sqlengine_p.h"

using namespace SqlEngine;

template <typename Change>
void SqlAccountEngine::judgeEach(const QStringList& targets, BulkControl* control, BulkReport& report, Change change)
{
    for (const auto& target : targets) {
        try {
            change(target);
        } catch (const Failure& failure) {
            // A damaged or unreachable store ends the whole change; a person the rules refuse is listed.
            if (failure.error.code == ErrorCode::Backend)
                throw;
            report.refused.append({emailOf(target), failure.error});
        }
        if (control)
            ++control->finished;
    }
}

QVariantList SqlEngine::idsThenEmailKeys(const QStringList& targets, qsizetype start, qsizetype end)
{
    QVariantList binds;
    binds.reserve(2 * (end - start));
    for (qsizetype i = start; i < end; ++i)
        binds.append(targets.at(i).trimmed());
    for (qsizetype i = start; i < end; ++i)
        binds.append(emailKey(targets.at(i)));
    return binds;
}

QHash<QString, Member> SqlAccountEngine::membersByTarget(const QStringList& targets)
{
    // memberByEmailOrId() for many targets at once: BatchRows ids and addresses per query, then their roles.
    QHash<QString, Member> byId;
    QHash<QString, QString> idByKey;
    for (qsizetype start = 0; start < targets.size(); start += BatchRows) {
        const qsizetype end = qMin(targets.size(), start + BatchRows);
        const QVariantList binds = idsThenEmailKeys(targets, start, end);
        const QString marks = placeholders(int(end - start));
        auto rows = run(QStringLiteral("SELECT id, email, invited_by, joined_at, email_key FROM members WHERE id IN (")
                            + marks + QStringLiteral(") OR email_key IN (") + marks + QLatin1Char(')'),
                        binds);
        while (nextRow(rows)) {
            const QString id = rows.value(0).toString();
            byId.insert(id, Member{id, rows.value(1).toString(), {}, rows.value(2).toString(), fromMs(rows.value(3))});
            idByKey.insert(rows.value(4).toString(), id);
        }
    }
    const QHash<QString, QStringList> roles = rolesOfMembers(byId.keys());
    for (auto it = roles.cbegin(); it != roles.cend(); ++it)
        byId[it.key()].roleIds = it.value();
    QHash<QString, Member> found;
    for (const auto& target : targets) {
        auto it = byId.constFind(target.trimmed());
        if (it == byId.constEnd())
            it = byId.constFind(idByKey.value(emailKey(target)));
        if (it != byId.constEnd())
            found.insert(target, *it);
    }
    return found;
}

QHash<QString, QStringList> SqlAccountEngine::rolesOfMembers(const QStringList& memberIds)
{
    QHash<QString, QStringList> roles;
    IdInterner roleIds;
    for (qsizetype start = 0; start < memberIds.size(); start += BatchRows) {
        const qsizetype end = qMin(memberIds.size(), start + BatchRows);
        QVariantList binds(memberIds.cbegin() + start, memberIds.cbegin() + end);
        // In each member's order of a single read (loadMemberRoles()): by role id.
        auto rows = run(QStringLiteral("SELECT member_id, role_id FROM member_roles WHERE member_id IN (")
                            + placeholders(int(end - start)) + QStringLiteral(") ORDER BY member_id, role_id"),
                        binds);
        while (nextRow(rows))
            roles[rows.value(0).toString()].append(roleIds.intern(rows.value(1).toString()));
    }
    return roles;
}

void SqlAccountEngine::removeMembersIn(const ActorContext& current, const QStringList& targets, BulkControl* control,
                                       BulkReport& report)
{
    // Everyone is read in a few queries and removed in a few statements. A person at a time cost PostgreSQL four
    // round trips each: 8 seconds for 10,000 people.
    const QHash<QString, Member> found = membersByTarget(targets);
    QSet<QString> removing;
    QList<QVariantList> auditRows;
    const QString actor = auditName(current);
    judgeEach(targets, control, report, [&](const QString& target) {
        const auto it = found.constFind(target);
        // Not among them: memberFor() words why, as for a single removal.
        const Member member = it != found.constEnd() ? *it : memberFor(current, target, AccountAction::RemoveMember);
        if (removing.contains(member.id)) // named twice: gone by the second time, as one at a time
            fail(notFound(tr("%1 is not a member of this account.").arg(target)));
        require(AccessRules::canRemoveMember(current, member));
        removing.insert(member.id);
        report.removedIds.append(member.id);
        report.done.append(member.email);
        auditRows.append({newId(), nowMs(), actor, QStringLiteral("member.remove"), member.email, QString()});
    });
    if (!report.refused.isEmpty())
        return; // all or nothing: applyBulk() rolls back
    for (qsizetype start = 0; start < report.removedIds.size(); start += BatchRows) {
        const qsizetype end = qMin(report.removedIds.size(), start + BatchRows);
        run(QStringLiteral("DELETE FROM members WHERE id IN (") + placeholders(int(end - start)) + QLatin1Char(')'),
            QVariantList(report.removedIds.cbegin() + start, report.removedIds.cbegin() + end));
    }
    insertRows(QStringLiteral("audit_events (id, at, actor, action, target, detail)"),
               QStringLiteral("(?, ?, ?, ?, ?, ?)"), auditRows);
}

QHash<QString, Invite> SqlAccountEngine::invitesByTarget(const QStringList& targets)
{
    QHash<QString, Invite> byId;
    for (qsizetype start = 0; start < targets.size(); start += BatchRows) {
        const qsizetype end = qMin(targets.size(), start + BatchRows);
        const QVariantList binds = idsThenEmailKeys(targets, start, end);
        const QString marks = placeholders(int(end - start));
        auto rows = run(QStringLiteral("SELECT ") + QLatin1String(InviteColumns)
                            + QStringLiteral(" FROM invites i WHERE i.id IN (") + marks
                            + QStringLiteral(") OR i.email_key IN (") + marks + QLatin1Char(')'),
                        binds);
        while (nextRow(rows)) {
            Invite invite = inviteFromRow(rows);
            byId.insert(invite.id, invite);
        }
    }
    const QStringList ids = byId.keys();
    IdInterner roleIds;
    for (qsizetype start = 0; start < ids.size(); start += BatchRows) {
        const qsizetype end = qMin(ids.size(), start + BatchRows);
        auto rows = run(QStringLiteral("SELECT invite_id, role_id FROM invite_roles WHERE invite_id IN (")
                            + placeholders(int(end - start)) + QStringLiteral(") ORDER BY invite_id, role_id"),
                        QVariantList(ids.cbegin() + start, ids.cbegin() + end));
        while (nextRow(rows))
            byId[rows.value(0).toString()].roleIds.append(roleIds.intern(rows.value(1).toString()));
    }
    // An address's pending invitation, else its newest.
    QHash<QString, const Invite*> byKey;
    for (const auto& invite : std::as_const(byId)) {
        const Invite*& best = byKey[emailKey(invite.email)];
        const bool pending = invite.status == InviteStatus::Pending;
        const bool bestPending = best && best->status == InviteStatus::Pending;
        if (!best || (pending && !bestPending) || (pending == bestPending && invite.createdAt > best->createdAt))
            best = &invite;
    }
    QHash<QString, Invite> found;
    for (const auto& target : targets) {
        if (const auto it = byId.constFind(target.trimmed()); it != byId.constEnd())
            found.insert(target, *it);
        else if (const Invite* invite = byKey.value(emailKey(target)))
            found.insert(target, *invite);
    }
    return found;
}

void SqlAccountEngine::answerInvitesIn(const ActorContext& current, BulkChange::Kind kind, const QStringList& targets,
                                       BulkControl* control, BulkReport& report)
{
    // As removeMembersIn(): everyone read in a few queries, judged in memory, changed in a few statements.
    const bool revoking = kind == BulkChange::Kind::Revoke;
    const QHash<QString, Invite> found = invitesByTarget(targets);
    const qint64 now = nowMs();
    // Every renewed invitation starts its lifetime now: one expiry, read once (a query per invitation was 4.7 s of
    // resending 10,000 on PostgreSQL).
    const QDateTime renewedUntil = revoking ? QDateTime() : expiryFor(now);
    QSet<QString> answered;
    QList<QVariantList> auditRows;
    const QString actor = auditName(current);
    judgeEach(targets, control, report, [&](const QString& target) {
        const auto it = found.constFind(target);
        // Not a pending invitation: pendingInviteFor() words why, as for a single one.
        Invite invite = it != found.constEnd() && it->status == InviteStatus::Pending
            ? *it
            : pendingInviteFor(current, target, kind);
        if (revoking && answered.contains(invite.id))
            invite.status = InviteStatus::Canceled; // named twice: revoked by the first naming, as one at a time
        require(revoking ? AccessRules::canRevoke(current, invite) : AccessRules::canResend(current, invite));
        answered.insert(invite.id);
        if (revoking) {
            invite.status = InviteStatus::Canceled;
            invite.updatedAt = fromMs(now);
            report.removedIds.append(invite.id);
        } else {
            // Renewed in place: the same invitation, dated now, so its lifetime starts again.
            invite.createdAt = invite.updatedAt = fromMs(now);
            invite.expiresAt = renewedUntil;
            report.sentInvites.append(invite);
        }
        report.done.append(invite.email);
        auditRows.append({newId(), now, actor,
                          revoking ? QStringLiteral("invite.revoke") : QStringLiteral("invite.resend"), invite.email,
                          QString()});
    });
    if (!report.refused.isEmpty())
        return; // all or nothing: applyBulk() rolls back
    const QStringList ids(answered.cbegin(), answered.cend());
    for (qsizetype start = 0; start < ids.size(); start += BatchRows) {
        const qsizetype end = qMin(ids.size(), start + BatchRows);
        QVariantList binds = revoking ? QVariantList{now} : QVariantList{now, now};
        binds.append(QVariantList(ids.cbegin() + start, ids.cbegin() + end));
        run((revoking ? QStringLiteral("UPDATE invites SET status = 'CANCELED', updated_at = ?")
                      : QStringLiteral("UPDATE invites SET created_at = ?, updated_at = ?"))
                + QStringLiteral(" WHERE status = 'PENDING' AND id IN (") + placeholders(int(end - start))
                + QLatin1Char(')'),
            binds);
    }
    insertRows(QStringLiteral("audit_events (id, at, actor, action, target, detail)"),
               QStringLiteral("(?, ?, ?, ?, ?, ?)"), auditRows);
}

void SqlAccountEngine::changeRolesOfMembersIn(const ActorContext& current, const QStringList& targets,
                                              const QList<Role>& toAdd, const QList<Role>& toRemove,
                                              BulkControl* control, BulkReport& report)
{
    // As removeMembersIn(): everyone read in a few queries, judged in memory, changed in a few statements. A person
    // at a time was six statements each: 18 seconds to take a role from 50,000 members on SQLite.
    const QHash<QString, Member> found = membersByTarget(targets);
    QHash<QString, QStringList> rolesSoFar; // a person named twice meets the first change, as one at a time
    QHash<QString, QStringList> leaving; // role id -> member ids
    QList<QVariantList> joining; // (member id, role id)
    QList<QVariantList> auditRows;
    QSet<QString> changed;
    const QString actor = auditName(current);
    judgeEach(targets, control, report, [&](const QString& target) {
        const auto it = found.constFind(target);
        // Not among them: memberFor() words why, as for a single change.
        Member member = it != found.constEnd() ? *it : memberFor(current, target, AccountAction::ChangeMemberRoles);
        if (const auto soFar = rolesSoFar.constFind(member.id); soFar != rolesSoFar.constEnd())
            member.roleIds = *soFar;
        const auto plan = AccessRules::planRoleChange(current, member, toAdd, toRemove);
        if (!plan)
            fail(plan.error());
        if (!plan.value().isEmpty()) {
            for (const auto& roleId : plan.value().remove) {
                leaving[roleId].append(member.id);
                member.roleIds.removeAll(roleId);
            }
            for (const auto& roleId : plan.value().add) {
                joining.append({member.id, roleId});
                member.roleIds.append(roleId);
            }
            auditRows.append({newId(), nowMs(), actor, QStringLiteral("member.roles"), member.email,
                              roleChangeDetail(plan.value(), toAdd, toRemove)});
            rolesSoFar.insert(member.id, member.roleIds);
            changed.insert(member.id);
        }
        report.changedMembers.append(member);
        report.done.append(member.email);
    });
    if (!report.refused.isEmpty())
        return; // all or nothing: applyBulk() rolls back
    for (auto it = leaving.cbegin(); it != leaving.cend(); ++it) {
        for (qsizetype start = 0; start < it.value().size(); start += BatchRows) {
            const qsizetype end = qMin(it.value().size(), start + BatchRows);
            QVariantList binds{it.key()};
            binds.append(QVariantList(it.value().cbegin() + start, it.value().cbegin() + end));
            run(QStringLiteral("DELETE FROM member_roles WHERE role_id = ? AND member_id IN (")
                    + placeholders(int(end - start)) + QLatin1Char(')'),
                binds);
        }
    }
    insertRows(QStringLiteral("member_roles (member_id, role_id)"), QStringLiteral("(?, ?)"), joining);
    insertRows(QStringLiteral("audit_events (id, at, actor, action, target, detail)"),
               QStringLiteral("(?, ?, ?, ?, ?, ?)"), auditRows);
    // The changed members as stored now, their roles in the order a single change reports them.
    const QHash<QString, QStringList> stored = rolesOfMembers(QStringList(changed.cbegin(), changed.cend()));
    for (auto& member : report.changedMembers) {
        if (changed.contains(member.id))
            member.roleIds = stored.value(member.id);
    }
}

Result<BulkReport> SqlAccountEngine::applyBulk(const BulkChange& change, BulkControl* control)
{
    // All or nothing: every target is judged and changed inside one transaction; any refusal rolls all of it back,
    // and the report names every refused person, not just the first.
    BulkReport refusedReport;
    auto result = transact<BulkReport>([&] {
        const ActorContext current = requireAction(AccessRules::bulkAction(change.kind));
        BulkReport report;
        report.allOrNothing = true;
        refusedReport = {};
        QList<Role> toAdd;
        QList<Role> toRemove;
        if (change.kind == BulkChange::Kind::ChangeRoles) {
            toAdd = resolveRoles(change.addRoleIds);
            toRemove = resolveRoles(change.removeRoleIds);
        }
        if (control)
            control->total = int(change.targets.size());
        switch (change.kind) {
        case BulkChange::Kind::Remove:
            removeMembersIn(current, change.targets, control, report);
            break;
        case BulkChange::Kind::Revoke:
        case BulkChange::Kind::Resend:
            answerInvitesIn(current, change.kind, change.targets, control, report);
            break;
        case BulkChange::Kind::ChangeRoles:
            changeRolesOfMembersIn(current, change.targets, toAdd, toRemove, control, report);
            break;
        }
        if (!report.refused.isEmpty()) {
            refusedReport.allOrNothing = true;
            refusedReport.refused = report.refused;
            fail(refused(tr("Nothing was changed.")));
        }
        return report;
    });
    if (!result && !refusedReport.refused.isEmpty())
        return refusedReport;
    return result;
}
