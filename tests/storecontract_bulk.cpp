// Bulk changes through every store. Local stores apply a selection in one transaction: a refusal of anyone changes
// no one, proved by a dump of the tables. The cloud changes each person on their own and reports each.
#include "storecontract.h"

#include "awaitfuture.h"
#include "testsupport.h"

#include <QtTest>

namespace {

BulkChange bulk(BulkChange::Kind kind, const QStringList& targets)
{
    BulkChange change;
    change.kind = kind;
    change.targets = targets;
    return change;
}

QStringList refusedEmails(const BulkReport& report)
{
    QStringList emails;
    for (const auto& refusal : report.refused)
        emails.append(refusal.email);
    return emails;
}

} // namespace

void StoreContract::bulkRemoveRemovesEveryone()
{
    const QStringList people{QStringLiteral("oli@example.com"), QStringLiteral("pat@example.com"),
                             QStringLiteral("quin@example.com")};
    QStringList ids;
    for (const auto& email : people)
        ids.append(addMember(email));
    QVERIFY(!ids.contains(QString()));
    auto control = std::make_shared<BulkControl>();
    REQUIRE_OK(report, m_owner->applyBulk(bulk(BulkChange::Kind::Remove, ids), control));
    QCOMPARE(report.done, people);
    QVERIFY(report.refused.isEmpty());
    QCOMPARE(report.removedIds, ids);
    QCOMPARE(control->finished.load(), 3);
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QCOMPARE(snapshot.members.size(), 1); // the Owner alone
    if (m_fixture->hasAuditLog()) {
        REQUIRE_OK(events, m_owner->auditLog(AuditQuery::newest(10)));
        int removals = 0;
        for (const auto& event : events)
            removals += event.action == QLatin1String("member.remove") ? 1 : 0;
        QCOMPARE(removals, 3);
    }
}

void StoreContract::bulkRemoveWithRefusedPeople()
{
    const QString oli = addMember(QStringLiteral("oli@example.com"));
    QVERIFY(!oli.isEmpty());
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("ned@example.com")}, {}));
    const QString before = m_fixture->dump();
    // Oli may go; the Owner and a pending invitation may not.
    REQUIRE_OK(
        report,
        m_owner->applyBulk(bulk(BulkChange::Kind::Remove, {oli, StoreFixture::OwnerEmail, invites.sent.first().id})));
    QCOMPARE(refusedEmails(report), (QStringList{StoreFixture::OwnerEmail, QStringLiteral("ned@example.com")}));
    QCOMPARE(report.refused.at(0).error.message, QStringLiteral("The Owner cannot be removed."));
    QVERIFY2(report.refused.at(1).error.message.contains(QStringLiteral("revoke the invitation")),
             qPrintable(report.refused.at(1).error.message));
    if (m_owner->capabilities().atomicBatches) {
        QVERIFY(report.allOrNothing);
        QVERIFY(report.done.isEmpty());
        QCOMPARE(m_fixture->dump(), before); // nothing at all was written
    } else {
        QVERIFY(!report.allOrNothing);
        QCOMPARE(report.done, QStringList{QStringLiteral("oli@example.com")});
        REQUIRE_ERROR(m_owner->findMember(QStringLiteral("oli@example.com")), ErrorCode::NotFound);
    }
}

void StoreContract::bulkRevokeRevokesPendingInvites()
{
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("ray@example.com"), QStringLiteral("sam@example.com")}, {}));
    // By address, case-insensitively, as the CLI passes them.
    REQUIRE_OK(report,
               m_owner->applyBulk(bulk(BulkChange::Kind::Revoke,
                                       {QStringLiteral("RAY@example.com"), QStringLiteral("sam@example.com")})));
    QCOMPARE(report.done, (QStringList{QStringLiteral("ray@example.com"), QStringLiteral("sam@example.com")}));
    QCOMPARE(report.removedIds.size(), 2);
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QVERIFY(snapshot.pendingInvites.isEmpty());
}

