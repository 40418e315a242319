// The User Management page driven as an admin would: real widgets on the offscreen platform, a real SQLite store.
#include "accountsession.h"
#include "accountsettingsdialog.h"
#include "bulkactions.h"
#include "bulkinvitedialog.h"
#include "confirmation.h"
#include "consolefixture.h"
#include "invitedialog.h"
#include "inviteplanmodel.h"
#include "mainwindow.h"
#include "managerolesdialog.h"
#include "messagebar.h"
#include "persondetailspanel.h"
#include "sqlstore.h"
#include "testsupport.h"
#include "translations.h"
#include "useractions.h"
#include "userfilterproxymodel.h"
#include "userspanel.h"
#include "usertablemodel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

template <typename T>
static T* visibleDialog()
{
    return ConsoleFixture::visibleDialog<T>();
}

class TestGuiUserManagement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ConsoleFixture::prepareApplication(); }
    void init() { QVERIFY(m_console.seed()); }
    void cleanup()
    {
        m_console.close();
        Clock::setNowForTesting({});
    }

    // Eight days on, the pending invitation is Expired: in its row, the Status filter and the footer. Account
    // settings lengthens the lifetime and the row is pending again at once, without reloading.
    void expiredInvitationsAndTheLifetime()
    {
        openConsole();
        const QModelIndex pending = indexOf(QStringLiteral("pending@example.com"));
        QCOMPARE(pending.siblingAtColumn(UserTableModel::StatusColumn).data().toString(),
                 QStringLiteral("Pending invite"));
        QVERIFY(!pending.siblingAtColumn(UserTableModel::ExpiresColumn).data().toString().isEmpty());
        Clock::setNowForTesting(QDateTime::currentDateTimeUtc().addDays(8));
        QCOMPARE(indexOf(QStringLiteral("pending@example.com"))
                     .siblingAtColumn(UserTableModel::StatusColumn)
                     .data()
                     .toString(),
                 QStringLiteral("Expired invite"));
        auto* status = m_window->findChild<QComboBox*>(QStringLiteral("statusFilterComboBox"));
        status->setCurrentIndex(status->findText(QStringLiteral("Expired")));
        QCOMPARE(panel()->proxy()->rowCount(), 1);
        status->setCurrentIndex(status->findText(QStringLiteral("Pending")));
        QCOMPARE(panel()->proxy()->rowCount(), 0);
        auto* count = m_window->findChild<QLabel*>(QStringLiteral("countLabel"));
        QTRY_VERIFY2(count->text().contains(QStringLiteral("1 expired")), qPrintable(count->text()));

        AccountSettingsDialog dialog(m_session);
        auto* lifetime = dialog.findChild<QSpinBox*>(QStringLiteral("inviteLifetimeSpinBox"));
        QVERIFY(lifetime->isEnabled());
        QCOMPARE(lifetime->value(), 7);
        lifetime->setValue(10);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.save();
        QTRY_COMPARE(accepted.count(), 1);
        QCOMPARE(m_session->account().inviteLifetimeDays, 10);
        QTRY_COMPARE(panel()->proxy()->rowCount(), 1); // the Pending filter shows it again
        QCOMPARE(panel()->proxy()->index(0, UserTableModel::StatusColumn).data().toString(),
                 QStringLiteral("Pending invite"));
    }

    // Details… shows a member's roles and each permission with the roles that grant it; a double-click on a pending
    // invitation shows what accepting will grant.
    void detailsPanelExplainsPermissions()
    {
        openConsole();
        PersonDetailsPanel* details = panel()->details();
        QVERIFY(!details->isVisible());
        QVERIFY(ConsoleFixture::selectRow(panel(), QStringLiteral("member@example.com")));
        panel()->actions()->refresh();
        QVERIFY(panel()->actions()->detailsAction()->isEnabled());
        panel()->actions()->detailsAction()->trigger();
        QVERIFY(details->isVisible());
        QCOMPARE(details->findChild<QLabel*>(QStringLiteral("personDetailsTitle"))->text(),
                 QStringLiteral("member@example.com"));
        // Every permission row of the panel, as "permission: roles".
        const auto grants = [details] {
            QStringList rows;
            const QTreeWidget* tree = details->permissionsTree();
            for (int c = 0; c < tree->topLevelItemCount(); ++c) {
                for (int p = 0; p < tree->topLevelItem(c)->childCount(); ++p) {
                    const QTreeWidgetItem* item = tree->topLevelItem(c)->child(p);
                    rows.append(item->text(0) + QStringLiteral(": ") + item->text(1));
                }
            }
            return rows;
        };
        const QStringList rows = grants();
        QVERIFY2(rows.contains(QStringLiteral("write:clusters: Operators")), qPrintable(rows.join(QLatin1Char('|'))));
        QVERIFY2(rows.contains(QStringLiteral("read:profile: Base")), qPrintable(rows.join(QLatin1Char('|'))));
        QVERIFY(!rows.join(QLatin1Char('|')).contains(QStringLiteral("write:roles")));

        // A role change shows at once.
        const QString memberId = details->personId();
        REQUIRE_OK(changed, m_session->updateMemberRoles(memberId, {m_session->systemRole(SystemRole::Admin)->id}, {}));
        const QStringList changedRows = grants();
        QVERIFY2(std::any_of(changedRows.cbegin(), changedRows.cend(),
                             [](const QString& row) {
                                 return row.startsWith(QStringLiteral("write:clusters: "))
                                     && row.contains(QStringLiteral("Admin"))
                                     && row.contains(QStringLiteral("Operators"));
                             }),
                 qPrintable(changedRows.join(QLatin1Char('|'))));

        const QModelIndex pending = indexOf(QStringLiteral("pending@example.com"));
        QVERIFY(pending.isValid());
        view()->scrollTo(pending);
        const QPoint at = view()->visualRect(pending).center();
        QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, at); // a double-click starts as a click
        QTest::mouseDClick(view()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(details->findChild<QLabel*>(QStringLiteral("personDetailsTitle"))->text(),
                 QStringLiteral("pending@example.com"));
        QVERIFY(details->findChild<QLabel*>(QStringLiteral("personDetailsFacts"))
                    ->text()
                    .contains(QStringLiteral("not joined yet")));
        // What accepting will grant includes Base, which an invitation never stores.
        const QStringList promised = grants();
        QVERIFY2(promised.contains(QStringLiteral("read:profile: Base")), qPrintable(promised.join(QLatin1Char('|'))));
        QVERIFY2(promised.contains(QStringLiteral("write:clusters: Operators")),
                 qPrintable(promised.join(QLatin1Char('|'))));
    }

    // An Admin (no write:account) sees the lifetime but cannot change it, and is told why.
    void accountSettingsExplainWhyTheyAreLocked()
    {
        openConsole(QStringLiteral("admin@example.com"));
        AccountSettingsDialog dialog(m_session);
        QVERIFY(!dialog.findChild<QSpinBox*>(QStringLiteral("inviteLifetimeSpinBox"))->isEnabled());
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("saveAccountSettingsButton"))->isEnabled());
        QVERIFY2(dialog.findChild<QLabel*>(QStringLiteral("inviteLifetimeNote"))
                     ->text()
                     .contains(QStringLiteral("write:account")),
                 qPrintable(dialog.findChild<QLabel*>(QStringLiteral("inviteLifetimeNote"))->text()));
    }

    void accessibleNames()
    {
        openConsole();
        QCOMPARE(view()->accessibleName(), QStringLiteral("Users"));
        QCOMPARE(m_window->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"))->accessibleName(),
                 QStringLiteral("Search users"));
        QCOMPARE(inviteButton()->accessibleName(), QStringLiteral("Invite user"));
        const QModelIndex actions =
            indexOf(QStringLiteral("member@example.com")).siblingAtColumn(UserTableModel::ActionsColumn);
        QCOMPARE(actions.data(Qt::AccessibleTextRole).toString(), QStringLiteral("Actions for member@example.com"));
        QCOMPARE(panel()->actions()->removeAction()->text(), QStringLiteral("Remove from account…"));
        QCOMPARE(panel()->actions()->manageRolesAction()->text(), QStringLiteral("Manage roles…"));
        QCOMPARE(panel()->actions()->revokeAction()->text(), QStringLiteral("Revoke invitation…"));
        QCOMPARE(panel()->actions()->copyEmailAction()->text(), QStringLiteral("Copy email"));
        QTest::mouseClick(inviteButton(), Qt::LeftButton);
        auto* dialog = waitForDialog<InviteDialog>();
        QVERIFY(dialog);
        QCOMPARE(dialog->windowTitle(), QStringLiteral("Invite users"));
        QCOMPARE(dialog->findChild<QPushButton*>(QStringLiteral("sendInviteButton"))->text(),
                 QStringLiteral("Send invite with 1 role"));
    }

    void inviteOneUser()
    {
        openConsole();
        const int before = model()->rowCount();
        QTest::mouseClick(inviteButton(), Qt::LeftButton);
        auto* dialog = waitForDialog<InviteDialog>();
        QVERIFY(dialog);
        auto* send = dialog->findChild<QPushButton*>(QStringLiteral("sendInviteButton"));
        QVERIFY(!send->isEnabled()); // nothing typed yet
        QTest::keyClicks(dialog->findChild<QPlainTextEdit*>(QStringLiteral("emailsTextEdit")),
                         QStringLiteral("new@example.com"));
        QVERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY(!visibleDialog<InviteDialog>());
        QTRY_COMPARE(model()->rowCount(), before + 1);
        const QModelIndex row = indexOf(QStringLiteral("new@example.com"));
        QVERIFY(row.isValid());
        QCOMPARE(row.siblingAtColumn(UserTableModel::StatusColumn).data().toString(), QStringLiteral("Pending invite"));
        QTRY_COMPARE(m_window->messageBar()->text(), QStringLiteral("Invitation sent to new@example.com."));
    }

    void inviteSeveralUsersWithRole()
    {
        openConsole();
        const int before = model()->rowCount();
        panel()->openInviteDialog();
        auto* dialog = waitForDialog<InviteDialog>();
        QVERIFY(dialog);
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("emailsTextEdit"))
            ->setPlainText(QStringLiteral("a@x.io, b@x.io\nc@x.io d@x.io"));
        checkRole(dialog->findChild<QListWidget*>(QStringLiteral("rolesListWidget")), QStringLiteral("Operators"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("sendInviteButton")), Qt::LeftButton);
        QTRY_COMPARE(model()->rowCount(), before + 4);
        QCOMPARE(indexOf(QStringLiteral("c@x.io")).siblingAtColumn(UserTableModel::RolesColumn).data().toString(),
                 QStringLiteral("Base, Operators"));
        QTRY_COMPARE(m_window->messageBar()->text(), QStringLiteral("Invitations sent to 4 people."));
    }

    void invalidAddressKeepsInput()
    {
        openConsole();
        panel()->openInviteDialog();
        auto* dialog = waitForDialog<InviteDialog>();
        auto* edit = dialog->findChild<QPlainTextEdit*>(QStringLiteral("emailsTextEdit"));
        QTest::keyClicks(edit, QStringLiteral("good@x.io, not-an-email"));
        auto* send = dialog->findChild<QPushButton*>(QStringLiteral("sendInviteButton"));
        // The valid address can go on its own, but only when asked in so many words.
        QVERIFY(send->isEnabled());
        QCOMPARE(send->text(), QStringLiteral("Send to 1 address with 1 role"));
        QCOMPARE(dialog->messageBar()->text(), QStringLiteral("\"not-an-email\" is not a valid email address."));
        QTest::keyClick(edit, Qt::Key_Return); // Enter does not send a batch with a problem in it
        QVERIFY(dialog->isVisible());
        QCOMPARE(edit->toPlainText(), QStringLiteral("good@x.io, not-an-email"));
        QVERIFY(!indexOf(QStringLiteral("good@x.io")).isValid());
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY(indexOf(QStringLiteral("good@x.io")).isValid());
        QTRY_COMPARE(edit->toPlainText(), QStringLiteral("not-an-email")); // what was not sent stays
        QVERIFY(dialog->isVisible());
        QVERIFY(!send->isEnabled());
    }

    void refusedInviteKeepsInput()
    {
        openConsole();
        const int before = model()->rowCount();
        panel()->openInviteDialog();
        auto* dialog = waitForDialog<InviteDialog>();
        auto* edit = dialog->findChild<QPlainTextEdit*>(QStringLiteral("emailsTextEdit"));
        QTest::keyClicks(edit, QStringLiteral("fresh@example.com race@example.com"));
        // Another admin invites race@ after this dialog read the account: only the store can know.
        SqlStore other(m_console.url(), SqlActor{QStringLiteral("admin@example.com")});
        QVERIFY(awaitFuture(other.open(SqlAccountEngine::OpenMode::MustExist)).ok());
        QVERIFY(awaitFuture(other.invite({QStringLiteral("race@example.com")}, {})).ok());
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("sendInviteButton")), Qt::LeftButton);
        QTRY_COMPARE(dialog->messageBar()->text(),
                     QStringLiteral("race@example.com was already invited by admin@example.com."));
        QVERIFY(dialog->isVisible());
        QCOMPARE(edit->toPlainText(), QStringLiteral("fresh@example.com race@example.com"));
        QVERIFY(dialog->findChild<QPushButton*>(QStringLiteral("sendInviteButton"))->isEnabled());
        QCOMPARE(model()->rowCount(), before); // all or nothing: fresh@ was not invited either
    }

    void everyProblemShowsAtOnce()
    {
        openConsole();
        panel()->openInviteDialog();
        auto* dialog = waitForDialog<InviteDialog>();
        auto* edit = dialog->findChild<QPlainTextEdit*>(QStringLiteral("emailsTextEdit"));
        QVERIFY(dialog->messageBar()->text().isEmpty()); // an untouched form shows no error
        QTest::keyClicks(edit, QStringLiteral("new@example.com, MEMBER@example.com, pending@example.com, bad@@x"));
        QCOMPARE(dialog->messageBar()->text(),
                 QStringLiteral("MEMBER@example.com is already a member of this account.\n"
                                "pending@example.com was already invited by owner@example.com.\n"
                                "\"bad@@x\" is not a valid email address."));
        QCOMPARE(dialog->verdictFor(QStringLiteral("Member@Example.com")).reason(),
                 QStringLiteral("Member@Example.com is already a member of this account."));
        QCOMPARE(dialog->sendableEmails(), QStringList{QStringLiteral("new@example.com")});
        auto* send = dialog->findChild<QPushButton*>(QStringLiteral("sendInviteButton"));
        QCOMPARE(send->text(), QStringLiteral("Send to 1 address with 1 role"));
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY(indexOf(QStringLiteral("new@example.com")).isValid());
        QTRY_COMPARE(edit->toPlainText(), QStringLiteral("MEMBER@example.com\npending@example.com\nbad@@x"));
    }

    void revokeFromActionsMenu()
    {
        openConsole();
        QMenu* menu = openMenuWithMenuKey(QStringLiteral("pending@example.com"));
        QVERIFY(menu);
        QAction* revoke = panel()->actions()->revokeAction();
        QVERIFY(revoke->isVisible());
        QVERIFY(revoke->isEnabled());
        QVERIFY(!panel()->actions()->removeAction()->isVisible()); // a pending invite is revoked, never removed
        Confirmation::setNextAnswer(true);
        menu->hide();
        revoke->trigger();
        QCOMPARE(
            Confirmation::lastQuestion(),
            QStringLiteral("Revoke the invitation for pending@example.com? The link in their email stops working."));
        QTRY_VERIFY(!indexOf(QStringLiteral("pending@example.com")).isValid());
        QTRY_COMPARE(m_window->messageBar()->text(), QStringLiteral("Revoked the invitation for pending@example.com."));
    }

    void declinedConfirmationChangesNothing()
    {
        openConsole();
        select(QStringLiteral("member@example.com"));
        Confirmation::setNextAnswer(false);
        QTest::keyClick(view(), Qt::Key_Delete);
        QCOMPARE(Confirmation::lastQuestion(),
                 QStringLiteral("Remove member@example.com from the account? They lose access at once and must be "
                                "invited again to return."));
        QTest::qWait(50); // nothing is in flight; give a wrong request the chance to land
        QVERIFY(indexOf(QStringLiteral("member@example.com")).isValid());
        QVERIFY(!m_session->isBusy());
    }

    void changeMemberRoles()
    {
        openConsole();
        QMenu* menu = openMenuWithShiftF10(QStringLiteral("member@example.com"));
        QVERIFY(menu);
        menu->hide();
        panel()->actions()->manageRolesAction()->trigger();
        auto* dialog = waitForDialog<ManageRolesDialog>();
        QVERIFY(dialog);
        QCOMPARE(dialog->windowTitle(), QStringLiteral("Manage roles"));
        auto* save = dialog->findChild<QPushButton*>(QStringLiteral("saveRolesButton"));
        QVERIFY(!save->isEnabled());
        auto* list = dialog->findChild<QListWidget*>(QStringLiteral("memberRolesListWidget"));
        checkRole(list, QStringLiteral("Admin"));
        uncheckRole(list, QStringLiteral("Operators"));
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->text() == QLatin1String("Base") || list->item(i)->text() == QLatin1String("Owner"))
                QVERIFY(!(list->item(i)->flags() & Qt::ItemIsEnabled)); // locked
        }
        QCOMPARE(dialog->rolesToAdd().size(), 1);
        QCOMPARE(dialog->rolesToRemove().size(), 1);
        QVERIFY(save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(indexOf(QStringLiteral("member@example.com"))
                         .siblingAtColumn(UserTableModel::RolesColumn)
                         .data()
                         .toString(),
                     QStringLiteral("Base, Admin"));
        // The message says what changed, not just that something did.
        QTRY_COMPARE(m_window->messageBar()->text(),
                     QStringLiteral("Roles of member@example.com: Admin added, Operators removed."));
    }

    // Several rows selected: the Actions menu acts on all of them; rows the rules refuse are left out, and said so.
    void bulkRemoveFromTheActionsMenu()
    {
        openConsole();
        selectMany({QStringLiteral("member@example.com"), QStringLiteral("base@example.com"),
                    QStringLiteral("owner@example.com"), QStringLiteral("pending@example.com")});
        QMenu* menu = openMenuWithShiftF10Keeping();
        QVERIFY(menu);
        QCOMPARE(menu->title(), QStringLiteral("Actions for 4 selected people"));
        BulkActions* bulk = panel()->actions()->bulk();
        QVERIFY(bulk->removeAction()->isVisible());
        QCOMPARE(bulk->removeAction()->text(), QStringLiteral("Remove 3 members from account…"));
        QVERIFY(!panel()->actions()->removeAction()->isVisible()); // the single person's entries step aside
        menu->hide();
        Confirmation::setNextAnswer(true);
        QSignalSpy finished(bulk, &BulkActions::finished);
        bulk->removeAction()->trigger();
        QCOMPARE(Confirmation::lastQuestion(),
                 QStringLiteral("Remove 2 members from the account? They lose access at once and must be invited "
                                "again to return."));
        QCOMPARE(Confirmation::lastPeople(),
                 (QStringList{QStringLiteral("base@example.com"), QStringLiteral("member@example.com")}));
        QCOMPARE(Confirmation::lastLeftOut(),
                 (QStringList{QStringLiteral("The Owner cannot be removed."),
                              QStringLiteral("pending@example.com has not joined yet: revoke the invitation instead "
                                             "of removing the user.")}));
        QVERIFY(finished.wait(10000));
        QTRY_VERIFY(!indexOf(QStringLiteral("member@example.com")).isValid());
        QVERIFY(!indexOf(QStringLiteral("base@example.com")).isValid());
        QVERIFY(indexOf(QStringLiteral("owner@example.com")).isValid());
        QTRY_COMPARE(m_window->messageBar()->text(), QStringLiteral("Removed 2 members from the account."));
    }

    void bulkDeclinedChangesNothingAndCtrlASelectsAll()
    {
        openConsole();
        const int rows = model()->rowCount();
        view()->setFocus();
        QTest::keyClick(view(), Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(view()->selectionModel()->selectedRows().size(), rows);
        auto* count = m_window->findChild<QLabel*>(QStringLiteral("countLabel"));
        QTRY_VERIFY2(count->text().endsWith(QStringLiteral("\u00b7 %1 selected").arg(rows)), qPrintable(count->text()));
        Confirmation::setNextAnswer(false);
        panel()->actions()->deleteCurrent();
        QVERIFY(Confirmation::lastQuestion().startsWith(QStringLiteral("Remove 4 members from the account?")));
        QTest::qWait(50);
        QCOMPARE(model()->rowCount(), rows);
    }

    void bulkAddRoleThroughTheSubmenu()
    {
        openConsole();
        selectMany({QStringLiteral("base@example.com"), QStringLiteral("viewer@example.com"),
                    QStringLiteral("pending@example.com")});
        panel()->actions()->refresh();
        QMenu* roles = panel()->actions()->bulk()->addRoleMenu();
        Q_EMIT roles->aboutToShow();
        QAction* operators = roles->findChild<QAction*>(QStringLiteral("bulkAddRole_Operators"));
        QVERIFY(operators);
        QVERIFY(!roles->findChild<QAction*>(QStringLiteral("bulkAddRole_Owner"))); // never offered
        Confirmation::setNextAnswer(true);
        operators->trigger();
        QCOMPARE(Confirmation::lastPeople(),
                 (QStringList{QStringLiteral("base@example.com"), QStringLiteral("viewer@example.com")}));
        QCOMPARE(Confirmation::lastLeftOut().size(), 1); // the pending invitation's roles cannot change
        QTRY_COMPARE(
            indexOf(QStringLiteral("base@example.com")).siblingAtColumn(UserTableModel::RolesColumn).data().toString(),
            QStringLiteral("Base, Operators"));
        QTRY_COMPARE(indexOf(QStringLiteral("viewer@example.com"))
                         .siblingAtColumn(UserTableModel::RolesColumn)
                         .data()
                         .toString(),
                     QStringLiteral("Base, Operators, Viewer"));
    }

    void resendFromTheActionsMenu()
    {
        openConsole();
        QMenu* menu = openMenuWithShiftF10(QStringLiteral("pending@example.com"));
        QVERIFY(menu);
        QAction* resend = panel()->actions()->resendAction();
        QVERIFY(resend->isVisible());
        QVERIFY(resend->isEnabled());
        menu->hide();
        Confirmation::setNextAnswer(true);
        resend->trigger();
        QCOMPARE(Confirmation::lastQuestion(),
                 QStringLiteral("Send the invitation for pending@example.com again? It is renewed for its full "
                                "lifetime."));
        QTRY_COMPARE(m_window->messageBar()->text(),
                     QStringLiteral("Sent the invitation for pending@example.com again."));
        QVERIFY(indexOf(QStringLiteral("pending@example.com")).isValid());
        // A member has nothing to resend.
        QVERIFY(ConsoleFixture::selectRow(panel(), QStringLiteral("member@example.com")));
        panel()->actions()->refresh();
        QVERIFY(!panel()->actions()->resendAction()->isVisible());
    }

    // Invite from file or list: every row's fate before sending, only the ready rows sent, and sending again
    // changes nothing.
    void bulkInvitePreviewsThenSendsTheReadyRows()
    {
        openConsole();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("people.csv"));
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("\xEF\xBB\xBF"
                  "Email,Roles\r\n"
                  "ready@x.io,Operators\r\n"
                  "not-an-address,\r\n"
                  "wizard@x.io,Wizards\r\n"
                  "member@example.com,Operators\r\n"
                  "pending@example.com,\r\n"
                  "READY@x.io,\r\n"
                  "boss@x.io,Owner\r\n"
                  "\"also, ready@x.io\",\r\n");
        csv.close();
        BulkInviteDialog dialog(m_session);
        dialog.show();
        QVERIFY(dialog.loadCsv(path));
        const InvitePlanModel* preview = dialog.preview();
        QList<PlannedInvite::Fate> fates;
        for (const auto& row : preview->plan())
            fates.append(row.fate);
        using Fate = PlannedInvite::Fate;
        QCOMPARE(fates,
                 (QList<Fate>{Fate::Ready, Fate::InvalidAddress, Fate::UnknownRole, Fate::AlreadyMember,
                              Fate::AlreadyInvited, Fate::Duplicate, Fate::OwnerRequested, Fate::InvalidAddress}));
        auto* counts = dialog.findChild<QLabel*>(QStringLiteral("bulkCountsLabel"));
        QVERIFY2(counts->text().contains(QStringLiteral("Ready: 1")), qPrintable(counts->text()));
        QVERIFY(counts->text().contains(QStringLiteral("Invalid address: 2")));
        auto* send = dialog.findChild<QPushButton*>(QStringLiteral("sendReadyButton"));
        QCOMPARE(send->text(), QStringLiteral("Send 1 invitation"));
        const int before = model()->rowCount();
        QSignalSpy sent(&dialog, &BulkInviteDialog::sent);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(sent.wait(10000));
        QTRY_COMPARE(model()->rowCount(), before + 1);
        QCOMPARE(indexOf(QStringLiteral("ready@x.io")).siblingAtColumn(UserTableModel::RolesColumn).data().toString(),
                 QStringLiteral("Base, Operators"));
        // The list again: ready@ is now already invited, and nothing is left to send.
        QTRY_COMPARE(preview->plan().first().fate, Fate::AlreadyInvited);
        QVERIFY(!send->isEnabled());

        // Pasted addresses get the roles ticked in the dialog.
        auto* text = dialog.findChild<QPlainTextEdit*>(QStringLiteral("bulkEmailsTextEdit"));
        text->setPlainText(QStringLiteral("one@x.io two@x.io\nbase@example.com"));
        auto* roles = dialog.findChild<QListWidget*>(QStringLiteral("bulkRolesListWidget"));
        checkRole(roles, QStringLiteral("Operators"));
        dialog.updatePreview();
        QCOMPARE(preview->rowCount(), 3);
        QCOMPARE(preview->readyInvites().size(), 2);
        QCOMPARE(preview->readyInvites().first().roleIds, QStringList{m_console.roleId(QStringLiteral("Operators"))});
    }

    void removeMemberFromActionsMenu()
    {
        openConsole();
        const QModelIndex row = indexOf(QStringLiteral("member@example.com"));
        QVERIFY(row.isValid());
        const QRect cell = view()->visualRect(row.siblingAtColumn(UserTableModel::ActionsColumn));
        QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, cell.center());
        QMenu* menu = panel()->actions()->menu();
        QTRY_VERIFY(menu->isVisible());
        QCOMPARE(menu->title(), QStringLiteral("Actions for member@example.com"));
        QAction* remove = panel()->actions()->removeAction();
        QVERIFY(remove->isEnabled());
        Confirmation::setNextAnswer(true);
        menu->hide();
        remove->trigger();
        QCOMPARE(Confirmation::lastQuestion(),
                 QStringLiteral("Remove member@example.com from the account? They lose access at once and must be "
                                "invited again to return."));
        QTRY_VERIFY(!indexOf(QStringLiteral("member@example.com")).isValid());
        QTRY_COMPARE(m_window->messageBar()->text(), QStringLiteral("Removed member@example.com from the account."));
    }

    void deleteKeyRevokesPendingInvite()
    {
        openConsole();
        select(QStringLiteral("pending@example.com"));
        Confirmation::setNextAnswer(true);
        QTest::keyClick(view(), Qt::Key_Backspace);
        QCOMPARE(
            Confirmation::lastQuestion(),
            QStringLiteral("Revoke the invitation for pending@example.com? The link in their email stops working."));
        QTRY_VERIFY(!indexOf(QStringLiteral("pending@example.com")).isValid());
    }

    void baseOnlyActorSeesWhyNothingWorks()
    {
        openConsole(QStringLiteral("base@example.com"));
        QVERIFY(!inviteButton()->isEnabled());
        QVERIFY2(panel()->inviteAction()->toolTip().contains(QStringLiteral("write:invites")),
                 qPrintable(panel()->inviteAction()->toolTip()));
        auto* notice = m_window->findChild<QLabel*>(QStringLiteral("noticeLabel"));
        QVERIFY(notice->isVisible());
        QVERIFY2(notice->text().contains(QStringLiteral("read:users")), qPrintable(notice->text()));
        QCOMPARE(model()->rowCount(), 0);
        QTest::keyClick(m_window, Qt::Key_I, Qt::ControlModifier);
        QTest::qWait(20);
        QVERIFY(!visibleDialog<InviteDialog>());
    }

    void readOnlyActorActionsAreDisabledWithReasons()
    {
        openConsole(QStringLiteral("viewer@example.com"));
        UserActions* actions = panel()->actions();
        select(QStringLiteral("member@example.com"));
        QVERIFY(!actions->removeAction()->isEnabled());
        QVERIFY2(actions->removeAction()->toolTip().contains(QStringLiteral("delete:users")),
                 qPrintable(actions->removeAction()->toolTip()));
        QVERIFY(!actions->manageRolesAction()->isEnabled());
        QVERIFY(actions->manageRolesAction()->toolTip().contains(QStringLiteral("write:roles")));
        QVERIFY(actions->copyEmailAction()->isEnabled());
        select(QStringLiteral("pending@example.com"));
        QVERIFY(!actions->revokeAction()->isEnabled());
        QVERIFY(actions->revokeAction()->toolTip().contains(QStringLiteral("delete:invites")));
        // The permission comes before the state rule, as in every store: the missing permission is the reason.
        const QString needsDeleteUsers =
            QStringLiteral("You need the delete:users permission to remove users from the account.");
        select(QStringLiteral("owner@example.com"));
        QCOMPARE(actions->removeAction()->toolTip(), needsDeleteUsers);
        select(QStringLiteral("viewer@example.com"));
        QCOMPARE(actions->removeAction()->toolTip(), needsDeleteUsers);
        // Delete on a row the actor may not remove explains instead of asking.
        select(QStringLiteral("member@example.com"));
        Confirmation::setNextAnswer(true);
        QTest::keyClick(view(), Qt::Key_Delete);
        QVERIFY(m_window->messageBar()->text().contains(QStringLiteral("delete:users")));
        QVERIFY(indexOf(QStringLiteral("member@example.com")).isValid());
        QVERIFY(!inviteButton()->isEnabled());
    }

    void adminCannotRemoveOwner()
    {
        openConsole(QStringLiteral("admin@example.com"));
        select(QStringLiteral("owner@example.com"));
        QVERIFY(!panel()->actions()->removeAction()->isEnabled());
        QCOMPARE(panel()->actions()->removeAction()->toolTip(), QStringLiteral("The Owner cannot be removed."));
        select(QStringLiteral("member@example.com"));
        QVERIFY(panel()->actions()->removeAction()->isEnabled());
    }

    void keyboardOnlyInvite()
    {
        openConsole();
        view()->setFocus();
        QTest::keyClick(view(), Qt::Key_I, Qt::ControlModifier);
        auto* dialog = waitForDialog<InviteDialog>();
        QVERIFY(dialog);
        auto* edit = dialog->findChild<QPlainTextEdit*>(QStringLiteral("emailsTextEdit"));
        QTRY_COMPARE(QApplication::focusWidget(), edit);
        QTest::keyClicks(edit, QStringLiteral("keys@example.com"));
        QTest::keyClick(edit, Qt::Key_Tab);
        auto* roles = dialog->findChild<QListWidget*>(QStringLiteral("rolesListWidget"));
        QTRY_COMPARE(QApplication::focusWidget(), roles);
        // Move to Admin and tick it with Space.
        for (int i = 0; i < roles->count() && roles->currentItem()->text() != QLatin1String("Admin"); ++i)
            QTest::keyClick(roles, Qt::Key_Down);
        QCOMPARE(roles->currentItem()->text(), QStringLiteral("Admin"));
        QTest::keyClick(roles, Qt::Key_Space);
        QCOMPARE(roles->currentItem()->checkState(), Qt::Checked);
        QTest::keyClick(roles, Qt::Key_Tab, Qt::ShiftModifier);
        QTRY_COMPARE(QApplication::focusWidget(), edit);
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(indexOf(QStringLiteral("keys@example.com")).isValid());
        QCOMPARE(
            indexOf(QStringLiteral("keys@example.com")).siblingAtColumn(UserTableModel::RolesColumn).data().toString(),
            QStringLiteral("Base, Admin"));
    }

    void selectionSurvivesInviteAndRemoval()
    {
        openConsole();
        select(QStringLiteral("viewer@example.com"));
        QVERIFY(awaitFuture(m_session->invite({QStringLiteral("aaa@example.com")}, {})).ok());
        QCOMPARE(view()->currentIndex().siblingAtColumn(UserTableModel::EmailColumn).data().toString(),
                 QStringLiteral("viewer@example.com"));
        QVERIFY(awaitFuture(m_session->removeMember(m_session->memberByEmail(QStringLiteral("base@example.com"))->id))
                    .ok());
        QCOMPARE(view()->currentIndex().siblingAtColumn(UserTableModel::EmailColumn).data().toString(),
                 QStringLiteral("viewer@example.com"));
    }

    void filtersFromTheToolbar()
    {
        openConsole();
        auto* search = m_window->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
        QTest::keyClicks(search, QStringLiteral("pend"));
        QTRY_COMPARE(panel()->proxy()->rowCount(), 1);
        search->clear();
        QTRY_COMPARE(panel()->proxy()->rowCount(), model()->rowCount());
        auto* status = m_window->findChild<QComboBox*>(QStringLiteral("statusFilterComboBox"));
        status->setCurrentIndex(2);
        QCOMPARE(panel()->proxy()->rowCount(), 1);
        status->setCurrentIndex(0);
        auto* roles = m_window->findChild<QComboBox*>(QStringLiteral("roleFilterComboBox"));
        roles->setCurrentIndex(roles->findText(QStringLiteral("Operators")));
        QCOMPARE(panel()->proxy()->rowCount(), 2); // member@ and the pending invite that carries the role
        QCOMPARE(panel()->proxy()->index(0, 0).data().toString(), QStringLiteral("member@example.com"));
        auto* count = m_window->findChild<QLabel*>(QStringLiteral("countLabel"));
        QCOMPARE(count->text(), QStringLiteral("2 shown of 6 people: 5 members, 1 pending"));
    }

