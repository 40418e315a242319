// Every rule of RULES.md at the rules-module level: one accepted case and one refused case each.
#include "accessrules.h"

#include <QtTest>

namespace {

Role makeRole(const QString& id, SystemRole system = SystemRole::None)
{
    Role role;
    role.id = id;
    role.name = id;
    role.system = system;
    return role;
}

const Role base = makeRole(QStringLiteral("base"), SystemRole::Base);
const Role admin = makeRole(QStringLiteral("admin"), SystemRole::Admin);
const Role owner = makeRole(QStringLiteral("owner"), SystemRole::Owner);
const Role ops = makeRole(QStringLiteral("ops"));

Role customRole(const QString& id, const QStringList& permissions)
{
    Role role = makeRole(id);
    role.permissions = permissions;
    return role;
}

PermissionSet everything()
{
    return AccessRules::systemRolePermissions(SystemRole::Owner, PermissionCatalogue::builtIn());
}

// Who acts: `id` among members whose Owner is "owner-id", holding `permissions`.
ActorContext actorWith(const PermissionSet& permissions, const QString& id = QStringLiteral("actor"))
{
    ActorContext actor;
    actor.actorId = id;
    actor.actorEmail = id + QLatin1String("@example.com");
    actor.permissions = permissions;
    actor.ownerId = QStringLiteral("owner-id");
    return actor;
}

ActorContext managementKey()
{
    ActorContext actor;
    actor.permissions = everything();
    actor.backend.signedInUser = false;
    actor.ownerId = QStringLiteral("owner-id");
    return actor;
}

Member memberWith(const QStringList& roleIds, const QString& id = QStringLiteral("m1"))
{
    Member member;
    member.id = id;
    member.email = QStringLiteral("ana@example.com");
    member.roleIds = roleIds;
    return member;
}

} // namespace

class TestAccessRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void catalogueIsBundled()
    {
        const auto& catalogue = PermissionCatalogue::builtIn();
        QCOMPARE(catalogue.permissions().size(), 32); // the rows of resources/permissions.tsv
        QVERIFY(catalogue.contains(QStringLiteral("write:invites")));
        QCOMPARE(catalogue.find(QStringLiteral("read:profile"))->category, QStringLiteral("Profile"));
        QCOMPARE(catalogue.categories().first(), QStringLiteral("Identity and Access Management"));
    }

    void systemRolePermissions()
    {
        const auto& catalogue = PermissionCatalogue::builtIn();
        QCOMPARE(AccessRules::systemRolePermissions(SystemRole::Base, catalogue),
                 PermissionSet{QStringLiteral("read:profile")});
        const auto adminPermissions = AccessRules::systemRolePermissions(SystemRole::Admin, catalogue);
        QVERIFY(!adminPermissions.contains(QStringLiteral("write:account")));
        QCOMPARE(adminPermissions.size(), catalogue.permissions().size() - 1);
        QCOMPARE(AccessRules::systemRolePermissions(SystemRole::Owner, catalogue).size(),
                 catalogue.permissions().size());
    }

    void email_data()
    {
        QTest::addColumn<QString>("email");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("ana@example.com") << true;
        QTest::newRow("plus and subdomain") << QStringLiteral("ana+ops@mail.example.co.uk") << true;
        QTest::newRow("254 characters") << (QString(242, QLatin1Char('a')) + QStringLiteral("@example.com")) << true;
        QTest::newRow("255 characters") << (QString(243, QLatin1Char('a')) + QStringLiteral("@example.com")) << false;
        QTest::newRow("no at") << QStringLiteral("ana.example.com") << false;
        QTest::newRow("no dot in domain") << QStringLiteral("ana@example") << false;
        QTest::newRow("trailing dot") << QStringLiteral("ana@example.") << false;
        QTest::newRow("double dot") << QStringLiteral("ana@example..com") << false;
        QTest::newRow("two ats") << QStringLiteral("ana@b@example.com") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("newline") << QStringLiteral("ana@example.com\n") << false;
    }

    void email()
    {
        QFETCH(QString, email);
        QFETCH(bool, valid);
        const Verdict verdict = AccessRules::checkEmail(email);
        QCOMPARE(verdict.isAllowed(), valid);
        if (!valid) {
            QCOMPARE(int(verdict.error().code), int(ErrorCode::Refused));
            QVERIFY(!verdict.reason().isEmpty());
        }
    }

    // One key per address, whatever its case and surrounding blanks; a plain address is its own key, shared rather
    // than copied (the fast path a 100,000-member load takes).
    void emailKeysFoldCaseAndTrim()
    {
        const QString plain = QString::fromLatin1("ana.lopez@example.com"); // allocated: a literal shares nothing
        QCOMPARE(emailKey(plain), plain);
        QVERIFY(emailKey(plain).isSharedWith(plain));
        QCOMPARE(emailKey(QStringLiteral("Ana.Lopez@Example.COM")), plain);
        QCOMPARE(emailKey(QStringLiteral("ZANA@X.IO")), QStringLiteral("zana@x.io"));
        QCOMPARE(emailKey(QStringLiteral("  ana.lopez@example.com\t")), plain);
        QCOMPARE(emailKey(QStringLiteral(" ana.lopez@example.com ")), plain);
        QCOMPARE(emailKey(QStringLiteral("Zo\u00cb@Example.com")), QStringLiteral("zo\u00eb@example.com"));
        QCOMPARE(emailKey(QStringLiteral("\u00c5sa@example.com")), QStringLiteral("\u00e5sa@example.com"));
        QCOMPARE(emailKey(QStringLiteral("@")), QStringLiteral("@"));
        QCOMPARE(emailKey(QString()), QString());
    }

    void splitEmails()
    {
        QCOMPARE(AccessRules::splitEmails(QStringLiteral(" a@x.io, b@x.io\nc@x.io  d@x.io;e@x.io ")),
                 (QStringList{QStringLiteral("a@x.io"), QStringLiteral("b@x.io"), QStringLiteral("c@x.io"),
                              QStringLiteral("d@x.io"), QStringLiteral("e@x.io")}));
        QVERIFY(AccessRules::splitEmails(QStringLiteral(" ,\n ")).isEmpty());
    }

    void roleName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("four") << QStringLiteral("Devs") << true;
        QTest::newRow("sixty-four") << QString(64, QLatin1Char('r')) << true;
        QTest::newRow("unicode counted by character") << QStringLiteral("Équipe 🚀") << true;
        QTest::newRow("three") << QStringLiteral("Dev") << false;
        QTest::newRow("three after trimming") << QStringLiteral("  Dev  ") << false;
        QTest::newRow("sixty-five") << QString(65, QLatin1Char('r')) << false;
        QTest::newRow("control character") << QStringLiteral("Dev\u0001ops") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void roleName()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(AccessRules::checkRoleName(name).isAllowed(), valid);
    }

    void roleNameUniqueCaseInsensitively()
    {
        const QStringList taken{QStringLiteral("Operators"), QStringLiteral("Admin")};
        QVERIFY(AccessRules::checkRoleNameFree(QStringLiteral("Auditors"), taken));
        QVERIFY(!AccessRules::checkRoleNameFree(QStringLiteral("OPERATORS"), taken));
        QVERIFY(!AccessRules::checkRoleNameFree(QStringLiteral(" admin "), taken));
    }

    void roleDescription()
    {
        QVERIFY(AccessRules::checkRoleDescription(QString(256, QLatin1Char('d'))));
        QVERIFY(!AccessRules::checkRoleDescription(QString(257, QLatin1Char('d'))));
    }

    void rolePermissions()
    {
        const auto& catalogue = PermissionCatalogue::builtIn();
        QVERIFY(AccessRules::checkRolePermissions({QStringLiteral("read:users")}, catalogue));
        QVERIFY(!AccessRules::checkRolePermissions({}, catalogue));
        const Verdict unknown = AccessRules::checkRolePermissions({QStringLiteral("write:moon")}, catalogue);
        QVERIFY(!unknown);
        QVERIFY(unknown.reason().contains(QStringLiteral("write:moon")));
    }

    void writeImpliesRead()
    {
        const auto& catalogue = PermissionCatalogue::builtIn();
        const auto expanded = AccessRules::withImpliedReads({QStringLiteral("write:clusters")}, catalogue);
        QCOMPARE(expanded, (PermissionSet{QStringLiteral("write:clusters"), QStringLiteral("read:clusters")}));
        // delete:X implies nothing, and a read alone stays alone.
        QCOMPARE(AccessRules::withImpliedReads({QStringLiteral("delete:users")}, catalogue),
                 PermissionSet{QStringLiteral("delete:users")});
        QCOMPARE(AccessRules::lockingWrite(QStringLiteral("read:clusters"), expanded, catalogue),
                 QStringLiteral("write:clusters"));
        QVERIFY(AccessRules::lockingWrite(QStringLiteral("read:clusters"), {QStringLiteral("read:clusters")}, catalogue)
                    .isEmpty());
    }

    void systemRolesImmutable()
    {
        QVERIFY(AccessRules::checkRoleMutable(ops));
        for (const auto& role : {base, admin, owner}) {
            const Verdict verdict = AccessRules::checkRoleMutable(role);
            QVERIFY(!verdict);
            QCOMPARE(int(verdict.error().code), int(ErrorCode::Refused));
        }
    }

    void duplicateNameProposal()
    {
        QCOMPARE(AccessRules::duplicateNameProposal(QStringLiteral("Ops team")), QStringLiteral("Ops team copy"));
        QCOMPARE(AccessRules::duplicateNameProposal(QString(64, QLatin1Char('x'))).size(), 64);
    }

    void inviteBatch()
    {
        QVERIFY(AccessRules::checkInviteBatch({QStringLiteral("a@x.io"), QStringLiteral("b@x.io")}));
        QVERIFY(!AccessRules::checkInviteBatch({}));
        const Verdict twice = AccessRules::checkInviteBatch({QStringLiteral("a@x.io"), QStringLiteral("A@X.io")});
        QVERIFY(twice.reason().contains(QStringLiteral("more than once")));
        const Verdict bad =
            AccessRules::checkInviteBatch({QStringLiteral("one"), QStringLiteral("a@x.io"), QStringLiteral("two@")});
        QVERIFY(bad.reason().contains(QStringLiteral("\"one\"")));
        QVERIFY(bad.reason().contains(QStringLiteral("\"two@\"")));
    }

    void inviteRoles()
    {
        const ActorContext admin =
            actorWith(AccessRules::systemRolePermissions(SystemRole::Admin, PermissionCatalogue::builtIn()));
        QVERIFY(AccessRules::canInviteWithRoles(admin, {::admin, ops}));
        QCOMPARE(AccessRules::canInviteWithRoles(admin, {ops, owner}).reason(),
                 QStringLiteral("The Owner role cannot be granted by an invitation."));
        QCOMPARE(AccessRules::storedInviteRoles({base, ops, ops, ::admin}),
                 (QStringList{QStringLiteral("ops"), QStringLiteral("admin")}));
    }

    void invitee()
    {
        QVERIFY(AccessRules::checkInvitee(QStringLiteral("ana@example.com"), false, false));
        QVERIFY(!AccessRules::checkInvitee(QStringLiteral("ana@example.com"), true, false));
        QVERIFY(!AccessRules::checkInvitee(QStringLiteral("ana@example.com"), false, true));
        QVERIFY(!AccessRules::checkInvitee(QStringLiteral("ana"), false, false));
    }

    void inviteTransitions_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("pending") << int(InviteStatus::Pending) << true;
        QTest::newRow("accepted") << int(InviteStatus::Accepted) << false;
        QTest::newRow("rejected") << int(InviteStatus::Rejected) << false;
        QTest::newRow("canceled") << int(InviteStatus::Canceled) << false;
    }

    void inviteTransitions()
    {
        QFETCH(int, from);
        QFETCH(bool, allowed);
        Invite invite;
        invite.email = QStringLiteral("ana@example.com");
        invite.status = InviteStatus(from);
        for (auto target : {InviteStatus::Canceled, InviteStatus::Accepted, InviteStatus::Rejected})
            QCOMPARE(AccessRules::checkInviteTransition(invite, target).isAllowed(), allowed);
    }

    void removeMember()
    {
        const ActorContext actor = actorWith(everything());
        const Member target = memberWith({QStringLiteral("base")}, QStringLiteral("target"));
        QVERIFY(AccessRules::canRemoveMember(actor, target));
        const Verdict owner = AccessRules::canRemoveMember(actor, memberWith({}, QStringLiteral("owner-id")));
        QVERIFY(!owner);
        QCOMPARE(int(owner.error().code), int(ErrorCode::Refused));
        QCOMPARE(owner.reason(), QStringLiteral("The Owner cannot be removed."));
        const Verdict self = AccessRules::canRemoveMember(actor, memberWith({}, QStringLiteral("actor")));
        QCOMPARE(self.reason(), QStringLiteral("You cannot remove yourself."));
        Invite pending;
        pending.email = QStringLiteral("ana@example.com");
        QCOMPARE(AccessRules::canRemoveMember(actor, pending).reason(),
                 QStringLiteral("ana@example.com has not joined yet: revoke the invitation instead of removing the "
                                "user."));
    }

    // The fixed order: what the backend can do, then the permission, then the state rule.
    void refusalsComeInOneOrder()
    {
        const Member ownerMember = memberWith({}, QStringLiteral("owner-id"));
        const Verdict byKey = AccessRules::canRemoveMember(managementKey(), ownerMember);
        QCOMPARE(byKey.reason(),
                 QStringLiteral("Members can be removed only by a signed-in user, not with a management key."));
        const Verdict withoutPermission =
            AccessRules::canRemoveMember(actorWith({QStringLiteral("read:profile")}), ownerMember);
        QCOMPARE(withoutPermission.reason(),
                 QStringLiteral("You need the delete:users permission to remove users from the account."));
        QCOMPARE(AccessRules::canRemoveMember(actorWith(everything()), ownerMember).reason(),
                 QStringLiteral("The Owner cannot be removed."));
        QCOMPARE(AccessRules::canInvite(managementKey()).reason(),
                 QStringLiteral("Invitations can be sent only by a signed-in user, not with a management key."));
        // A management key may do what only needs a permission.
        Invite pending;
        pending.email = QStringLiteral("ana@example.com");
        QVERIFY(AccessRules::canRevoke(managementKey(), pending));
        QVERIFY(AccessRules::canDeleteRole(managementKey(), ops));
    }

    void onlyTheInviteeAnswers()
    {
        Invite invite;
        invite.email = QStringLiteral("Ana@Example.com");
        ActorContext ana;
        ana.actorEmail = QStringLiteral("ana@example.com"); // not a member yet: no id, no permission
        QVERIFY(AccessRules::canAccept(ana, invite));
        QVERIFY(AccessRules::canReject(ana, invite));
        const Verdict owner = AccessRules::canAccept(actorWith(everything(), QStringLiteral("owner-id")), invite);
        QCOMPARE(int(owner.error().code), int(ErrorCode::PermissionDenied));
        QCOMPARE(owner.reason(), QStringLiteral("Only Ana@Example.com can accept this invitation."));
        QCOMPARE(AccessRules::canReject(managementKey(), invite).reason(),
                 QStringLiteral("Only Ana@Example.com can decline this invitation."));
        invite.status = InviteStatus::Canceled;
        QVERIFY(!AccessRules::canAccept(ana, invite));
    }

    // RULES.md: an expired invitation cannot be accepted, and can still be revoked or resent; the lifetime is the
    // Owner's to change (write:account), from 1 to 365 days, and only where invitations expire.
    void expiredInvitations()
    {
        const QDateTime now(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC);
        Clock::setNowForTesting(now);
        Invite invite;
        invite.email = QStringLiteral("ana@example.com");
        invite.expiresAt = now.addSecs(1);
        ActorContext ana;
        ana.actorEmail = QStringLiteral("ana@example.com");
        QVERIFY(!isExpired(invite, now));
        QVERIFY(AccessRules::canAccept(ana, invite));
        invite.expiresAt = now;
        QVERIFY(isExpired(invite, now));
        const Verdict late = AccessRules::canAccept(ana, invite);
        Clock::setNowForTesting({});
        QCOMPARE(int(late.error().code), int(ErrorCode::Refused));
        QVERIFY2(late.reason().contains(QStringLiteral("expired")), qPrintable(late.reason()));
        QVERIFY(AccessRules::canRevoke(actorWith(everything()), invite));
        QVERIFY(AccessRules::canResend(actorWith(everything()), invite));
        // Resending on a backend that cannot renew revokes first: it needs delete:invites too.
        ActorContext inviter = actorWith({QStringLiteral("write:invites"), QStringLiteral("read:invites")});
        inviter.backend.renewsInvites = true;
        QVERIFY(AccessRules::canResend(inviter, invite));
        inviter.backend.renewsInvites = false;
        const Verdict noRevoke = AccessRules::canResend(inviter, invite);
        QCOMPARE(int(noRevoke.error().code), int(ErrorCode::PermissionDenied));
        QVERIFY2(noRevoke.reason().contains(QStringLiteral("delete:invites")), qPrintable(noRevoke.reason()));
        inviter.permissions.insert(QStringLiteral("delete:invites"));
        QVERIFY(AccessRules::canResend(inviter, invite));
        invite.expiresAt = QDateTime(); // the cloud: never expires
        QVERIFY(!isExpired(invite, now.addYears(5)));

        QVERIFY(AccessRules::canSetInviteLifetime(actorWith(everything()), 1));
        QVERIFY(AccessRules::canSetInviteLifetime(actorWith(everything()), Account::MaxInviteLifetimeDays));
        QCOMPARE(int(AccessRules::canSetInviteLifetime(actorWith(everything()), 0).error().code),
                 int(ErrorCode::Refused));
        QCOMPARE(int(AccessRules::canSetInviteLifetime(actorWith(everything()), 366).error().code),
                 int(ErrorCode::Refused));
        PermissionSet admin = everything();
        admin.remove(QStringLiteral("write:account"));
        QCOMPARE(int(AccessRules::canSetInviteLifetime(actorWith(admin), 3).error().code),
                 int(ErrorCode::PermissionDenied));
        ActorContext cloud = actorWith(everything());
        cloud.backend.invitesExpire = false;
        const Verdict noExpiry = AccessRules::canSetInviteLifetime(cloud, 3);
        QVERIFY2(noExpiry.reason().contains(QStringLiteral("do not expire")), qPrintable(noExpiry.reason()));
    }

    void noEscalation()
    {
        // An admin holds everything but write:account, which only the Owner holds.
        const PermissionSet adminHolds =
            AccessRules::systemRolePermissions(SystemRole::Admin, PermissionCatalogue::builtIn());
        const ActorContext admin = actorWith(adminHolds);
        // The Owner, even should their stored roles lack a permission (one the catalogue gained later, say).
        const ActorContext theOwner =
            actorWith({QStringLiteral("read:profile"), QStringLiteral("write:roles")}, QStringLiteral("owner-id"));
        const RoleDraft escalating{QStringLiteral("Account keepers"), {}, {QStringLiteral("write:account")}};
        const Verdict create = AccessRules::canCreateRole(admin, escalating, {});
        QCOMPARE(int(create.error().code), int(ErrorCode::PermissionDenied));
        QCOMPARE(create.reason(),
                 QStringLiteral("A role can carry only permissions you hold yourself; you lack write:account."));
        // The Owner holds every permission, whatever their stored roles say.
        QVERIFY(AccessRules::canCreateRole(theOwner, escalating, {}));
        QVERIFY(AccessRules::canCreateRole(admin, {QStringLiteral("Readers"), {}, {QStringLiteral("read:users")}}, {}));

        // Granting a role: only one whose permissions the actor holds.
        const ActorContext rolesOnly = actorWith({QStringLiteral("read:profile"), QStringLiteral("write:roles")});
        const Role adminRole = customRole(QStringLiteral("Admin"), adminHolds.values());
        const auto selfPromotion =
            AccessRules::planRoleChange(rolesOnly, memberWith({}, QStringLiteral("actor")), {adminRole}, {});
        QVERIFY(!selfPromotion);
        QVERIFY(
            selfPromotion.error().message.startsWith(QStringLiteral("You cannot grant the Admin role: it carries ")));
        QVERIFY(selfPromotion.error().message.contains(QStringLiteral("delete:users")));
        const Role harmless = customRole(QStringLiteral("Roles"), {QStringLiteral("write:roles")});
        QVERIFY(AccessRules::planRoleChange(rolesOnly, memberWith({}), {harmless}, {}));
        QVERIFY(!AccessRules::canInviteWithRoles(actorWith({QStringLiteral("write:invites")}), {harmless}));
        QVERIFY(AccessRules::canInviteWithRoles(
            actorWith({QStringLiteral("write:invites"), QStringLiteral("write:roles")}), {harmless}));
        // Editing and duplicating carry the same limit.
        const Role accountRole = customRole(QStringLiteral("Keepers"), {QStringLiteral("write:account")});
        QVERIFY(!AccessRules::canDuplicateRole(admin, accountRole));
        QVERIFY(AccessRules::canDuplicateRole(theOwner, accountRole));
        QVERIFY(!AccessRules::canUpdateRole(admin, ops, escalating, {}));

        // One box at a time, as the permission trees ask: write:X is judged with the read:X it brings.
        QVERIFY(AccessRules::canGrantPermission(admin, QStringLiteral("write:invites")));
        QVERIFY(AccessRules::canGrantPermission(theOwner, QStringLiteral("write:account")));
        const ActorContext writesOnly = actorWith({QStringLiteral("read:profile"), QStringLiteral("write:roles")});
        QVERIFY(AccessRules::canGrantPermission(writesOnly, QStringLiteral("read:profile")));
        const Verdict box = AccessRules::canGrantPermission(writesOnly, QStringLiteral("write:roles"));
        QCOMPARE(int(box.error().code), int(ErrorCode::PermissionDenied));
        QCOMPARE(box.reason(),
                 QStringLiteral("A role can carry only permissions you hold yourself; you lack read:roles."));
    }

    void planRoleChange()
    {
        const ActorContext actor = actorWith(everything());
        const Member member = memberWith({QStringLiteral("base"), QStringLiteral("admin")});
        const auto change = AccessRules::planRoleChange(actor, member, {ops, admin}, {admin});
        QVERIFY(change.ok());
        QCOMPARE(change.value().add, QStringList{QStringLiteral("ops")});
        QCOMPARE(change.value().remove, QStringList{QStringLiteral("admin")}); // in both lists: ends removed
        const auto noop = AccessRules::planRoleChange(actor, member, {admin}, {});
        QVERIFY(noop.ok());
        QVERIFY(noop.value().isEmpty()); // already held
        QVERIFY(!AccessRules::planRoleChange(actor, member, {}, {}).ok());
        QCOMPARE(AccessRules::planRoleChange(actor, member, {}, {base}).error().message,
                 QStringLiteral("Every member has the Base role; it cannot be removed."));
        QVERIFY(!AccessRules::planRoleChange(actor, member, {owner}, {}).ok());
        QVERIFY(!AccessRules::planRoleChange(actor, member, {}, {owner}).ok());
        QVERIFY(!AccessRules::planRoleChange(actorWith({QStringLiteral("read:profile")}), member, {ops}, {}).ok());
        Invite pending;
        pending.email = QStringLiteral("ana@example.com");
        QCOMPARE(AccessRules::canChangeRoles(actor, pending).reason(),
                 QStringLiteral("ana@example.com has not joined yet; the roles of a pending invitation cannot be "
                                "changed."));
    }

    void permissionTable_data()
    {
        QTest::addColumn<int>("action");
        QTest::addColumn<QString>("permission");
        QTest::newRow("see members") << int(AccountAction::SeeMembers) << QStringLiteral("read:users");
        QTest::newRow("see invites") << int(AccountAction::SeeInvites) << QStringLiteral("read:invites");
        QTest::newRow("see roles") << int(AccountAction::SeeRoles) << QStringLiteral("read:roles");
        QTest::newRow("invite") << int(AccountAction::Invite) << QStringLiteral("write:invites");
        QTest::newRow("revoke") << int(AccountAction::RevokeInvite) << QStringLiteral("delete:invites");
        QTest::newRow("change roles") << int(AccountAction::ChangeMemberRoles) << QStringLiteral("write:roles");
        QTest::newRow("remove member") << int(AccountAction::RemoveMember) << QStringLiteral("delete:users");
        QTest::newRow("edit role") << int(AccountAction::EditRole) << QStringLiteral("write:roles");
        QTest::newRow("delete role") << int(AccountAction::DeleteRole) << QStringLiteral("delete:roles");
    }

    void permissionTable()
    {
        QFETCH(int, action);
        QFETCH(QString, permission);
        const auto which = AccountAction(action);
        QCOMPARE(AccessRules::requiredPermission(which), permission);
        QVERIFY(AccessRules::checkPermission({permission}, which));
        const Verdict refused = AccessRules::checkPermission({QStringLiteral("read:profile")}, which);
        QVERIFY(!refused);
        QCOMPARE(int(refused.error().code), int(ErrorCode::PermissionDenied));
        QVERIFY(refused.reason().contains(permission));
    }

    void decisionsForTheUi()
    {
        const ActorContext all = actorWith(everything());
        const ActorContext none = actorWith({QStringLiteral("read:profile")});
        Invite pending;
        pending.email = QStringLiteral("ana@example.com");
        QVERIFY(AccessRules::canRevoke(all, pending));
        QVERIFY(!AccessRules::canRevoke(none, pending));
        pending.status = InviteStatus::Accepted;
        QVERIFY(!AccessRules::canRevoke(all, pending));
        const Member target = memberWith({QStringLiteral("base")}, QStringLiteral("t"));
        QVERIFY(AccessRules::canRemoveMember(all, target));
        QVERIFY(AccessRules::canRemoveMember(none, target).reason().contains(QStringLiteral("delete:users")));
        QVERIFY(AccessRules::canEditRole(all, ops));
        QVERIFY(!AccessRules::canEditRole(all, admin));
        QVERIFY(!AccessRules::canEditRole(none, ops));
        QVERIFY(AccessRules::canDeleteRole(all, ops));
        QVERIFY(!AccessRules::canDeleteRole(none, ops));
        const Member holder = memberWith({QStringLiteral("base"), QStringLiteral("ops")});
        QVERIFY(AccessRules::canUnassignRole(all, holder, ops));
        QVERIFY(!AccessRules::canUnassignRole(all, holder, base));
        QVERIFY(!AccessRules::canUnassignRole(all, holder, owner));
        QVERIFY(!AccessRules::canUnassignRole(none, holder, ops));
        QVERIFY(AccessRules::canInvite(all));
        QVERIFY(!AccessRules::canInvite(none));
        QVERIFY(AccessRules::canChangeRoles(all, target));
        QVERIFY(!AccessRules::canChangeRoles(none, target));
        QVERIFY(AccessRules::canCreateRole(all));
        QVERIFY(!AccessRules::canCreateRole(none));
    }

    void holdsRoleImpliesBase()
    {
        QVERIFY(holdsRole({}, base)); // a pending invitation stores no Base, and holds it all the same
        QVERIFY(holdsRole({QStringLiteral("ops")}, ops));
        QVERIFY(!holdsRole({QStringLiteral("ops")}, admin));
        QVERIFY(!holdsRole({}, ops));
    }
};

QTEST_APPLESS_MAIN(TestAccessRules)
#include "tst_accessrules.moc"
