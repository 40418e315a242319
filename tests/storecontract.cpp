// Every rule of RULES.md through a real store: an accepted case and a refused case, and refusals write nothing.
#include "storecontract.h"

#include "awaitfuture.h"
#include "testsupport.h"

#include <QScopeGuard>
#include <QtTest>

void StoreContract::init()
{
    QVERIFY2(m_fixture->resetAccount(), "the fixture could not create a fresh account");
    m_owner = m_fixture->storeFor();
    QVERIFY(m_owner);
}

QString StoreContract::roleId(const QString& name)
{
    const auto roles = awaitFuture(m_owner->listRoles());
    if (!roles)
        return {};
    for (const auto& role : roles.value()) {
        if (role.name == name)
            return role.id;
    }
    return {};
}

QString StoreContract::addMember(const QString& email, const QStringList& roles)
{
    const auto invited = awaitFuture(m_owner->invite({email}, roles));
    if (!invited || invited.value().sent.isEmpty())
        return {};
    // Only the invitee accepts: a store signed in as them.
    const auto member = awaitFuture(m_fixture->storeFor(email)->acceptInvite(invited.value().sent.first().id));
    if (!member)
        return {};
    const auto found = awaitFuture(m_owner->findMember(email));
    return found ? found.value().id : QString();
}

void StoreContract::snapshotHasSystemRolesAndOneOwner()
{
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QStringList systemNames;
    for (const auto& role : snapshot.roles) {
        if (role.isSystem())
            systemNames.append(role.name);
    }
    QCOMPARE(systemNames, (QStringList{QStringLiteral("Owner"), QStringLiteral("Admin"), QStringLiteral("Base")}));
    QCOMPARE(snapshot.members.size(), 1);
    QCOMPARE(snapshot.actor.email, StoreFixture::OwnerEmail);
    const QString owner = roleId(QStringLiteral("Owner"));
    int owners = 0;
    for (const auto& member : snapshot.members)
        owners += member.roleIds.contains(owner) ? 1 : 0;
    QCOMPARE(owners, 1);
}

void StoreContract::inviteCreatesPendingInviteWithoutBase()
{
    REQUIRE_OK(invites,
               m_owner->invite({QStringLiteral("Ana@Example.com")}, {QStringLiteral("Admin"), QStringLiteral("Base")}));
    QCOMPARE(invites.sent.size(), 1);
    QCOMPARE(invites.sent.first().email, QStringLiteral("Ana@Example.com")); // stored as typed
    QCOMPARE(invites.sent.first().status, InviteStatus::Pending);
    QCOMPARE(invites.sent.first().roleIds, QStringList{roleId(QStringLiteral("Admin"))}); // Base never stored
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QCOMPARE(snapshot.pendingInvites.size(), 1);
    QCOMPARE(snapshot.pendingInvites.first().invitedBy, StoreFixture::OwnerEmail);
}

void StoreContract::inviteRefusesInvalidEmail_data()
{
    QTest::addColumn<QString>("email");
    QTest::newRow("no at") << QStringLiteral("not-an-email");
    QTest::newRow("no dot in domain") << QStringLiteral("ana@localhost");
    QTest::newRow("empty local part") << QStringLiteral("@example.com");
    QTest::newRow("space inside") << QStringLiteral("ana maria@example.com");
    QTest::newRow("sql metacharacters") << QStringLiteral("x'; DROP TABLE members; --@example.com");
    QTest::newRow("control character") << QStringLiteral("ana\u0007@example.com");
    QTest::newRow("too long") << (QString(250, QLatin1Char('a')) + QStringLiteral("@example.com"));
}