private:
    void openConsole(const QString& actor = {})
    {
        QVERIFY(m_console.open(actor));
        m_window = m_console.window();
        m_session = m_console.session();
    }

    UsersPanel* panel() const { return m_window->userManagement(); }
    QTableView* view() const { return panel()->view(); }
    UserTableModel* model() const { return panel()->model(); }
    QToolButton* inviteButton() const { return m_window->findChild<QToolButton*>(QStringLiteral("inviteUserButton")); }

    QModelIndex indexOf(const QString& email) const { return ConsoleFixture::findRow(panel(), email); }

    void select(const QString& email) { QVERIFY2(ConsoleFixture::selectRow(panel(), email), qPrintable(email)); }

    QMenu* openMenuWithMenuKey(const QString& email)
    {
        select(email);
        QContextMenuEvent menuKey(QContextMenuEvent::Keyboard, QPoint(5, 5), view()->mapToGlobal(QPoint(5, 5)));
        QApplication::sendEvent(view(), &menuKey);
        QMenu* menu = panel()->actions()->menu();
        return QTest::qWaitFor([menu] { return menu->isVisible(); }) ? menu : nullptr;
    }

    void selectMany(const QStringList& emails)
    {
        view()->clearSelection();
        for (const auto& email : emails) {
            const QModelIndex row = indexOf(email);
            QVERIFY2(row.isValid(), qPrintable(email));
            view()->selectionModel()->select(row, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        view()->selectionModel()->setCurrentIndex(indexOf(emails.first()), QItemSelectionModel::NoUpdate);
    }

    QMenu* openMenuWithShiftF10Keeping()
    {
        view()->setFocus();
        QTest::keyClick(view(), Qt::Key_F10, Qt::ShiftModifier);
        QMenu* menu = panel()->actions()->menu();
        return QTest::qWaitFor([menu] { return menu->isVisible(); }) ? menu : nullptr;
    }

    QMenu* openMenuWithShiftF10(const QString& email)
    {
        select(email);
        QTest::keyClick(view(), Qt::Key_F10, Qt::ShiftModifier);
        QMenu* menu = panel()->actions()->menu();
        return QTest::qWaitFor([menu] { return menu->isVisible(); }) ? menu : nullptr;
    }

    template <typename T>
    static T* waitForDialog()
    {
        return ConsoleFixture::waitForDialog<T>();
    }

    static void setRole(QListWidget* list, const QString& name, Qt::CheckState state)
    {
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->text() == name)
                list->item(i)->setCheckState(state);
        }
    }
    static void checkRole(QListWidget* list, const QString& name) { setRole(list, name, Qt::Checked); }
    static void uncheckRole(QListWidget* list, const QString& name) { setRole(list, name, Qt::Unchecked); }

    ConsoleFixture m_console;
    MainWindow* m_window = nullptr;
    AccountSession* m_session = nullptr;
};

QTEST_MAIN(TestGuiUserManagement)
#include "tst_gui_usermanagement.moc"
