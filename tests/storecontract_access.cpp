// The access explorer through every store: what AccessExplorer computes from the account as each backend loads it.
#include "storecontract.h"

#include "accessexplorer.h"
#include "awaitfuture.h"
#include "cloudstore.h"
#include "permissioncatalogue.h"
#include "testsupport.h"

#include <QtTest>

// Two custom roles that overlap on write:clusters (and the read:clusters it implies): a member holding both sees
// each permission once, with both roles named; a member with one sees one.
void StoreContract::accessExplorerNamesEveryGrantingRole()
{
    REQUIRE_OK(ops, m_owner->createRole({QStringLiteral("Cluster Ops"), {}, {QStringLiteral("write:clusters")}}));
    REQUIRE_OK(
        backup,
        m_owner->createRole(
            {QStringLiteral("Backup Ops"), {}, {QStringLiteral("write:clusters"), QStringLiteral("write:backups")}}));
    QVERIFY(!addMember(QStringLiteral("gil@example.com"), {ops.id, backup.id}).isEmpty());
    QVERIFY(!addMember(QStringLiteral("hal@example.com"), {ops.id}).isEmpty());
    REQUIRE_OK(pending, m_owner->invite({QStringLiteral("lee@example.com")}, {backup.id}));
    REQUIRE_OK(snapshot, m_owner->loadAccount());

    const auto member = std::find_if(snapshot.members.cbegin(), snapshot.members.cend(),
                                     [](const Member& m) { return m.email == QLatin1String("gil@example.com"); });
    QVERIFY(member != snapshot.members.cend());
    const auto grants =
        AccessExplorer::effectivePermissions(member->roleIds, false, snapshot.roles, PermissionCatalogue::builtIn());
    const auto grantOf = [&grants](const QString& permission) {
        const auto it = std::find_if(grants.cbegin(), grants.cend(),
                                     [&](const PermissionGrant& grant) { return grant.permission == permission; });
        return it == grants.cend() ? QStringList{QStringLiteral("<missing>")} : it->roleNames;
    };
    // Both roles, in the account's role order (the order every list of roles uses).
    QStringList bothRoles;
    for (const auto& role : snapshot.roles) {
        if (role.id == ops.id || role.id == backup.id)
            bothRoles.append(role.name);
    }
    QCOMPARE(bothRoles.size(), 2);
    QCOMPARE(grantOf(QStringLiteral("write:clusters")), bothRoles);
    QCOMPARE(grantOf(QStringLiteral("read:clusters")), bothRoles);
    QCOMPARE(grantOf(QStringLiteral("write:backups")), QStringList{backup.name});
    QCOMPARE(grantOf(QStringLiteral("read:profile")), QStringList{QStringLiteral("Base")});
    QCOMPARE(
        std::count_if(grants.cbegin(), grants.cend(),
                      [](const PermissionGrant& grant) { return grant.permission == QLatin1String("write:clusters"); }),
        1);
    QCOMPARE(grantOf(QStringLiteral("write:roles")), QStringList{QStringLiteral("<missing>")});

    // A pending invitation: what accepting will grant, Base included.
    const Invite& invite = pending.sent.first();
    const auto promised =
        AccessExplorer::effectivePermissions(invite.roleIds, true, snapshot.roles, PermissionCatalogue::builtIn());
    QVERIFY(std::any_of(promised.cbegin(), promised.cend(), [&](const PermissionGrant& grant) {
        return grant.permission == QLatin1String("write:backups") && grant.roleNames == QStringList{backup.name};
    }));
    QVERIFY(std::any_of(promised.cbegin(), promised.cend(), [](const PermissionGrant& grant) {
        return grant.permission == QLatin1String("read:profile");
    }));

    // Who holds write:clusters: the Owner (through Owner), both, one; the invitee has not joined, so is not counted.
    const PermissionHolders holders =
        AccessExplorer::holders(QStringLiteral("write:clusters"), snapshot.members, snapshot.roles);
    QStringList emails;
    for (const auto& holder : holders.people)
        emails.append(holder.email);
    QCOMPARE(emails,
             (QStringList{QStringLiteral("gil@example.com"), QStringLiteral("hal@example.com"),
                          QStringLiteral("owner@example.com")}));
    QCOMPARE(holders.people.at(0).roleNames, bothRoles);
    QVERIFY(holders.roleNames.contains(QStringLiteral("Admin")));
    QVERIFY(holders.roleNames.contains(ops.name));
    QVERIFY(!holders.roleNames.contains(QStringLiteral("Base")));
}

// The cloud API has no events: the cloud store journals every change made through it, with its outcome, refusals
// included, and the journal never holds a credential. Local stores keep the real audit log instead.
void StoreContract::cloudJournalRecordsOutcomes()
{
    auto* cloud = dynamic_cast<CloudStore*>(m_owner.get());
    if (!cloud)
        QSKIP("local stores keep an audit log of their own (auditLogRecordsMutations)");
    REQUIRE_OK(sent, m_owner->invite({QStringLiteral("quin@example.com")}, {}));
    REQUIRE_OK(revoked, m_owner->revokeInvite(sent.sent.first().id));
    REQUIRE_ERROR(m_owner->revokeInvite(sent.sent.first().id), ErrorCode::Refused);
    REQUIRE_ERROR(m_owner->removeMember(QStringLiteral("owner@example.com")), ErrorCode::Refused);
    REQUIRE_OK(events, m_owner->auditLog(AuditQuery::newest(10)));
    QStringList lines;
    for (const auto& event : events)
        lines.append(event.action + QLatin1Char(' ') + event.target + QLatin1Char(' ')
                     + event.detail.section(QLatin1Char(':'), 0, 0) + QLatin1Char(' ') + event.actor);
    QCOMPARE(lines,
             (QStringList{QStringLiteral("member.remove owner@example.com refused owner@example.com"),
                          QStringLiteral("invite.revoke ") + sent.sent.first().id
                              + QStringLiteral(" refused owner@example.com"),
                          QStringLiteral("invite.revoke quin@example.com done owner@example.com"),
                          QStringLiteral("invite.create quin@example.com done owner@example.com")}));
    AuditQuery refusals;
    refusals.search = QStringLiteral("refused");
    REQUIRE_OK(refused, m_owner->auditLog(refusals));
    QCOMPARE(refused.size(), 2);
    // A failure (nothing listens on the port) is journaled as failed, by the same computer's journal.
    CloudOptions unreachable = cloud->client()->options();
    unreachable.endpoint.setPort(1);
    unreachable.timeoutMs = 2000;
    unreachable.maxRetries = 0;
    CloudStore offline(unreachable);
    REQUIRE_ERROR(offline.createRole({QStringLiteral("Night Shift"), {}, {QStringLiteral("read:clusters")}}),
                  ErrorCode::Backend);
    REQUIRE_OK(latest, m_owner->auditLog(AuditQuery::newest(1)));
    QCOMPARE(latest.first().action, QStringLiteral("role.create"));
    QCOMPARE(latest.first().target, QStringLiteral("Night Shift"));
    QVERIFY2(latest.first().detail.startsWith(QStringLiteral("failed: ")), qPrintable(latest.first().detail));

    QFile file(cloud->journal().path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray raw = file.readAll();
    QVERIFY(!raw.contains("tok-")); // the signed-in user's token
    QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
}
