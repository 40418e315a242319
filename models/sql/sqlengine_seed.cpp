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
        QSqlQuery insertMember(database());
        insertMember.prepare(
            QStringLiteral("INSERT INTO members (id, email, email_key, invited_by, joined_at) VALUES (?, ?, ?, ?, ?)"));
        QSqlQuery insertMembership(database());
        insertMembership.prepare(QStringLiteral("INSERT INTO member_roles (member_id, role_id) VALUES (?, ?)"));
        const auto execOrFail = [&](QSqlQuery& query) {
            if (!query.exec()) {
                qCWarning(lcStore) << "seed insert failed:" << query.lastError().text();
                fail(backendFailure(tr("The demo data could not be written; nothing was changed.")));
            }
        };
        for (const auto& member : data.members) {
            insertMember.bindValue(0, member.id);
            insertMember.bindValue(1, member.email);
            insertMember.bindValue(2, emailKey(member.email));
            insertMember.bindValue(3, member.invitedBy);
            insertMember.bindValue(4, member.joinedAt.toMSecsSinceEpoch());
            execOrFail(insertMember);
            for (const auto& roleId : member.roleIds) {
                insertMembership.bindValue(0, member.id);
                insertMembership.bindValue(1, roleId);
                execOrFail(insertMembership);
            }
        }
        QSqlQuery insertInvite(database());
        insertInvite.prepare(QStringLiteral("INSERT INTO invites (id, email, email_key, status, invited_by, created_at,"
                                            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
        QSqlQuery insertInviteRole(database());
        insertInviteRole.prepare(QStringLiteral("INSERT INTO invite_roles (invite_id, role_id) VALUES (?, ?)"));
        DemoSummary summary;
        summary.members = int(data.members.size());
        summary.customRoles = int(data.customRoles.size());
        for (const auto& invite : data.invites) {
            insertInvite.bindValue(0, invite.id);
            insertInvite.bindValue(1, invite.email);
            insertInvite.bindValue(2, emailKey(invite.email));
            insertInvite.bindValue(3, inviteStatusName(invite.status));
            insertInvite.bindValue(4, invite.invitedBy);
            insertInvite.bindValue(5, invite.createdAt.toMSecsSinceEpoch());
            insertInvite.bindValue(6, invite.updatedAt.toMSecsSinceEpoch());
            execOrFail(insertInvite);
            for (const auto& roleId : invite.roleIds) {
                insertInviteRole.bindValue(0, invite.id);
                insertInviteRole.bindValue(1, roleId);
                execOrFail(insertInviteRole);
            }
            if (invite.status == InviteStatus::Pending)
                ++summary.pendingInvites;
            else
                ++summary.closedInvites;
        }
        audit(auditName(owner), QStringLiteral("account.seed"), QStringLiteral("demo data"),
              QStringLiteral("%1 members, %2 invitations, %3 custom roles")
                  .arg(summary.members)
                  .arg(summary.pendingInvites + summary.closedInvites)
                  .arg(summary.customRoles));
        return summary;
    });
}