void StoreContract::bulkRevokeWithAMember()
{
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("tia@example.com")}, {}));
    QVERIFY(!addMember(QStringLiteral("uma@example.com")).isEmpty());
    const QString before = m_fixture->dump();
    REQUIRE_OK(report,
               m_owner->applyBulk(bulk(BulkChange::Kind::Revoke,
                                       {QStringLiteral("tia@example.com"), QStringLiteral("uma@example.com")})));
    QCOMPARE(refusedEmails(report), QStringList{QStringLiteral("uma@example.com")});
    QVERIFY(report.refused.first().error.message.contains(QStringLiteral("already a member")));
    if (m_owner->capabilities().atomicBatches) {
        QVERIFY(report.done.isEmpty());
        QCOMPARE(m_fixture->dump(), before);
    } else {
        QCOMPARE(report.done, QStringList{QStringLiteral("tia@example.com")});
    }
}

void StoreContract::bulkChangeRolesGivesARoleToEveryone()
{
    const QStringList ids{addMember(QStringLiteral("vic@example.com")),
                          addMember(QStringLiteral("wes@example.com"), {QStringLiteral("Admin")})};
    QVERIFY(!ids.contains(QString()));
    BulkChange change = bulk(BulkChange::Kind::ChangeRoles, ids);
    change.addRoleIds = {roleId(QStringLiteral("Admin"))};
    REQUIRE_OK(report, m_owner->applyBulk(change));
    QCOMPARE(report.done, (QStringList{QStringLiteral("vic@example.com"), QStringLiteral("wes@example.com")}));
    QCOMPARE(report.changedMembers.size(), 2);
    for (const auto& email : report.done) {
        REQUIRE_OK(member, m_owner->findMember(email));
        QVERIFY2(member.roleIds.contains(roleId(QStringLiteral("Admin"))), qPrintable(email));
    }
    // The change the session mirrors is the stored one.
    for (const auto& member : report.changedMembers)
        QVERIFY(member.roleIds.contains(roleId(QStringLiteral("Admin"))));
}

// Given and taken in one change, by id and by address, one person named twice: every person ends as one change at a
// time would leave them, the report's members hold the stored roles, and the log has one line each.
void StoreContract::bulkChangeRolesGivesAndTakesAtOnce()
{
    const QString admin = roleId(QStringLiteral("Admin"));
    REQUIRE_OK(ops, m_owner->createRole({QStringLiteral("Operations"), {}, {QStringLiteral("write:clusters")}}));
    const QString vic = addMember(QStringLiteral("vic@example.com"), {admin});
    const QString wes = addMember(QStringLiteral("wes@example.com"), {admin, ops.id});
    const QString xan = addMember(QStringLiteral("xan@example.com"));
    QVERIFY(!vic.isEmpty() && !wes.isEmpty() && !xan.isEmpty());
    BulkChange change = bulk(BulkChange::Kind::ChangeRoles, {vic, QStringLiteral("WES@example.com"), xan, vic});
    change.addRoleIds = {ops.id};
    change.removeRoleIds = {admin};
    REQUIRE_OK(report, m_owner->applyBulk(change));
    QVERIFY(report.refused.isEmpty());
    QCOMPARE(report.done,
             (QStringList{QStringLiteral("vic@example.com"), QStringLiteral("wes@example.com"),
                          QStringLiteral("xan@example.com"), QStringLiteral("vic@example.com")}));
    QCOMPARE(report.changedMembers.size(), 4);
    // A member's roles are a set: each backend reads them in its own order.
    const auto sorted = [](QStringList ids) {
        ids.sort();
        return ids;
    };
    for (const auto& reported : report.changedMembers) {
        REQUIRE_OK(stored, m_owner->findMember(reported.id));
        QCOMPARE(sorted(reported.roleIds), sorted(stored.roleIds));
        QVERIFY2(stored.roleIds.contains(ops.id), qPrintable(stored.email));
        QVERIFY2(!stored.roleIds.contains(admin), qPrintable(stored.email));
    }
    if (m_fixture->hasAuditLog()) {
        REQUIRE_OK(events, m_owner->auditLog(AuditQuery::newest(10)));
        QStringList lines;
        for (const auto& event : events) {
            if (event.action == QLatin1String("member.roles"))
                lines.append(event.target + QLatin1Char(' ') + event.detail);
        }
        lines.sort();
        // wes only lost Admin; vic's second naming changed nothing more.
        QCOMPARE(
            lines,
            (QStringList{QStringLiteral("vic@example.com +Operations -Admin"), QStringLiteral("wes@example.com -Admin"),
                         QStringLiteral("xan@example.com +Operations")}));
    }
}