void StoreContract::inviteRefusesInvalidEmail()
{
    QFETCH(QString, email);
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->invite({email}, {}), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::inviteBatchWithOneBadAddressInvitesNoOne()
{
    const QString before = m_fixture->dump();
    const auto result = awaitFuture(m_owner->invite({QStringLiteral("a@x.io"), QStringLiteral("not-an-email")}, {}));
    QVERIFY(!result);
    QCOMPARE(int(result.error().code), int(ErrorCode::Refused));
    QVERIFY2(result.error().message.contains(QStringLiteral("not-an-email")), qPrintable(result.error().message));
    QCOMPARE(m_fixture->dump(), before);
    REQUIRE_OK(ok, m_owner->invite({QStringLiteral("a@x.io"), QStringLiteral("b@x.io")}, {}));
    QCOMPARE(ok.sent.size(), 2);
}

void StoreContract::inviteRefusesActiveMember()
{
    QVERIFY(!addMember(QStringLiteral("bo@example.com")).isEmpty());
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->invite({QStringLiteral("BO@example.com")}, {}), ErrorCode::Refused);
    REQUIRE_ERROR(m_owner->invite({StoreFixture::OwnerEmail}, {}), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::inviteRefusesSecondPendingInviteCaseInsensitively()
{
    REQUIRE_OK(first, m_owner->invite({QStringLiteral("cy@example.com")}, {}));
    const QString before = m_fixture->dump();
    const Error refusal = awaitFuture(m_owner->invite({QStringLiteral("CY@EXAMPLE.COM")}, {})).error();
    QCOMPARE(int(refusal.code), int(ErrorCode::Refused));
    // The engine's own check words it, naming who sent the first one (not the unique index's "a moment ago").
    QVERIFY2(refusal.message.contains(QStringLiteral("already invited by owner@example.com")),
             qPrintable(refusal.message));
    QCOMPARE(m_fixture->dump(), before);
    // Once revoked, the address may be invited again.
    REQUIRE_OK(revoked, m_owner->revokeInvite(first.sent.first().id));
    REQUIRE_OK(again, m_owner->invite({QStringLiteral("cy@example.com")}, {}));
    QCOMPARE(again.sent.size(), 1);
}

void StoreContract::inviteRefusesOwnerRole()
{
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->invite({QStringLiteral("dee@example.com")}, {roleId(QStringLiteral("Owner"))}),
                  ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
    REQUIRE_OK(ok, m_owner->invite({QStringLiteral("dee@example.com")}, {roleId(QStringLiteral("Admin"))}));
    QCOMPARE(ok.sent.size(), 1);
}

void StoreContract::inviteRefusesUnknownRole()
{
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->invite({QStringLiteral("eve@example.com")}, {QStringLiteral("No such role")}),
                  ErrorCode::NotFound);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::revokeCancelsPendingInvite()
{
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("fay@example.com")}, {}));
    REQUIRE_OK(revoked, m_owner->revokeInvite(invites.sent.first().id));
    QCOMPARE(revoked.status, InviteStatus::Canceled);
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QVERIFY(snapshot.pendingInvites.isEmpty());
    REQUIRE_OK(canceled, m_owner->listInvites(InviteStatus::Canceled));
    QCOMPARE(canceled.size(), 1);
}

void StoreContract::revokeRefusesNonPendingInvite()
{
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("gil@example.com")}, {}));
    REQUIRE_OK(member, m_fixture->storeFor(QStringLiteral("gil@example.com"))->acceptInvite(invites.sent.first().id));
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->revokeInvite(invites.sent.first().id), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::acceptMakesMemberWithBaseAndInviteRoles()
{
    REQUIRE_OK(role, m_owner->createRole({QStringLiteral("Cluster Ops"), {}, {QStringLiteral("write:clusters")}}));
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("hal@example.com")}, {role.id}));
    REQUIRE_OK(accepted, m_fixture->storeFor(QStringLiteral("hal@example.com"))->acceptInvite(invites.sent.first().id));
    QCOMPARE(accepted.email, QStringLiteral("hal@example.com"));
    // What the account now holds, as an admin sees it.
    REQUIRE_OK(member, m_owner->findMember(QStringLiteral("hal@example.com")));
    QCOMPARE(member.id, accepted.id);
    QVERIFY(member.roleIds.contains(roleId(QStringLiteral("Base"))));
    QVERIFY(member.roleIds.contains(role.id));
    QCOMPARE(member.roleIds.size(), 2);
    REQUIRE_OK(details, m_owner->roleDetails(role.id));
    QCOMPARE(details.members.size(), 1);
    QCOMPARE(details.members.first().email, QStringLiteral("hal@example.com"));
}

