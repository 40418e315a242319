// Every check list ticks a row that is clicked anywhere, or given Space, and says what it will send before it does:
// an invitation "with Developer" once went out with Base only because a click on the name only highlighted it.
#include "addmembersdialog.h"
#include "consolefixture.h"
#include "invitedialog.h"
#include "managerolesdialog.h"
#include "memberchecklistmodel.h"
#include "permissiontreemodel.h"
#include "roledetailspage.h"
#include "roleeditordialog.h"
#include "testsupport.h"
#include "useractions.h"
#include "usertablemodel.h"

#include <QAction>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QTreeView>
#include <QtTest>

class TestGuiCheckLists : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ConsoleFixture::prepareApplication(); }
    void init() { QVERIFY(m_console.seed()); }
    void cleanup() { m_console.close(); }

    void inviteDialogTicksTheClickedName()
    {
        open();
        m_console.window()->userManagement()->openInviteDialog();
        auto* dialog = ConsoleFixture::waitForDialog<InviteDialog>();
        QVERIFY(dialog);
        auto* roles = dialog->findChild<QListWidget*>(QStringLiteral("rolesListWidget"));
        auto* summary = dialog->findChild<QLabel*>(QStringLiteral("grantSummaryLabel"));
        auto* send = dialog->findChild<QPushButton*>(QStringLiteral("sendInviteButton"));
        QCOMPARE(summary->text(), QStringLiteral("Will grant: Base"));
        QListWidgetItem* operators = item(roles, QStringLiteral("Operators"));
        QCOMPARE(operators->checkState(), Qt::Unchecked);

        clickOnName(roles, operators);
        QCOMPARE(operators->checkState(), Qt::Checked);
        QCOMPARE(summary->text(), QStringLiteral("Will grant: Base, Operators"));
        QCOMPARE(summary->accessibleName(), summary->text());
        QTest::keyClicks(dialog->findChild<QPlainTextEdit*>(QStringLiteral("emailsTextEdit")),
                         QStringLiteral("newbie@example.com"));
        QCOMPARE(send->text(), QStringLiteral("Send invite with 2 roles"));

        // Space on the current row toggles it too, and the summary follows both ways.
        roles->setCurrentItem(operators);
        QTest::keyClick(roles->viewport(), Qt::Key_Space);
        QCOMPARE(operators->checkState(), Qt::Unchecked);
        QCOMPARE(summary->text(), QStringLiteral("Will grant: Base"));
        QCOMPARE(send->text(), QStringLiteral("Send invite with 1 role"));
        QTest::keyClick(roles->viewport(), Qt::Key_Space);
        QCOMPARE(operators->checkState(), Qt::Checked);

        // Base is locked: a click on it neither clears it nor leaves it out of what is sent.
        QListWidgetItem* base = item(roles, QStringLiteral("Base"));
        clickOnName(roles, base);
        QCOMPARE(base->checkState(), Qt::Checked);

        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY(!ConsoleFixture::visibleDialog<InviteDialog>());
        const QModelIndex row =
            ConsoleFixture::findRow(m_console.window()->userManagement(), QStringLiteral("newbie@example.com"));
        QVERIFY(row.isValid());
        QCOMPARE(row.siblingAtColumn(UserTableModel::RolesColumn).data().toString(), QStringLiteral("Base, Operators"));
    }

    void manageRolesTicksTheClickedName()
    {
        open();
        QVERIFY(ConsoleFixture::selectRow(m_console.window()->userManagement(), QStringLiteral("base@example.com")));
        m_console.window()->userManagement()->actions()->manageRolesAction()->trigger();
        auto* dialog = ConsoleFixture::waitForDialog<ManageRolesDialog>();
        QVERIFY(dialog);
        auto* roles = dialog->findChild<QListWidget*>(QStringLiteral("memberRolesListWidget"));
        auto* summary = dialog->findChild<QLabel*>(QStringLiteral("roleChangeSummaryLabel"));
        auto* save = dialog->findChild<QPushButton*>(QStringLiteral("saveRolesButton"));
        QVERIFY(!save->isEnabled());
        QListWidgetItem* viewer = item(roles, QStringLiteral("Viewer"));
        clickOnName(roles, viewer);
        QCOMPARE(viewer->checkState(), Qt::Checked);
        QCOMPARE(summary->text(), QStringLiteral("Will add: Viewer."));
        QCOMPARE(save->text(), QStringLiteral("Save 1 change"));
        QVERIFY(save->isEnabled());
        clickOnName(roles, viewer);
        QCOMPARE(viewer->checkState(), Qt::Unchecked);
        QVERIFY(!save->isEnabled());
        clickOnName(roles, viewer);
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY(!ConsoleFixture::visibleDialog<ManageRolesDialog>());
        const Member* member = m_console.session()->memberByEmail(QStringLiteral("base@example.com"));
        QVERIFY(member);
        QVERIFY(member->roleIds.contains(m_console.roleId(QStringLiteral("Viewer"))));
    }

    void roleEditorTicksTheClickedPermission()
    {
        open();
        m_console.window()->findChild<QAction*>(QStringLiteral("addRoleAction"))->trigger();
        auto* dialog = ConsoleFixture::waitForDialog<RoleEditorDialog>();
        QVERIFY(dialog);
        auto* tree = dialog->findChild<QTreeView*>(QStringLiteral("rolePermissionsTreeView"));
        auto* model = qobject_cast<PermissionTreeModel*>(tree->model());
        auto* summary = dialog->findChild<QLabel*>(QStringLiteral("permissionSummaryLabel"));
        auto* create = dialog->findChild<QPushButton*>(QStringLiteral("saveRoleButton"));
        QCOMPARE(summary->text(), QStringLiteral("No permission ticked yet: a role needs at least one."));
        // A click on the description, in the second column, ticks the permission of its row.
        const QModelIndex backups = permissionIndex(model, QStringLiteral("read:backups"));
        clickCell(tree, backups.siblingAtColumn(PermissionTreeModel::DescriptionColumn));
        QVERIFY(model->permissions().contains(QStringLiteral("read:backups")));
        QCOMPARE(summary->text(), QStringLiteral("Will grant: read:backups"));
        QCOMPARE(create->text(), QStringLiteral("Create role with 1 permission"));
        // …and a click on its name clears it again.
        clickCell(tree, backups);
        QVERIFY(!model->permissions().contains(QStringLiteral("read:backups")));
        // Space on a description cell toggles its row's box.
        tree->setCurrentIndex(backups.siblingAtColumn(PermissionTreeModel::DescriptionColumn));
        QTest::keyClick(tree->viewport(), Qt::Key_Space);
        QVERIFY(model->permissions().contains(QStringLiteral("read:backups")));
    }

    void permissionsTabTicksTheClickedPermission()
    {
        open();
        m_console.window()->showRole(m_console.roleId(QStringLiteral("Operators")));
        RoleDetailsPage* page = m_console.window()->roleDetails();
        auto* tree = page->findChild<QTreeView*>(QStringLiteral("permissionsTreeView"));
        PermissionTreeModel* model = page->permissionsModel();
        const bool before = model->permissions().contains(QStringLiteral("read:backups"));
        clickCell(tree, permissionIndex(model, QStringLiteral("read:backups")));
        QCOMPARE(model->permissions().contains(QStringLiteral("read:backups")), !before);
        QVERIFY(model->isModified());
    }

    void addMembersTicksTheClickedAddress()
    {
        open();
        m_console.window()->showRole(m_console.roleId(QStringLiteral("Operators")));
        QTest::mouseClick(
            m_console.window()->roleDetails()->findChild<QPushButton*>(QStringLiteral("addExistingMemberButton")),
            Qt::LeftButton);
        auto* dialog = ConsoleFixture::waitForDialog<AddMembersDialog>();
        QVERIFY(dialog);
        auto* list = dialog->findChild<QListView*>(QStringLiteral("membersListView"));
        auto* add = dialog->findChild<QPushButton*>(QStringLiteral("addToRoleButton"));
        const QModelIndex first = list->model()->index(0, 0);
        const QString email = first.data().toString();
        clickCell(list, first);
        QCOMPARE(first.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QCOMPARE(add->text(), QStringLiteral("Add 1 member"));
        dialog->reject();
        QVERIFY(!email.isEmpty());
    }

private:
    void open() { QVERIFY(m_console.open()); }

    static QListWidgetItem* item(QListWidget* list, const QString& text)
    {
        const auto found = list->findItems(text, Qt::MatchExactly);
        return found.isEmpty() ? nullptr : found.first();
    }

    // The middle of the row: on the name, well clear of the check box itself.
    static QPoint awayFromTheBox(QAbstractItemView* view, const QModelIndex& index)
    {
        const QRect rect = view->visualRect(index);
        QStyleOptionViewItem option;
        option.initFrom(view);
        option.rect = rect;
        option.features |= QStyleOptionViewItem::HasCheckIndicator;
        const QRect box = view->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, view);
        QPoint at(qMax(rect.center().x(), box.right() + 24), rect.center().y());
        if (box.contains(at))
            qWarning("the click point is on the check box");
        return at;
    }

    static void clickOnName(QListWidget* list, QListWidgetItem* item)
    {
        QVERIFY(item);
        const QModelIndex index = list->model()->index(list->row(item), 0);
        clickCell(list, index);
    }

    static void clickCell(QAbstractItemView* view, const QModelIndex& index)
    {
        QVERIFY(index.isValid());
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, awayFromTheBox(view, index));
    }

    static QModelIndex permissionIndex(PermissionTreeModel* model, const QString& permission)
    {
        for (int category = 0; category < model->rowCount(); ++category) {
            const QModelIndex parent = model->index(category, 0);
            for (int row = 0; row < model->rowCount(parent); ++row) {
                const QModelIndex index = model->index(row, 0, parent);
                if (index.data(PermissionTreeModel::PermissionValueRole).toString() == permission)
                    return index;
            }
        }
        return {};
    }

    ConsoleFixture m_console;
};

QTEST_MAIN(TestGuiCheckLists)
#include "tst_gui_checklists.moc"