// Resent and revoked together, by id and by address: the dates renew and the roles stay; an invitation named twice
// in one revoke is refused the second time, and where a batch is atomic nothing is revoked then.
void StoreContract::bulkRevokeAndResendManyAtOnce()
{
    const QString admin = roleId(QStringLiteral("Admin"));
    REQUIRE_OK(invites,
               m_owner->invite({QStringLiteral("ray@example.com"), QStringLiteral("sam@example.com"),
                                QStringLiteral("tia@example.com")},
                               {admin}));
    QCOMPARE(invites.sent.size(), 3);
    QTest::qWait(5); // a later date, whatever the clock's resolution
    REQUIRE_OK(
        resent,
        m_owner->applyBulk(bulk(BulkChange::Kind::Resend, {invites.sent.at(0).id, QStringLiteral("SAM@example.com")})));
    QCOMPARE(resent.done, (QStringList{QStringLiteral("ray@example.com"), QStringLiteral("sam@example.com")}));
    QCOMPARE(resent.sentInvites.size(), 2);
    for (const auto& invite : resent.sentInvites) {
        QVERIFY2(invite.createdAt > invites.sent.first().createdAt, qPrintable(invite.email));
        QCOMPARE(invite.roleIds, invites.sent.first().roleIds);
        QCOMPARE(invite.status, InviteStatus::Pending);
    }
    REQUIRE_OK(afterResend, m_owner->loadAccount());
    QCOMPARE(afterResend.pendingInvites.size(), 3);
    // The report says what was stored, the renewed expiry included, so the console shows it without a reload.
    for (const auto& invite : resent.sentInvites) {
        const auto stored = std::find_if(afterResend.pendingInvites.cbegin(), afterResend.pendingInvites.cend(),
                                         [&](const Invite& candidate) { return candidate.email == invite.email; });
        QVERIFY2(stored != afterResend.pendingInvites.cend(), qPrintable(invite.email));
        QCOMPARE(invite.expiresAt, stored->expiresAt);
    }

    // Sam by address: on the cloud a resend is a new invitation with a new id.
    const QString before = m_fixture->dump();
    REQUIRE_OK(twice,
               m_owner->applyBulk(bulk(BulkChange::Kind::Revoke,
                                       {QStringLiteral("ray@example.com"), QStringLiteral("sam@example.com"),
                                        QStringLiteral("Ray@Example.com")})));
    QCOMPARE(refusedEmails(twice), QStringList{QStringLiteral("ray@example.com")});
    if (m_owner->capabilities().atomicBatches) {
        QVERIFY(twice.done.isEmpty());
        QCOMPARE(m_fixture->dump(), before);
        REQUIRE_OK(once,
                   m_owner->applyBulk(bulk(
                       BulkChange::Kind::Revoke,
                       {QStringLiteral("ray@example.com"), QStringLiteral("sam@example.com"), invites.sent.at(2).id})));
        QCOMPARE(once.removedIds.size(), 3);
        REQUIRE_OK(afterRevoke, m_owner->loadAccount());
        QVERIFY(afterRevoke.pendingInvites.isEmpty());
        if (m_fixture->hasAuditLog()) {
            REQUIRE_OK(events, m_owner->auditLog(AuditQuery::newest(3)));
            for (const auto& event : events)
                QCOMPARE(event.action, QStringLiteral("invite.revoke"));
        }
    }
}