void StoreContract::acceptRefusesNonPendingInvite()
{
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("ida@example.com")}, {}));
    REQUIRE_OK(revoked, m_owner->revokeInvite(invites.sent.first().id));
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_fixture->storeFor(QStringLiteral("ida@example.com"))->acceptInvite(invites.sent.first().id),
                  ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::onlyTheInviteeAnswers()
{
    QVERIFY(!addMember(QStringLiteral("admin@example.com"), {QStringLiteral("Admin")}).isEmpty());
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("ivy@example.com")}, {roleId(QStringLiteral("Admin"))}));
    const QString id = invites.sent.first().id;
    const QString before = m_fixture->dump();
    // The Owner, an Admin, and someone signed in who was invited to nothing: none of them may answer for Ivy.
    for (const auto& actor : {QString(), QStringLiteral("admin@example.com"), QStringLiteral("guest@example.com")}) {
        auto store = m_fixture->storeFor(actor);
        for (bool accept : {true, false}) {
            const Error error =
                accept ? awaitFuture(store->acceptInvite(id)).error() : awaitFuture(store->rejectInvite(id)).error();
            QVERIFY2(error.isError(), qPrintable(actor));
            if (actor == QLatin1String("guest@example.com")) {
                // Someone who may not read invitations learns nothing of one that is not theirs.
                QCOMPARE(int(error.code), int(ErrorCode::NotFound));
                continue;
            }
            QCOMPARE(int(error.code), int(ErrorCode::PermissionDenied));
            QCOMPARE(error.message,
                     accept ? QStringLiteral("Only ivy@example.com can accept this invitation.")
                            : QStringLiteral("Only ivy@example.com can decline this invitation."));
        }
    }
    QCOMPARE(m_fixture->dump(), before);
    REQUIRE_OK(member, m_fixture->storeFor(QStringLiteral("ivy@example.com"))->acceptInvite(id));
    QCOMPARE(member.email, QStringLiteral("ivy@example.com"));
    if (m_fixture->hasAuditLog()) {
        REQUIRE_OK(events, m_owner->auditLog(AuditQuery::newest(1)));
        QCOMPARE(events.first().action, QStringLiteral("invite.accept"));
        QCOMPARE(events.first().actor, QStringLiteral("ivy@example.com"));
    }
}

void StoreContract::acceptSkipsRolesDeletedMeanwhile()
{
    REQUIRE_OK(role, m_owner->createRole({QStringLiteral("Temporary"), {}, {QStringLiteral("read:backups")}}));
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("jo@example.com")}, {role.id}));
    REQUIRE_OK(usage, m_owner->deleteRole(role.id));
    QCOMPARE(usage.pendingInvites, 1);
    REQUIRE_OK(accepted, m_fixture->storeFor(QStringLiteral("jo@example.com"))->acceptInvite(invites.sent.first().id));
    REQUIRE_OK(member, m_owner->findMember(QStringLiteral("jo@example.com")));
    QCOMPARE(member.roleIds, QStringList{roleId(QStringLiteral("Base"))});
}

void StoreContract::rejectClosesPendingInvite()
{
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("kim@example.com")}, {}));
    REQUIRE_OK(rejected,
               m_fixture->storeFor(QStringLiteral("kim@example.com"))->rejectInvite(QStringLiteral("kim@example.com")));
    QCOMPARE(rejected.status, InviteStatus::Rejected);
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QVERIFY(snapshot.pendingInvites.isEmpty());
    QCOMPARE(snapshot.members.size(), 1);
}

