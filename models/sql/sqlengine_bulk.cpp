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

QHash<QString, Member> SqlAccountEngine::membersByTarget(const QStringList& targets)
{
    // memberByEmailOrId() for many targets at once: BatchRows ids and addresses per query, then their roles.
    QHash<QString, Member> byId;
    QHash<QString, QString> idByKey;
    for (qsizetype start = 0; start < targets.size(); start += BatchRows) {
        const qsizetype end = qMin(targets.size(), start + BatchRows);
        QVariantList binds;
        for (qsizetype i = start; i < end; ++i)
            binds.append(targets.at(i).trimmed());
        for (qsizetype i = start; i < end; ++i)
            binds.append(emailKey(targets.at(i)));
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
    const QStringList ids = byId.keys();
    IdInterner roleIds;
    for (qsizetype start = 0; start < ids.size(); start += BatchRows) {
        const qsizetype end = qMin(ids.size(), start + BatchRows);
        QVariantList binds(ids.cbegin() + start, ids.cbegin() + end);
        auto rows = run(QStringLiteral("SELECT member_id, role_id FROM member_roles WHERE member_id IN (")
                            + placeholders(int(end - start)) + QLatin1Char(')'),
                        binds);
        while (nextRow(rows))
            byId[rows.value(0).toString()].roleIds.append(roleIds.intern(rows.value(1).toString()));
    }
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
            judgeEach(change.targets, control, report, [&](const QString& target) {
                const Invite revoked = revokeInviteIn(current, target);
                report.removedIds.append(revoked.id);
                report.done.append(revoked.email);
            });
            break;
        case BulkChange::Kind::Resend:
            judgeEach(change.targets, control, report, [&](const QString& target) {
                const Invite renewed = resendInviteIn(current, target);
                report.sentInvites.append(renewed);
                report.done.append(renewed.email);
            });
            break;
        case BulkChange::Kind::ChangeRoles:
            judgeEach(change.targets, control, report, [&](const QString& target) {
                const Member changed = changeRolesIn(current, target, toAdd, toRemove);
                report.changedMembers.append(changed);
                report.done.append(changed.email);
            });
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
