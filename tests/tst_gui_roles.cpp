// Role Details driven as an admin would: the Users tab, the Permissions tab, and custom roles.
#include "addmembersdialog.h"
#include "awaitfuture.h"
#include "confirmation.h"
#include "consolefixture.h"
#include "invitedialog.h"
#include "memberchecklistmodel.h"
#include "messagebar.h"
#include "permissionholdersview.h"
#include "permissiontreemodel.h"
#include "roledetailspage.h"
#include "roleeditordialog.h"
#include "roleusersmodel.h"
#include "sqlfixture.h"
#include "testsupport.h"
#include "translations.h"
#include "useractions.h"
#include "userfilterproxymodel.h"
#include "userspanel.h"
#include "usertablemodel.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

class TestGuiRoles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ConsoleFixture::prepareApplication(); }
    void init() { QVERIFY(m_console.seed()); }
    void cleanup() { m_console.close(); }

    void navigationListsRolesAndOpensDetails()
    {
        open();
        QListWidget* nav = window()->navigation();
        QStringList names;
        for (int row = 0; row < nav->count(); ++row)
            names.append(nav->item(row)->text());
        QCOMPARE(names,
                 (QStringList{QStringLiteral("User Management"), QStringLiteral("Roles"), QStringLiteral("Owner"),
                              QStringLiteral("Admin"), QStringLiteral("Base"), QStringLiteral("Custom roles"),
                              QStringLiteral("Add role…"), QStringLiteral("Operators"), QStringLiteral("Viewer"),
                              QStringLiteral("History"), QStringLiteral("Audit log")}));
        openRole(QStringLiteral("Operators"));
        QCOMPARE(page()->findChild<QLabel*>(QStringLiteral("roleTitleLabel"))->text(), QStringLiteral("Operators"));
        QCOMPARE(page()->findChild<QLabel*>(QStringLiteral("roleTypeLabel"))->text(), QStringLiteral("Custom"));
        QCOMPARE(users()->view()->accessibleName(), QStringLiteral("Users in Operators"));
        QCOMPARE(emails(), (QStringList{QStringLiteral("member@example.com"), QStringLiteral("pending@example.com")}));
    }

    // Selecting a permission shows who holds it and through which role; a category row shows the hint.
    void permissionHoldersFollowTheSelection()
    {
        open();
        openRole(QStringLiteral("Operators"));
        auto* tree = page()->findChild<QTreeView*>(QStringLiteral("permissionsTreeView"));
        const QModelIndexList found =
            tree->model()->match(tree->model()->index(0, 0), PermissionTreeModel::PermissionValueRole,
                                 QStringLiteral("write:clusters"), 1, Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(found.size(), 1);
        tree->setCurrentIndex(found.first());
        PermissionHoldersView* holders = page()->permissionHolders();
        QCOMPARE(holders->summary(), QStringLiteral("write:clusters: 3 people through 3 roles"));
        QStringList lines;
        for (int row = 0; row < holders->list()->count(); ++row)
            lines.append(holders->list()->item(row)->text());
        QCOMPARE(lines,
                 (QStringList{QStringLiteral("admin@example.com — through Admin"),
                              QStringLiteral("member@example.com — through Operators"),
                              QStringLiteral("owner@example.com — through Owner")}));
        // Operators given to two more members at once (a bulk change): the holders follow.
        BulkChange grant;
        grant.kind = BulkChange::Kind::ChangeRoles;
        grant.targets = {QStringLiteral("base@example.com"), QStringLiteral("viewer@example.com")};
        grant.addRoleIds = {m_console.roleId(QStringLiteral("Operators"))};
        REQUIRE_OK(granted, session()->applyBulk(grant));
        QCOMPARE(holders->summary(), QStringLiteral("write:clusters: 5 people through 3 roles"));
        tree->setCurrentIndex(found.first().parent()); // the category
        QVERIFY(holders->summary().startsWith(QStringLiteral("Select a permission")));
        QCOMPARE(holders->list()->count(), 0);
    }

    void inviteFromUsersTabCarriesTheRole()
    {
        open();
        openRole(QStringLiteral("Operators"));
        users()->openInviteDialog();
        auto* dialog = ConsoleFixture::waitForDialog<InviteDialog>();
        QVERIFY(dialog);
        QCOMPARE(dialog->selectedRoleIds(), QStringList{m_console.roleId(QStringLiteral("Operators"))});
        QTest::keyClicks(dialog->findChild<QPlainTextEdit*>(QStringLiteral("emailsTextEdit")),
                         QStringLiteral("newop@example.com"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("sendInviteButton")), Qt::LeftButton);
        QTRY_VERIFY(emails().contains(QStringLiteral("newop@example.com")));
        // The invitee accepts through the store; after a reload the tab shows the member with Base plus the role.
        REQUIRE_OK(
            member,
            acceptAsInvitee(m_console.url(), QStringLiteral("newop@example.com"), QStringLiteral("newop@example.com")));
        QSignalSpy reloaded(session(), &AccountSession::reset);
        session()->reload();
        QVERIFY(reloaded.wait(5000));
        openRole(QStringLiteral("Operators"));
        const QModelIndex row = find(QStringLiteral("newop@example.com"));
        QVERIFY(row.isValid());
        QCOMPARE(row.siblingAtColumn(UserTableModel::StatusColumn).data().toString(), QStringLiteral("Active"));
        QCOMPARE(row.siblingAtColumn(UserTableModel::RolesColumn).data().toString(), QStringLiteral("Base, Operators"));
    }

    void baseTabPreselectsNothingExtra()
    {
        open();
        openRole(QStringLiteral("Base"));
        users()->openInviteDialog();
        auto* dialog = ConsoleFixture::waitForDialog<InviteDialog>();
        QVERIFY(dialog);
        QVERIFY(dialog->selectedRoleIds().isEmpty());
        dialog->close();
    }

    void revokeFromUsersTab()
    {
        open();
        openRole(QStringLiteral("Operators"));
        select(QStringLiteral("pending@example.com"));
        QVERIFY(users()->actions()->revokeAction()->isEnabled());
        Confirmation::setNextAnswer(true);
        users()->actions()->revokeAction()->trigger();
        QTRY_VERIFY(!emails().contains(QStringLiteral("pending@example.com")));
        // One state: User Management lost the row as well.
        QCOMPARE(window()->userManagement()->model()->rowOf(QStringLiteral("pending@example.com")), -1);
    }

    // A large change reaches a role's tab a frame after User Management. Meanwhile the tab keeps its last picture
    // and figures: it does not flash an empty table or say "No one has Base yet".
    void roleTabKeepsItsPictureWhileItRefills()
    {
        open();
        QStringList crowd;
        for (int i = 0; i < 1200; ++i)
            crowd.append(QStringLiteral("crowd.%1@example.com").arg(i, 4, 10, QLatin1Char('0')));
        REQUIRE_OK(invited, session()->invite(crowd, {}));
        openRole(QStringLiteral("Base"));
        auto* model = qobject_cast<RoleUsersModel*>(users()->model());
        QVERIFY(model);
        QTRY_COMPARE(model->rowCount(), window()->userManagement()->model()->rowCount());
        auto* count = users()->findChild<QLabel*>(QStringLiteral("countLabel"));
        auto* empty = users()->findChild<QLabel*>(QStringLiteral("emptyStateLabel"));
        QTRY_VERIFY(count->text().startsWith(QStringLiteral("1206 people")));
        const QString before = count->text();

        // What the tab shows at each of its two resets: emptied now, refilled a frame later.
        struct Moment
        {
            bool refilling;
            bool painting;
            QString count;
            bool emptyShown;
        };
        QList<Moment> moments;
        connect(model, &QAbstractItemModel::modelReset, this, [&] {
            moments.append({model->isRefilling(), users()->view()->viewport()->updatesEnabled(), count->text(),
                            empty->isVisible()});
        });
        BulkChange revoke; // every other one: too scattered for row removals, so User Management resets
        revoke.kind = BulkChange::Kind::Revoke;
        for (int i = 0; i < invited.sent.size(); i += 2)
            revoke.targets.append(invited.sent.at(i).id);
        REQUIRE_OK(revoked, session()->applyBulk(revoke));
        QTRY_COMPARE(moments.size(), 2);
        QVERIFY(moments.at(0).refilling);
        QVERIFY(!moments.at(0).painting);
        QVERIFY(!moments.at(1).refilling);
        QVERIFY(moments.at(1).painting);
        QCOMPARE(moments.at(1).count, before); // the count did not drop to nobody in between
        QVERIFY(!moments.at(1).emptyShown);
        QVERIFY(users()->view()->viewport()->updatesEnabled());
        QCOMPARE(model->rowCount(), 606);
        QTRY_VERIFY(count->text().startsWith(QStringLiteral("606 people")));
    }

    void removeRoleFromUser()
    {
        open();
        openRole(QStringLiteral("Operators"));
        select(QStringLiteral("member@example.com"));
        QAction* removeRole = users()->actions()->removeRoleAction();
        QVERIFY(removeRole->isVisible());
        QVERIFY(removeRole->isEnabled());
        Confirmation::setNextAnswer(true);
        removeRole->trigger();
        QCOMPARE(Confirmation::lastQuestion(),
                 QStringLiteral("Remove the Operators role from member@example.com? They keep their other roles and "
                                "stay in the account."));
        QTRY_VERIFY(!emails().contains(QStringLiteral("member@example.com")));
        const auto* um = window()->userManagement()->model();
        const int row = um->rowOf(session()->memberByEmail(QStringLiteral("member@example.com"))->id);
        QCOMPARE(um->rowAt(row).rolesText, QStringLiteral("Base"));
    }

    void removeRoleIsDisabledForBaseAndOwner()
    {
        open();
        openRole(QStringLiteral("Base"));
        select(QStringLiteral("member@example.com"));
        QVERIFY(!users()->actions()->removeRoleAction()->isEnabled());
        QVERIFY(users()->actions()->removeRoleAction()->toolTip().contains(QStringLiteral("Base")));
        openRole(QStringLiteral("Owner"));
        select(QStringLiteral("owner@example.com"));
        QVERIFY(!users()->actions()->removeRoleAction()->isEnabled());
        QVERIFY(!users()->actions()->removeAction()->isEnabled());
    }

    void addExistingMembers()
    {
        open();
        openRole(QStringLiteral("Operators"));
        QTest::mouseClick(page()->findChild<QPushButton*>(QStringLiteral("addExistingMemberButton")), Qt::LeftButton);
        auto* dialog = ConsoleFixture::waitForDialog<AddMembersDialog>();
        QVERIFY(dialog);
        MemberChecklistModel* candidates = dialog->model();
        QCOMPARE(candidates->rowCount(), 4); // everyone but member@
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("memberSearchLineEdit")), QStringLiteral("base"));
        auto* list = dialog->findChild<QListView*>(QStringLiteral("membersListView"));
        QCOMPARE(list->model()->rowCount(), 1);
        list->model()->setData(list->model()->index(0, 0), Qt::Checked, Qt::CheckStateRole);
        for (int row = 0; row < candidates->rowCount(); ++row) {
            if (candidates->index(row).data().toString() == QLatin1String("admin@example.com"))
                candidates->setData(candidates->index(row), Qt::Checked, Qt::CheckStateRole);
        }
        auto* add = dialog->findChild<QPushButton*>(QStringLiteral("addToRoleButton"));
        QCOMPARE(add->text(), QStringLiteral("Add 2 members"));
        QTest::mouseClick(add, Qt::LeftButton);
        QTRY_VERIFY(emails().contains(QStringLiteral("base@example.com")));
        QVERIFY(emails().contains(QStringLiteral("admin@example.com")));
        QTRY_COMPARE(window()->messageBar()->text(), QStringLiteral("Gave Operators to 2 members."));
    }

    void createRoleFromNavigation()
    {
        open();
        window()->addRole();
        auto* dialog = ConsoleFixture::waitForDialog<RoleEditorDialog>();
        QVERIFY(dialog);
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("saveRoleButton"));
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("roleNameLineEdit"));
        QTest::keyClicks(name, QStringLiteral("Ops"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(dialog->findChild<MessageBar*>(QStringLiteral("roleEditorMessageBar"))
                    ->text()
                    .contains(QStringLiteral("too short")));
        QTest::keyClicks(name, QStringLiteral(" desk"));
        QVERIFY(!ok->isEnabled()); // no permission yet
        auto* tree = dialog->findChild<QTreeView*>(QStringLiteral("rolePermissionsTreeView"));
        auto* permissions = qobject_cast<PermissionTreeModel*>(tree->model());
        QVERIFY(permissions->setChecked(QStringLiteral("write:backups"), true));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(!m_console.roleId(QStringLiteral("Ops desk")).isEmpty());
        QTRY_COMPARE(page()->roleId(), m_console.roleId(QStringLiteral("Ops desk")));
        QCOMPARE(page()->permissionsModel()->savedPermissions(),
                 (PermissionSet{QStringLiteral("write:backups"), QStringLiteral("read:backups")}));
        QCOMPARE(window()->navigation()->currentItem()->text(), QStringLiteral("Ops desk"));
    }

    void renameRole()
    {
        open();
        openRole(QStringLiteral("Operators"));
        QTest::mouseClick(page()->findChild<QPushButton*>(QStringLiteral("renameRoleButton")), Qt::LeftButton);
        auto* dialog = ConsoleFixture::waitForDialog<RoleEditorDialog>();
        QVERIFY(dialog);
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("roleNameLineEdit"));
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("saveRoleButton"));
        name->setText(QStringLiteral("viewer")); // taken, in another case
        QVERIFY(!ok->isEnabled());
        QVERIFY(dialog->findChild<MessageBar*>(QStringLiteral("roleEditorMessageBar"))
                    ->text()
                    .contains(QStringLiteral("already exists")));
        name->setText(QStringLiteral("Cluster Operators"));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("roleDescriptionTextEdit"))
            ->setPlainText(QStringLiteral("Run clusters"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE(page()->findChild<QLabel*>(QStringLiteral("roleTitleLabel"))->text(),
                     QStringLiteral("Cluster Operators"));
        QCOMPARE(page()->findChild<QLabel*>(QStringLiteral("roleDescriptionLabel"))->text(),
                 QStringLiteral("Run clusters"));
        QCOMPARE(window()->navigation()->currentItem()->text(), QStringLiteral("Cluster Operators"));
        // One state: User Management's Roles column follows the rename.
        const auto* um = window()->userManagement()->model();
        QCOMPARE(um->rowAt(um->rowOf(session()->memberByEmail(QStringLiteral("member@example.com"))->id)).rolesText,
                 QStringLiteral("Base, Cluster Operators"));
    }

    void duplicateRole()
    {
        open();
        openRole(QStringLiteral("Operators"));
        QTest::mouseClick(page()->findChild<QPushButton*>(QStringLiteral("duplicateRoleButton")), Qt::LeftButton);
        auto* dialog = ConsoleFixture::waitForDialog<RoleEditorDialog>();
        QVERIFY(dialog);
        QCOMPARE(dialog->name(), QStringLiteral("Operators copy"));
        auto* tree = dialog->findChild<QTreeView*>(QStringLiteral("rolePermissionsTreeView"));
        QCOMPARE(qobject_cast<PermissionTreeModel*>(tree->model())->permissions(),
                 (PermissionSet{QStringLiteral("write:clusters"), QStringLiteral("read:clusters")}));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("saveRoleButton")), Qt::LeftButton);
        QTRY_COMPARE(page()->findChild<QLabel*>(QStringLiteral("roleTitleLabel"))->text(),
                     QStringLiteral("Operators copy"));
        QCOMPARE(page()->permissionsModel()->savedPermissions(),
                 (PermissionSet{QStringLiteral("write:clusters"), QStringLiteral("read:clusters")}));
        QVERIFY(emails().isEmpty()); // a copy has permissions, not people
    }

    void deleteRoleNamesWhatItTouches()
    {
        open();
        openRole(QStringLiteral("Operators"));
        Confirmation::setNextAnswer(true);
        QTest::mouseClick(page()->findChild<QPushButton*>(QStringLiteral("deleteRoleButton")), Qt::LeftButton);
        QTRY_COMPARE(Confirmation::lastQuestion(),
                     QStringLiteral("Delete the role Operators? It will be taken away from 1 member and removed from 1 "
                                    "pending invitation."));
        QTRY_VERIFY(m_console.roleId(QStringLiteral("Operators")).isEmpty());
        QTRY_COMPARE(window()->navigation()->currentItem()->text(), QStringLiteral("User Management"));
        const auto* um = window()->userManagement()->model();
        QCOMPARE(um->rowAt(um->rowOf(session()->memberByEmail(QStringLiteral("member@example.com"))->id)).rolesText,
                 QStringLiteral("Base"));
    }

    void editPermissionsWithSaveAndDiscard()
    {
        open();
        openRole(QStringLiteral("Operators"));
        PermissionTreeModel* model = page()->permissionsModel();
        auto* save = page()->findChild<QPushButton*>(QStringLiteral("savePermissionsButton"));
        auto* discard = page()->findChild<QPushButton*>(QStringLiteral("discardPermissionsButton"));
        QVERIFY(!save->isEnabled());
        QVERIFY(!discard->isEnabled());
        QVERIFY(model->setChecked(QStringLiteral("write:backups"), true));
        QVERIFY(model->permissions().contains(QStringLiteral("read:backups")));
        QVERIFY(save->isEnabled());
        QVERIFY(discard->isEnabled());
        QTest::mouseClick(discard, Qt::LeftButton);
        QVERIFY(!model->permissions().contains(QStringLiteral("write:backups")));
        QVERIFY(!save->isEnabled());
        // Nothing may be saved without a permission.
        QVERIFY(model->setChecked(QStringLiteral("write:clusters"), false));
        QVERIFY(model->setChecked(QStringLiteral("read:clusters"), false));
        QVERIFY(model->permissions().isEmpty());
        QVERIFY(!save->isEnabled());
        QVERIFY(page()
                    ->findChild<QLabel*>(QStringLiteral("permissionsNoteLabel"))
                    ->text()
                    .contains(QStringLiteral("at least one")));
        QVERIFY(model->setChecked(QStringLiteral("write:invites"), true));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY(!model->isModified());
        SqlStore check(m_console.url(), {});
        QVERIFY(awaitFuture(check.open(SqlAccountEngine::OpenMode::MustExist)).ok());
        REQUIRE_OK(details, check.roleDetails(QStringLiteral("Operators")));
        QCOMPARE(details.role.permissions,
                 (QStringList{QStringLiteral("read:invites"), QStringLiteral("write:invites")}));
    }

    void leavingWithUnsavedChangesAsks()
    {
        open();
        openRole(QStringLiteral("Operators"));
        QVERIFY(page()->permissionsModel()->setChecked(QStringLiteral("write:backups"), true));
        // Cancel: nothing happens, the draft stays.
        Confirmation::setNextChoice(Confirmation::Choice::Cancel);
        window()->showUserManagement();
        QCOMPARE(Confirmation::lastQuestion(),
                 QStringLiteral("Save the changes to the permissions of Operators before leaving?"));
        QCOMPARE(window()->navigation()->currentItem()->text(), QStringLiteral("Operators"));
        QVERIFY(page()->permissionsModel()->isModified());
        // Discard: leaves, and the store never saw the draft.
        Confirmation::setNextChoice(Confirmation::Choice::Discard);
        window()->showUserManagement();
        QCOMPARE(window()->navigation()->currentItem()->text(), QStringLiteral("User Management"));
        QVERIFY(!m_console.session()
                     ->role(m_console.roleId(QStringLiteral("Operators")))
                     ->permissions.contains(QStringLiteral("write:backups")));
        // Save: the change reaches the store, then the page is left.
        openRole(QStringLiteral("Operators"));
        QVERIFY(page()->permissionsModel()->setChecked(QStringLiteral("write:backups"), true));
        Confirmation::setNextChoice(Confirmation::Choice::Save);
        window()->showUserManagement();
        QTRY_COMPARE(window()->navigation()->currentItem()->text(), QStringLiteral("User Management"));
        QVERIFY(m_console.session()
                    ->role(m_console.roleId(QStringLiteral("Operators")))
                    ->permissions.contains(QStringLiteral("write:backups")));
        QCOMPARE(window()->messageBar()->text(), QStringLiteral("Saved the permissions of Operators."));
    }

    void builtInRolesAreReadOnly()
    {
        open();
        openRole(QStringLiteral("Admin"));
        QVERIFY(page()->permissionsModel()->isReadOnly());
        QVERIFY(!page()->findChild<QPushButton*>(QStringLiteral("renameRoleButton"))->isVisible());
        QVERIFY(!page()->findChild<QPushButton*>(QStringLiteral("deleteRoleButton"))->isVisible());
        QVERIFY(page()->findChild<QPushButton*>(QStringLiteral("duplicateRoleButton"))->isEnabled());
        QCOMPARE(page()->findChild<QLabel*>(QStringLiteral("roleTypeLabel"))->text(), QStringLiteral("Built-in"));
        QVERIFY(!page()->permissionsModel()->setChecked(QStringLiteral("write:account"), true));
        // Read-only looks it: no Save or Discard, and the reason where they would be.
        QVERIFY(!page()->findChild<QPushButton*>(QStringLiteral("savePermissionsButton"))->isVisible());
        QVERIFY(!page()->findChild<QPushButton*>(QStringLiteral("discardPermissionsButton"))->isVisible());
        QVERIFY(!page()->findChild<QLabel*>(QStringLiteral("permissionsNoteLabel"))->text().isEmpty());
        // Base: its description from the documentation, and its one permission at the top of the tree.
        openRole(QStringLiteral("Base"));
        QVERIFY(page()
                    ->findChild<QLabel*>(QStringLiteral("roleDescriptionLabel"))
                    ->text()
                    .startsWith(QStringLiteral("The default role every member holds")));
        const QModelIndex firstCategory = page()->permissionsModel()->index(0, 0);
        QCOMPARE(page()
                     ->permissionsModel()
                     ->index(0, 0, firstCategory)
                     .data(PermissionTreeModel::PermissionValueRole)
                     .toString(),
                 QStringLiteral("read:profile"));
        // A custom role is editable and says so.
        openRole(QStringLiteral("Operators"));
        QCOMPARE(page()->findChild<QLabel*>(QStringLiteral("roleTypeLabel"))->text(), QStringLiteral("Custom"));
        QVERIFY(page()->findChild<QPushButton*>(QStringLiteral("savePermissionsButton"))->isVisible());
    }

    void readOnlyActorCannotChangeAnything()
    {
        open(QStringLiteral("viewer@example.com"));
        openRole(QStringLiteral("Operators"));
        for (const char* name : {"renameRoleButton", "duplicateRoleButton", "addExistingMemberButton"}) {
            auto* button = page()->findChild<QPushButton*>(QLatin1String(name));
            QVERIFY2(!button->isEnabled(), name);
            QVERIFY2(button->toolTip().contains(QStringLiteral("write:roles")), qPrintable(button->toolTip()));
        }
        auto* remove = page()->findChild<QPushButton*>(QStringLiteral("deleteRoleButton"));
        QVERIFY(!remove->isEnabled());
        QVERIFY(remove->toolTip().contains(QStringLiteral("delete:roles")));
        QVERIFY(page()->permissionsModel()->isReadOnly());
        QVERIFY(!page()->permissionsModel()->setChecked(QStringLiteral("write:backups"), true));
        QVERIFY(!users()->inviteAction()->isEnabled());
        QVERIFY(users()->inviteAction()->toolTip().contains(QStringLiteral("write:invites")));
        select(QStringLiteral("member@example.com"));
        QVERIFY(!users()->actions()->removeRoleAction()->isEnabled());
        QVERIFY(users()->actions()->removeRoleAction()->toolTip().contains(QStringLiteral("write:roles")));
        QVERIFY(!window()->navigation()->item(6)->flags().testFlag(Qt::ItemIsEnabled)); // Add role…
    }

private:
    void open(const QString& actor = {}) { QVERIFY(m_console.open(actor)); }
    MainWindow* window() const { return m_console.window(); }
    AccountSession* session() const { return m_console.session(); }
    RoleDetailsPage* page() const { return window()->roleDetails(); }
    UsersPanel* users() const { return page()->usersPanel(); }

    void openRole(const QString& name)
    {
        const QString id = m_console.roleId(name);
        QVERIFY2(!id.isEmpty(), qPrintable(name));
        window()->showRole(id);
        QCOMPARE(page()->roleId(), id);
        QVERIFY(page()->isVisible());
    }

    QStringList emails() const { return ConsoleFixture::shownEmails(users()); }

    QModelIndex find(const QString& email) const { return ConsoleFixture::findRow(users(), email); }

    void select(const QString& email) { QVERIFY2(ConsoleFixture::selectRow(users(), email), qPrintable(email)); }

    ConsoleFixture m_console;
};

QTEST_MAIN(TestGuiRoles)
#include "tst_gui_roles.moc"
