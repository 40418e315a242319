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
        QVERIFY(AccessRules::checkInviteRoles({admin, ops}));
        QVERIFY(!AccessRules::checkInviteRoles({ops, owner}));
        QCOMPARE(AccessRules::storedInviteRoles({base, ops, ops, admin}),
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
        const Member target = memberWith({QStringLiteral("base")}, QStringLiteral("target"));
        QVERIFY(AccessRules::checkRemoveMember(QStringLiteral("actor"), target, false));
        const Verdict owner = AccessRules::checkRemoveMember(QStringLiteral("actor"), target, true);
        QVERIFY(!owner);
        QCOMPARE(owner.reason(), QStringLiteral("The Owner cannot be removed."));
        const Verdict self = AccessRules::checkRemoveMember(QStringLiteral("target"), target, false);
        QCOMPARE(self.reason(), QStringLiteral("You cannot remove yourself."));
        Invite pending;
        pending.email = QStringLiteral("ana@example.com");
        QVERIFY(!AccessRules::checkRemovePendingInvite(pending));
    }

    void planRoleChange()
    {
        const Member member = memberWith({QStringLiteral("base"), QStringLiteral("admin")});
        const auto change = AccessRules::planRoleChange(member, {ops, admin}, {admin});
        QVERIFY(change.ok());
        QCOMPARE(change.value().add, QStringList{QStringLiteral("ops")});
        QCOMPARE(change.value().remove, QStringList{QStringLiteral("admin")}); // in both lists: ends removed
        const auto noop = AccessRules::planRoleChange(member, {admin}, {});
        QVERIFY(noop.ok());
        QVERIFY(noop.value().isEmpty()); // already held
        QVERIFY(!AccessRules::planRoleChange(member, {}, {}).ok());
        QVERIFY(!AccessRules::planRoleChange(member, {}, {base}).ok());
        QVERIFY(!AccessRules::planRoleChange(member, {owner}, {}).ok());
        QVERIFY(!AccessRules::planRoleChange(member, {}, {owner}).ok());
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

    void combinedChecksForTheUi()
    {
        const PermissionSet all = AccessRules::systemRolePermissions(SystemRole::Owner, PermissionCatalogue::builtIn());
        const PermissionSet none{QStringLiteral("read:profile")};
        Invite pending;
        pending.email = QStringLiteral("ana@example.com");
        QVERIFY(AccessRules::canRevoke(all, pending));
        QVERIFY(!AccessRules::canRevoke(none, pending));
        pending.status = InviteStatus::Accepted;
        QVERIFY(!AccessRules::canRevoke(all, pending));
        const Member target = memberWith({QStringLiteral("base")}, QStringLiteral("t"));
        QVERIFY(AccessRules::canRemoveMember(all, QStringLiteral("a"), target, false));
        QVERIFY(AccessRules::canRemoveMember(none, QStringLiteral("a"), target, false)
                    .reason()
                    .contains(QStringLiteral("delete:users")));
        QCOMPARE(AccessRules::canRemoveMember(all, QStringLiteral("a"), target, true).reason(),
                 QStringLiteral("The Owner cannot be removed."));
        QVERIFY(AccessRules::canEditRole(all, ops));
        QVERIFY(!AccessRules::canEditRole(all, admin));
        QVERIFY(!AccessRules::canEditRole(none, ops));
        QVERIFY(AccessRules::canDeleteRole(all, ops));
        QVERIFY(!AccessRules::canDeleteRole(none, ops));
        QVERIFY(AccessRules::canUnassignRole(all, ops));
        QVERIFY(!AccessRules::canUnassignRole(all, base));
        QVERIFY(!AccessRules::canUnassignRole(all, owner));
        QVERIFY(AccessRules::canInvite(all));
        QVERIFY(!AccessRules::canInvite(none));
        QVERIFY(AccessRules::canChangeRoles(all));
        QVERIFY(!AccessRules::canChangeRoles(none));
    }
};

QTEST_APPLESS_MAIN(TestAccessRules)
#include "tst_accessrules.moc"