void StoreContract::rejectRefusesNonPendingInvite()
{
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("lee@example.com")}, {}));
    auto lee = m_fixture->storeFor(QStringLiteral("lee@example.com"));
    REQUIRE_OK(rejected, lee->rejectInvite(invites.sent.first().id));
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(lee->rejectInvite(invites.sent.first().id), ErrorCode::Refused);
    REQUIRE_ERROR(lee->acceptInvite(invites.sent.first().id), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::removeMemberRemovesActiveMember()
{
    const QString id = addMember(QStringLiteral("max@example.com"), {QStringLiteral("Admin")});
    QVERIFY(!id.isEmpty());
    REQUIRE_OK(done, m_owner->removeMember(id));
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    QCOMPARE(snapshot.members.size(), 1);
    REQUIRE_ERROR(m_owner->findMember(QStringLiteral("max@example.com")), ErrorCode::NotFound);
}

void StoreContract::removeMemberRefusesPendingInvite()
{
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("ned@example.com")}, {}));
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->removeMember(QStringLiteral("ned@example.com")), ErrorCode::Refused);
    REQUIRE_ERROR(m_owner->removeMember(invites.sent.first().id), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::removeMemberRefusesOwner()
{
    QVERIFY(!addMember(QStringLiteral("admin@example.com"), {QStringLiteral("Admin")}).isEmpty());
    auto admin = m_fixture->storeFor(QStringLiteral("admin@example.com"));
    QVERIFY(admin);
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(admin->removeMember(StoreFixture::OwnerEmail), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::removeMemberRefusesSelf()
{
    QVERIFY(!addMember(QStringLiteral("admin@example.com"), {QStringLiteral("Admin")}).isEmpty());
    QVERIFY(!addMember(QStringLiteral("other@example.com")).isEmpty());
    auto admin = m_fixture->storeFor(QStringLiteral("admin@example.com"));
    QVERIFY(admin);
    const QString before = m_fixture->dump();
    const auto result = awaitFuture(admin->removeMember(QStringLiteral("admin@example.com")));
    QVERIFY(!result);
    QCOMPARE(int(result.error().code), int(ErrorCode::Refused));
    QVERIFY(result.error().message.contains(QStringLiteral("yourself")));
    QCOMPARE(m_fixture->dump(), before);
    REQUIRE_OK(done, admin->removeMember(QStringLiteral("other@example.com")));
}

void StoreContract::updateRolesAddsAndRemovesAtomically()
{
    REQUIRE_OK(ops, m_owner->createRole({QStringLiteral("Operations"), {}, {QStringLiteral("write:clusters")}}));
    const QString id = addMember(QStringLiteral("oli@example.com"), {QStringLiteral("Admin")});
    REQUIRE_OK(member, m_owner->updateMemberRoles(id, {ops.id}, {roleId(QStringLiteral("Admin"))}));
    QVERIFY(member.roleIds.contains(ops.id));
    QVERIFY(!member.roleIds.contains(roleId(QStringLiteral("Admin"))));
    QVERIFY(member.roleIds.contains(roleId(QStringLiteral("Base"))));
    // One refused part refuses the whole update.
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->updateMemberRoles(id, {roleId(QStringLiteral("Admin"))}, {roleId(QStringLiteral("Base"))}),
                  ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::updateRolesRefusesEmptyChange()
{
    const QString id = addMember(QStringLiteral("pat@example.com"));
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->updateMemberRoles(id, {}, {}), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::updateRolesRoleInBothListsEndsRemoved()
{
    const QString admin = roleId(QStringLiteral("Admin"));
    const QString id = addMember(QStringLiteral("quin@example.com"), {QStringLiteral("Admin")});
    REQUIRE_OK(member, m_owner->updateMemberRoles(id, {admin}, {admin}));
    QVERIFY(!member.roleIds.contains(admin));
    const QString other = addMember(QStringLiteral("quinn@example.com"));
    REQUIRE_OK(unchanged, m_owner->updateMemberRoles(other, {admin}, {admin}));
    QVERIFY(!unchanged.roleIds.contains(admin));
}

void StoreContract::updateRolesAddingHeldRoleIsNoOp()
{
    const QString admin = roleId(QStringLiteral("Admin"));
    const QString id = addMember(QStringLiteral("ray@example.com"), {QStringLiteral("Admin")});
    REQUIRE_OK(member, m_owner->updateMemberRoles(id, {admin}, {}));
    QCOMPARE(member.roleIds.count(admin), 1);
    QCOMPARE(member.roleIds.size(), 2);
}

void StoreContract::updateRolesRefusesBaseRemoval()
{
    const QString id = addMember(QStringLiteral("sam@example.com"));
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->updateMemberRoles(id, {}, {roleId(QStringLiteral("Base"))}), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::updateRolesRefusesOwnerChanges()
{
    const QString id = addMember(QStringLiteral("tia@example.com"));
    const QString owner = roleId(QStringLiteral("Owner"));
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->updateMemberRoles(id, {owner}, {}), ErrorCode::Refused);
    REQUIRE_ERROR(m_owner->updateMemberRoles(StoreFixture::OwnerEmail, {}, {owner}), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
    // The Owner's other roles can still change.
    REQUIRE_OK(owned, m_owner->updateMemberRoles(StoreFixture::OwnerEmail, {roleId(QStringLiteral("Admin"))}, {}));
    QVERIFY(owned.roleIds.contains(owner));
}

void StoreContract::createRoleAddsImpliedReads()
{
    REQUIRE_OK(role,
               m_owner->createRole({QStringLiteral("Invite Desk"),
                                    QStringLiteral("Front desk"),
                                    {QStringLiteral("write:invites"), QStringLiteral("write:backups")}}));
    QCOMPARE(role.permissions,
             (QStringList{QStringLiteral("read:backups"), QStringLiteral("read:invites"),
                          QStringLiteral("write:backups"), QStringLiteral("write:invites")}));
    QVERIFY(!role.isSystem());
    REQUIRE_OK(roles, m_owner->listRoles());
    QCOMPARE(roles.size(), 4);
}

void StoreContract::createRoleRefusesInvalidDraft_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("description");
    QTest::addColumn<QStringList>("permissions");
    QTest::addColumn<int>("code");
    const QStringList one{QStringLiteral("read:clusters")};
    const int refused = int(ErrorCode::Refused);
    QTest::newRow("empty name") << QString() << QString() << one << refused;
    QTest::newRow("short name") << QStringLiteral("abc") << QString() << one << refused;
    QTest::newRow("long name") << QString(65, QLatin1Char('x')) << QString() << one << refused;
    QTest::newRow("control character") << QStringLiteral("Ops\tTeam") << QString() << one << refused;
    QTest::newRow("long description") << QStringLiteral("Operators") << QString(257, QLatin1Char('d')) << one
                                      << refused;
    QTest::newRow("no permission") << QStringLiteral("Operators") << QString() << QStringList() << refused;
    QTest::newRow("unknown permission") << QStringLiteral("Operators") << QString()
                                        << QStringList{QStringLiteral("write:everything")} << refused;
    QTest::newRow("sql metacharacters") << QStringLiteral("x'); DROP TABLE roles; --") << QString()
                                        << QStringList{QStringLiteral("read:roles'--")} << refused;
}

void StoreContract::createRoleRefusesInvalidDraft()
{
    QFETCH(QString, name);
    QFETCH(QString, description);
    QFETCH(QStringList, permissions);
    QFETCH(int, code);
    const QString before = m_fixture->dump();
    const auto result =
        awaitFuture(m_owner->createRole({name, description, PermissionSet(permissions.cbegin(), permissions.cend())}));
    QVERIFY(!result);
    QCOMPARE(int(result.error().code), code);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::createRoleRefusesTakenNameCaseInsensitively()
{
    REQUIRE_OK(role, m_owner->createRole({QStringLiteral("Auditors"), {}, {QStringLiteral("read:users")}}));
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->createRole({QStringLiteral("AUDITORS"), {}, {QStringLiteral("read:users")}}),
                  ErrorCode::Refused);
    REQUIRE_ERROR(m_owner->createRole({QStringLiteral("admin"), {}, {QStringLiteral("read:users")}}),
                  ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::systemRolesAreImmutable()
{
    const QString before = m_fixture->dump();
    for (const auto& name : {QStringLiteral("Base"), QStringLiteral("Admin"), QStringLiteral("Owner")}) {
        const QString id = roleId(name);
        REQUIRE_ERROR(m_owner->updateRole(id, {QStringLiteral("Renamed role"), {}, {QStringLiteral("read:users")}}),
                      ErrorCode::Refused);
        REQUIRE_ERROR(m_owner->deleteRole(id), ErrorCode::Refused);
    }
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::updateRoleRenamesAndChangesPermissions()
{
    REQUIRE_OK(role,
               m_owner->createRole({QStringLiteral("Billing"), {}, {QStringLiteral("read:payment_information")}}));
    REQUIRE_OK(
        updated,
        m_owner->updateRole(
            role.id,
            {QStringLiteral("Billing Team"), QStringLiteral("Pays"), {QStringLiteral("write:payment_information")}}));
    QCOMPARE(updated.name, QStringLiteral("Billing Team"));
    QCOMPARE(updated.description, QStringLiteral("Pays"));
    QCOMPARE(updated.permissions,
             (QStringList{QStringLiteral("read:payment_information"), QStringLiteral("write:payment_information")}));
    // Keeping its own name (in another case) is not a clash with itself.
    REQUIRE_OK(same,
               m_owner->updateRole(role.id, {QStringLiteral("BILLING TEAM"), {}, {QStringLiteral("read:account")}}));
    QCOMPARE(same.name, QStringLiteral("BILLING TEAM"));
}

void StoreContract::duplicateRoleCopiesUnderNewName()
{
    REQUIRE_OK(
        role,
        m_owner->createRole({QStringLiteral("Support"), QStringLiteral("Helps"), {QStringLiteral("read:users")}}));
    REQUIRE_OK(copy, m_owner->duplicateRole(role.id, {}));
    QCOMPARE(copy.name, QStringLiteral("Support copy"));
    QCOMPARE(copy.permissions, role.permissions);
    QCOMPARE(copy.description, role.description);
    QVERIFY(copy.id != role.id);
    REQUIRE_OK(second, m_owner->duplicateRole(role.id, {}));
    QCOMPARE(second.name, QStringLiteral("Support copy 2"));
    // A built-in role can be duplicated into a custom one.
    REQUIRE_OK(admins, m_owner->duplicateRole(roleId(QStringLiteral("Admin")), QStringLiteral("Almost admin")));
    QVERIFY(!admins.isSystem());
}

void StoreContract::duplicateRoleRefusesTakenName()
{
    REQUIRE_OK(role, m_owner->createRole({QStringLiteral("Support"), {}, {QStringLiteral("read:users")}}));
    const QString before = m_fixture->dump();
    REQUIRE_ERROR(m_owner->duplicateRole(role.id, QStringLiteral("support")), ErrorCode::Refused);
    QCOMPARE(m_fixture->dump(), before);
}

void StoreContract::deleteRoleCleansMembersAndInvites()
{
    REQUIRE_OK(role, m_owner->createRole({QStringLiteral("Short-lived"), {}, {QStringLiteral("read:clusters")}}));
    const QString member = addMember(QStringLiteral("uma@example.com"), {role.id});
    REQUIRE_OK(invites,
               m_owner->invite({QStringLiteral("vic@example.com"), QStringLiteral("wes@example.com")}, {role.id}));
    REQUIRE_OK(usageBefore, m_owner->roleUsage(role.id));
    QCOMPARE(usageBefore.members, 1);
    QCOMPARE(usageBefore.pendingInvites, 2);
    REQUIRE_OK(usage, m_owner->deleteRole(role.id));
    QCOMPARE(usage.members, 1);
    QCOMPARE(usage.pendingInvites, 2);
    REQUIRE_OK(snapshot, m_owner->loadAccount());
    for (const auto& m : snapshot.members)
        QVERIFY(!m.roleIds.contains(role.id));
    for (const auto& invite : snapshot.pendingInvites)
        QVERIFY(!invite.roleIds.contains(role.id));
    QCOMPARE(snapshot.pendingInvites.size(), 2);
    REQUIRE_ERROR(m_owner->roleDetails(role.id), ErrorCode::NotFound);
}

void StoreContract::effectivePermissionsAreTheUnionOfRoles()
{
    REQUIRE_OK(a, m_owner->createRole({QStringLiteral("Readers"), {}, {QStringLiteral("read:users")}}));
    REQUIRE_OK(b, m_owner->createRole({QStringLiteral("Inviters"), {}, {QStringLiteral("write:invites")}}));
    QVERIFY(!addMember(QStringLiteral("xia@example.com"), {a.id, b.id}).isEmpty());
    auto store = m_fixture->storeFor(QStringLiteral("xia@example.com"));
    QVERIFY(store);
    REQUIRE_OK(snapshot, store->loadAccount());
    QCOMPARE(snapshot.actorPermissions,
             (PermissionSet{QStringLiteral("read:profile"), QStringLiteral("read:users"),
                            QStringLiteral("read:invites"), QStringLiteral("write:invites")}));
    QVERIFY(snapshot.membersVisible);
    QVERIFY(snapshot.invitesVisible);
    QVERIFY(!snapshot.rolesVisible);
}

void StoreContract::actorWithoutPermissionIsRefused_data()
{
    QTest::addColumn<QString>("operation");
    for (const char* operation : {"invite", "revoke", "roles", "remove", "create-role", "update-role", "delete-role",
                                  "duplicate-role", "list-roles", "find-member", "list-invites", "audit"})
        QTest::newRow(operation) << QString::fromLatin1(operation);
}

void StoreContract::actorWithoutPermissionIsRefused()
{
    QFETCH(QString, operation);
    if (operation == QLatin1String("audit") && !m_fixture->hasAuditLog())
        QSKIP("this backend keeps no audit log (the Qdrant Cloud API has none)");
    REQUIRE_OK(role, m_owner->createRole({QStringLiteral("Spare role"), {}, {QStringLiteral("read:clusters")}}));
    const QString target = addMember(QStringLiteral("target@example.com"));
    QVERIFY(!addMember(QStringLiteral("base@example.com")).isEmpty());
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("pending@example.com")}, {}));
    auto base = m_fixture->storeFor(QStringLiteral("base@example.com"));
    QVERIFY(base);
    const QString before = m_fixture->dump();
    Error error;
    if (operation == QLatin1String("invite"))
        error = awaitFuture(base->invite({QStringLiteral("new@example.com")}, {})).error();
    else if (operation == QLatin1String("revoke"))
        error = awaitFuture(base->revokeInvite(invites.sent.first().id)).error();
    else if (operation == QLatin1String("roles"))
        error = awaitFuture(base->updateMemberRoles(target, {role.id}, {})).error();
    else if (operation == QLatin1String("remove"))
        error = awaitFuture(base->removeMember(target)).error();
    else if (operation == QLatin1String("create-role"))
        error =
            awaitFuture(base->createRole({QStringLiteral("Sneaky role"), {}, {QStringLiteral("read:users")}})).error();
    else if (operation == QLatin1String("update-role"))
        error =
            awaitFuture(base->updateRole(role.id, {QStringLiteral("Sneaky role"), {}, {QStringLiteral("read:users")}}))
                .error();
    else if (operation == QLatin1String("delete-role"))
        error = awaitFuture(base->deleteRole(role.id)).error();
    else if (operation == QLatin1String("duplicate-role"))
        error = awaitFuture(base->duplicateRole(role.id, {})).error();
    else if (operation == QLatin1String("list-roles"))
        error = awaitFuture(base->listRoles()).error();
    else if (operation == QLatin1String("find-member"))
        error = awaitFuture(base->findMember(QStringLiteral("target@example.com"))).error();
    else if (operation == QLatin1String("list-invites"))
        error = awaitFuture(base->listInvites(std::nullopt)).error();
    else if (operation == QLatin1String("audit"))
        error = awaitFuture(base->auditLog(AuditQuery::newest(10))).error();
    QCOMPARE(int(error.code), int(ErrorCode::PermissionDenied));
    QVERIFY2(error.message.contains(QLatin1Char(':')), qPrintable(error.message)); // names the permission
    QCOMPARE(m_fixture->dump(), before);
    REQUIRE_OK(snapshot, base->loadAccount());
    QVERIFY(!snapshot.membersVisible);
    QVERIFY(snapshot.members.isEmpty());
    QCOMPARE(snapshot.actorPermissions, PermissionSet{QStringLiteral("read:profile")});
}

void StoreContract::actorWithPermissionIsAllowed()
{
    REQUIRE_OK(
        role,
        m_owner->createRole(
            {QStringLiteral("Gatekeepers"), {}, {QStringLiteral("write:invites"), QStringLiteral("delete:invites")}}));
    QVERIFY(!addMember(QStringLiteral("gate@example.com"), {role.id}).isEmpty());
    auto gate = m_fixture->storeFor(QStringLiteral("gate@example.com"));
    QVERIFY(gate);
    REQUIRE_OK(invites, gate->invite({QStringLiteral("guest@example.com")}, {}));
    QCOMPARE(invites.sent.first().invitedBy, QStringLiteral("gate@example.com"));
    REQUIRE_OK(revoked, gate->revokeInvite(invites.sent.first().id));
    REQUIRE_ERROR(gate->removeMember(QStringLiteral("owner@example.com")), ErrorCode::PermissionDenied);
}

void StoreContract::auditLogRecordsMutations()
{
    if (!m_fixture->hasAuditLog())
        QSKIP("this backend keeps no audit log (the Qdrant Cloud API has none)");
    REQUIRE_OK(invites, m_owner->invite({QStringLiteral("yan@example.com")}, {}));
    REQUIRE_OK(revoked, m_owner->revokeInvite(invites.sent.first().id));
    REQUIRE_OK(events, m_owner->auditLog(AuditQuery::newest(10)));
    QVERIFY(events.size() >= 3);
    QCOMPARE(events.at(0).action, QStringLiteral("invite.revoke"));
    QCOMPARE(events.at(0).target, QStringLiteral("yan@example.com"));
    QCOMPARE(events.at(0).actor, StoreFixture::OwnerEmail);
    QCOMPARE(events.at(1).action, QStringLiteral("invite.create"));
    QCOMPARE(events.at(0).at.timeSpec(), Qt::UTC);
    // A refusal writes no audit event.
    REQUIRE_ERROR(m_owner->revokeInvite(invites.sent.first().id), ErrorCode::Refused);
    REQUIRE_OK(after, m_owner->auditLog(AuditQuery::newest(10)));
    QCOMPARE(after.size(), events.size());
}

// One AuditQuery, the same answers from the SQL stores' log and from the cloud store's journal: the limit, who
// acted (in any case), the action (exact or a prefix), the target and the search.
void StoreContract::auditQueriesFilterAlike()
{
    // A second between the changes, so that "newest" has one answer (events of one millisecond go by id).
    const QDateTime start = QDateTime::currentDateTimeUtc();
    const auto restoreClock = qScopeGuard([] { Clock::setNowForTesting({}); });
    Clock::setNowForTesting(start);
    REQUIRE_OK(ulla, m_owner->invite({QStringLiteral("ulla@example.com")}, {}));
    Clock::setNowForTesting(start.addSecs(1));
    REQUIRE_OK(vic, m_owner->invite({QStringLiteral("vic@example.com")}, {}));
    Clock::setNowForTesting(start.addSecs(2));
    REQUIRE_OK(revoked, m_owner->revokeInvite(vic.sent.first().id));
    const auto query = [this](const std::function<void(AuditQuery&)>& set) {
        AuditQuery filter;
        set(filter);
        return awaitFuture(m_owner->auditLog(filter));
    };
    const auto targets = [](const QList<AuditEvent>& events) {
        QStringList result;
        for (const auto& event : events)
            result.append(event.action + QLatin1Char(' ') + event.target);
        return result;
    };
    REQUIRE_OK(newest, m_owner->auditLog(AuditQuery::newest(2)));
    QCOMPARE(targets(newest),
             (QStringList{QStringLiteral("invite.revoke vic@example.com"),
                          QStringLiteral("invite.create vic@example.com")}));

    const auto byOwner = query([](AuditQuery& q) { q.actor = StoreFixture::OwnerEmail.toUpper(); });
    QVERIFY(byOwner.ok());
    QVERIFY(byOwner.value().size() >= 3);
    for (const auto& event : byOwner.value())
        QCOMPARE(event.actor.toLower(), StoreFixture::OwnerEmail.toLower());
    const auto byNobody = query([](AuditQuery& q) { q.actor = QStringLiteral("nobody@example.com"); });
    QVERIFY(byNobody.ok());
    QCOMPARE(byNobody.value().size(), 0);

    const auto creates = query([](AuditQuery& q) { q.action = QStringLiteral("invite.create"); });
    QVERIFY(creates.ok());
    QVERIFY(targets(creates.value()).contains(QStringLiteral("invite.create ulla@example.com")));
    for (const auto& event : creates.value())
        QCOMPARE(event.action, QStringLiteral("invite.create"));
    const auto invitations = query([](AuditQuery& q) { q.action = QStringLiteral("invite."); });
    QVERIFY(invitations.ok());
    QVERIFY(targets(invitations.value()).contains(QStringLiteral("invite.revoke vic@example.com")));
    QCOMPARE(invitations.value().size(), creates.value().size() + 1);

    const auto aboutUlla = query([](AuditQuery& q) { q.target = QStringLiteral("ULLA@"); });
    QVERIFY(aboutUlla.ok());
    QCOMPARE(targets(aboutUlla.value()), QStringList{QStringLiteral("invite.create ulla@example.com")});
    const auto searched = query([](AuditQuery& q) {
        q.search = QStringLiteral("vic@");
        q.limit = 1;
    });
    QVERIFY(searched.ok());
    QCOMPARE(targets(searched.value()), QStringList{QStringLiteral("invite.revoke vic@example.com")});
}

void StoreContract::unknownIdsAreNotFound()
{
    const QString before = m_fixture->dump();
    const QString unknown = QStringLiteral("00000000-0000-4000-8000-000000000000");
    REQUIRE_ERROR(m_owner->revokeInvite(unknown), ErrorCode::NotFound);
    REQUIRE_ERROR(m_owner->acceptInvite(unknown), ErrorCode::NotFound);
    REQUIRE_ERROR(m_owner->removeMember(unknown), ErrorCode::NotFound);
    REQUIRE_ERROR(m_owner->updateMemberRoles(unknown, {QStringLiteral("Admin")}, {}), ErrorCode::NotFound);
    REQUIRE_ERROR(m_owner->deleteRole(unknown), ErrorCode::NotFound);
    REQUIRE_ERROR(m_owner->roleDetails(QStringLiteral("x' OR '1'='1")), ErrorCode::NotFound);
    REQUIRE_ERROR(m_owner->findMember(QStringLiteral("x' OR '1'='1")), ErrorCode::NotFound);
    QCOMPARE(m_fixture->dump(), before);
}

int runStoreContract(StoreFixture* fixture, int argc, char** argv)
{
    StoreContract suite(fixture);
    return QTest::qExec(&suite, argc, argv);
}