void StoreContract::bulkChangeRolesWithTheOwner()
{
    const QString vic = addMember(QStringLiteral("vic@example.com"));
    QVERIFY(!vic.isEmpty());
    const QString before = m_fixture->dump();
    BulkChange change = bulk(BulkChange::Kind::ChangeRoles, {vic, StoreFixture::OwnerEmail});
    change.addRoleIds = {roleId(QStringLiteral("Owner"))};
    REQUIRE_OK(report, m_owner->applyBulk(change));
    // Owner is never granted by a role update: refused for both, and nothing is written anywhere.
    QCOMPARE(report.refused.size(), 2);
    QVERIFY(report.done.isEmpty());
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::resendRenewsOrRecreatesTheInvitation()
{
    const QString ops = roleId(QStringLiteral("Admin"));
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("xia@example.com")}, {ops}));
    const Invite first = invites.sent.first();
    QTest::qWait(5); // a later date, whatever the clock's resolution
    REQUIRE_OK(resent, m_owner->resendInvite(QStringLiteral("xia@example.com")));
    QCOMPARE(resent.email, first.email);
    QCOMPARE(resent.roleIds, first.roleIds);
    QCOMPARE(resent.status, InviteStatus::Pending);
    QVERIFY(resent.createdAt > first.createdAt);
    if (m_owner->capabilities().renewsInvites)
        QCOMPARE(resent.id, first.id); // renewed in place
    else
        QVERIFY(resent.id != first.id); // revoked and sent again
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QCOMPARE(snapshot.pendingInvites.size(), 1);
    QCOMPARE(snapshot.pendingInvites.first().id, resent.id);
    QCOMPARE(snapshot.pendingInvites.first().roleIds, first.roleIds);
    if (m_fixture->hasAuditLog()) {
        REQUIRE_OK(events, m_owner->auditLog(AuditQuery::newest(1)));
        QCOMPARE(events.first().action, QStringLiteral("invite.resend"));
    }
    // Several at once.
    REQUIRE_OK(more, m_owner->invite({QStringLiteral("yan@example.com")}, {}));
    REQUIRE_OK(report,
               m_owner->applyBulk(bulk(BulkChange::Kind::Resend,
                                       {QStringLiteral("xia@example.com"), QStringLiteral("yan@example.com")})));
    QCOMPARE(report.done.size(), 2);
    QCOMPARE(report.sentInvites.size(), 2);
}

void StoreContract::resendRefusesAMemberAndAClosedInvitation()
{
    QVERIFY(!addMember(QStringLiteral("uma@example.com")).isEmpty());
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("tia@example.com")}, {}));
    REQUIRE_OK(revoked, m_owner->revokeInvite(invites.sent.first().id));
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->resendInvite(QStringLiteral("uma@example.com")), ErrorCode::Refused);
    const auto closed = awaitFuture(m_owner->resendInvite(invites.sent.first().id));
    QVERIFY(!closed);
    QVERIFY(closed.error().code == ErrorCode::Refused || closed.error().code == ErrorCode::NotFound);
    QCOMPARE(m_fixture->dump(), before);
    // Someone without write:invites is refused by name of the permission.
    QVERIFY(!addMember(QStringLiteral("vic@example.com")).isEmpty());
    REQUIRE_OK(pending, m_owner->invite({QStringLiteral("wes@example.com")}, {}));
    const auto denied = awaitFuture(
        m_fixture->storeFor(QStringLiteral("vic@example.com"))->resendInvite(QStringLiteral("wes@example.com")));
    QVERIFY(!denied);
    QCOMPARE(int(denied.error().code), int(ErrorCode::PermissionDenied));
    QVERIFY2(denied.error().message.contains(QStringLiteral("write:invites")), qPrintable(denied.error().message));

    // Someone who may invite but not revoke: a local store renews in place and lets them; the cloud resends by
    // revoking first, so it refuses them by name of delete:invites, before anything is sent.
    REQUIRE_OK(inviters,
               m_owner->createRole(
                   {QStringLiteral("Inviters"), {}, {QStringLiteral("write:invites"), QStringLiteral("read:users")}}));
    QVERIFY(!inviters.permissions.contains(QStringLiteral("delete:invites")));
    QVERIFY(!addMember(QStringLiteral("yul@example.com"), {inviters.name}).isEmpty());
    const QString beforeResend = m_fixture->dump();
    const auto resent = awaitFuture(
        m_fixture->storeFor(QStringLiteral("yul@example.com"))->resendInvite(QStringLiteral("wes@example.com")));
    if (m_owner->capabilities().renewsInvites) {
        QVERIFY2(resent.ok(), qPrintable(resent.ok() ? QString() : resent.error().message));
    } else {
        QVERIFY(!resent);
        QCOMPARE(int(resent.error().code), int(ErrorCode::PermissionDenied));
        QVERIFY2(resent.error().message.contains(QStringLiteral("delete:invites")), qPrintable(resent.error().message));
        QCOMPARE(m_fixture->dump(), beforeResend);
    }
}

