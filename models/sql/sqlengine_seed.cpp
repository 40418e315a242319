// Deterministic demo data for seed-demo and `roster --demo`, written in one transaction.
#include "sqlaccountengine.h"

#include "sqlengine_p.h"

using namespace SqlEngine;

Result<DemoSummary> SqlAccountEngine::seedDemo(const DemoSpec& spec)
{
    if (spec.members < 0 || spec.invites < 0 || spec.customRoles < 0)
        return usageError(tr("seed-demo counts cannot be negative."));
    if (auto verdict = AccessRules::checkEmail(spec.ownerEmail.trimmed()); !verdict)
        return verdict;
    if (!m_hasSchema) {
        if (const Outcome prepared = prepareForWriting(); !prepared)
            return prepared.error();
    }
    // The account and its demo data are one transaction: a full disk or a kill leaves neither.
    return transact<DemoSummary>([&] {
        auto hasAccount = run(QStringLiteral("SELECT count(*) FROM account"));
        const bool exists = nextRow(hasAccount) && hasAccount.value(0).toInt() > 0;
        hasAccount.finish();
        if (!exists)
            createAccount(tr("Demo account"), spec.ownerEmail.trimmed());
        auto count = run(QStringLiteral("SELECT (SELECT count(*) FROM members) + (SELECT count(*) FROM invites)"
                                        " + (SELECT count(*) FROM roles WHERE system_key IS NULL)"));
        if (nextRow(count) && count.value(0).toInt() > 1)
            fail(
                refused(tr("seed-demo fills a new account only; this one already has members, invitations or roles.")));
        count.finish();
        const ActorContext owner = context();
        const DemoData data = DemoGenerator::generate(spec, roleIdOf(SystemRole::Base), roleIdOf(SystemRole::Admin));
        for (const auto& role : data.customRoles)
            insertRole(role);
        // Through insertRows, in a few statements: on PostgreSQL one round trip per row made 100,000 members take
        // 20 seconds.
        QList<QVariantList> memberRows;
        QList<QVariantList> membershipRows;
        memberRows.reserve(data.members.size());
        for (const auto& member : data.members) {
            memberRows.append({member.id, member.email, emailKey(member.email), member.invitedBy,
                               member.joinedAt.toMSecsSinceEpoch()});
            for (const auto& roleId : member.roleIds)
                membershipRows.append({member.id, roleId});
        }
        insertRows(QStringLiteral("members (id, email, email_key, invited_by, joined_at)"),
                   QStringLiteral("(?, ?, ?, ?, ?)"), memberRows);
        insertRows(QStringLiteral("member_roles (member_id, role_id)"), QStringLiteral("(?, ?)"), membershipRows);
        DemoSummary summary;
        summary.members = int(data.members.size());
        summary.customRoles = int(data.customRoles.size());
        QList<QVariantList> inviteRows;
        QList<QVariantList> inviteRoleRows;
        for (const auto& invite : data.invites) {
            inviteRows.append({invite.id, invite.email, emailKey(invite.email), inviteStatusName(invite.status),
                               invite.invitedBy, invite.createdAt.toMSecsSinceEpoch(),
                               invite.updatedAt.toMSecsSinceEpoch()});
            for (const auto& roleId : invite.roleIds)
                inviteRoleRows.append({invite.id, roleId});
            if (invite.status == InviteStatus::Pending)
                ++summary.pendingInvites;
            else
                ++summary.closedInvites;
        }
        insertRows(QStringLiteral("invites (id, email, email_key, status, invited_by, created_at, updated_at)"),
                   QStringLiteral("(?, ?, ?, ?, ?, ?, ?)"), inviteRows);
        insertRows(QStringLiteral("invite_roles (invite_id, role_id)"), QStringLiteral("(?, ?)"), inviteRoleRows);
        audit(auditName(owner), QStringLiteral("account.seed"), QStringLiteral("demo data"),
              QStringLiteral("%1 members, %2 invitations, %3 custom roles")
                  .arg(summary.members)
                  .arg(summary.pendingInvites + summary.closedInvites)
                  .arg(summary.customRoles));
        return summary;
    });
}