void StoreContract::bulkCancelledBeforeStartingSendsNothingOnTheCloud()
{
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("ray@example.com"), QStringLiteral("sam@example.com")}, {}));
    auto control = std::make_shared<BulkControl>();
    control->cancelled = true;
    const QString before = m_fixture->dump();
    REQUIRE_OK(report,
               m_owner->applyBulk(bulk(BulkChange::Kind::Revoke,
                                       {QStringLiteral("ray@example.com"), QStringLiteral("sam@example.com")}),
                                  control));
    if (m_owner->capabilities().atomicBatches) {
        // One transaction has no "midway": a local change is quick and whole.
        QCOMPARE(report.done.size(), 2);
    } else {
        QVERIFY(report.done.isEmpty());
        QCOMPARE(report.notSent, (QStringList{QStringLiteral("ray@example.com"), QStringLiteral("sam@example.com")}));
        QCOMPARE(m_fixture->dump(), before);
    }
}

void StoreContract::batchedInvitationsKeepEveryCharacter()
{
    // Many invitations are written a few statements at a time (on PostgreSQL each column as one array literal):
    // quotes, backslashes, braces and commas must come back as they went in.
    const QString name = QStringLiteral("Ops \"blue\" \\ {team}, 2");
    REQUIRE_OK(role, m_owner->createRole({name, {}, {QStringLiteral("read:clusters")}}));
    const QStringList emails{QStringLiteral("o'neil{x}@example.com"), QStringLiteral("a|b@example.com"),
                             QStringLiteral("zoë+1@example.com"), QStringLiteral("NULL@example.com")};
    QList<NewInvite> invites;
    for (const auto& email : emails)
        invites.append({email, {role.id}});
    REQUIRE_OK(report, m_owner->inviteEach(invites));
    QCOMPARE(report.sent.size(), emails.size());
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QStringList stored;
    for (const auto& invite : snapshot.pendingInvites) {
        stored.append(invite.email);
        QCOMPARE(invite.roleIds, QStringList{role.id});
    }
    stored.sort();
    QStringList expected = emails;
    expected.sort();
    QCOMPARE(stored, expected);
    if (m_fixture->hasAuditLog()) {
        REQUIRE_OK(events, m_owner->auditLog(AuditQuery::newest(10)));
        int invited = 0;
        for (const auto& event : events) {
            if (event.action != QLatin1String("invite.create"))
                continue;
            ++invited;
            QVERIFY(emails.contains(event.target));
            QCOMPARE(event.detail, name);
        }
        QCOMPARE(invited, emails.size());
    }
}

void StoreContract::bulkRemoveTakesIdsAndAddressesAlike()
{
    const QString sam = addMember(QStringLiteral("sam@example.com"));
    const QString tia = addMember(QStringLiteral("tia@example.com"));
    QVERIFY(!sam.isEmpty() && !tia.isEmpty());
    // Tia named twice, by address in another case and by id: she is gone by the second time, so nobody is removed.
    const QString before = m_fixture->dump();
    const auto twice =
        awaitFuture(m_owner->applyBulk(bulk(BulkChange::Kind::Remove, {sam, QStringLiteral("TIA@Example.com"), tia})));
    QVERIFY(twice.ok());
    if (m_owner->capabilities().atomicBatches) {
        QVERIFY(twice.value().done.isEmpty());
        QCOMPARE(twice.value().refused.size(), 1);
        QCOMPARE(twice.value().refused.first().error.code, ErrorCode::NotFound);
        QCOMPARE(m_fixture->dump(), before);
        REQUIRE_OK(both, m_owner->applyBulk(bulk(BulkChange::Kind::Remove, {sam, QStringLiteral("TIA@Example.com")})));
        QCOMPARE(both.done, (QStringList{QStringLiteral("sam@example.com"), QStringLiteral("tia@example.com")}));
        QCOMPARE(both.removedIds, (QStringList{sam, tia}));
    } else {
        // The cloud removes each person on its own: the second naming finds nobody.
        QCOMPARE(twice.value().done.size(), 2);
        QCOMPARE(twice.value().refused.size(), 1);
    }
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QCOMPARE(snapshot.members.size(), 1);
}
