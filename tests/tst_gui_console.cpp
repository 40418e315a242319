// The console as a newcomer meets it: shortcuts from anywhere, the Connect dialog, first run, the message bar,
// the table's columns. Real widgets on the offscreen platform over a real SQLite file.
#include "auditlogmodel.h"
#include "auditpage.h"
#include "confirmation.h"
#include "connectiondialog.h"
#include "console.h"
#include "consolefixture.h"
#include "firstrundialog.h"
#include "invitedialog.h"
#include "messagebar.h"
#include "peopleexport.h"
#include "roledetailspage.h"
#include "roleeditordialog.h"
#include "useractions.h"
#include "userfilterproxymodel.h"
#include "userspanel.h"
#include "usertablemodel.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QtTest>

class TestGuiConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ConsoleFixture::prepareApplication(); }
    void init() { QVERIFY(m_console.seed()); }
    void cleanup()
    {
        m_console.close();
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            if (qobject_cast<QDialog*>(widget))
                widget->close();
        }
    }

    // Help → Keyboard shortcuts lists every shortcut an action of the window has, and nothing that is none.
    void shortcutsDialogListsEveryShortcut()
    {
        open();
        QStringList offered;
        for (QAction* action : window()->findChildren<QAction*>()) {
            for (const QKeySequence& keys : action->shortcuts())
                offered.append(keys.toString(QKeySequence::NativeText));
        }
        QVERIFY(offered.size() >= 10);
        QStringList listed;
        QTimer::singleShot(0, this, [&listed] {
            auto* table = QApplication::activeModalWidget()->findChild<QTableWidget*>(QStringLiteral("shortcutsTable"));
            for (int row = 0; table && row < table->rowCount(); ++row)
                listed += table->item(row, 0)->text().split(QStringLiteral(", "));
            QApplication::activeModalWidget()->close();
        });
        window()->findChild<QAction*>(QStringLiteral("shortcutsAction"))->trigger();
        for (const QString& keys : std::as_const(offered))
            QVERIFY2(listed.contains(keys), qPrintable(keys + QStringLiteral(" is not in Help → Keyboard shortcuts")));
    }

    // Every documented shortcut works while the navigation list has focus, as it does at start-up.
    void shortcutsWorkWithTheNavigationFocused()
    {
        open();
        auto* navigation = window()->navigation();
        const auto focusNavigation = [this, navigation] {
            // A closed dialog hands activation back asynchronously: take it, as the window manager would.
            QApplication::setActiveWindow(window());
            navigation->setFocus();
            QTRY_VERIFY(navigation->hasFocus());
        };

        focusNavigation();
        QTest::keyClick(navigation, Qt::Key_I, Qt::ControlModifier);
        auto* invite = ConsoleFixture::waitForDialog<InviteDialog>();
        QVERIFY2(invite, "Ctrl+I opens the invite dialog");
        invite->reject();

        focusNavigation();
        QSignalSpy connectRequested(window(), &MainWindow::connectRequested);
        QTest::keyClick(navigation, Qt::Key_O, Qt::ControlModifier);
        QCOMPARE(connectRequested.count(), 1);

        focusNavigation();
        QTest::keyClick(navigation, Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
        auto* editor = ConsoleFixture::waitForDialog<RoleEditorDialog>();
        QVERIFY2(editor, "Ctrl+Shift+N opens the new-role dialog");
        editor->reject();

        focusNavigation();
        QSignalSpy reloaded(m_console.session(), &AccountSession::reset);
        QTest::keyClick(navigation, Qt::Key_F5);
        QVERIFY2(reloaded.wait(10000), "F5 reloads the account");

        focusNavigation();
        QTest::keyClick(navigation, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(window()->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"))->hasFocus());

        // Delete acts on the table's current row, wherever the focus is.
        QVERIFY(ConsoleFixture::selectRow(window()->userManagement(), QStringLiteral("pending@example.com")));
        focusNavigation();
        Confirmation::setNextAnswer(false);
        QTest::keyClick(navigation, Qt::Key_Delete);
        QCOMPARE(
            Confirmation::lastQuestion(),
            QStringLiteral("Revoke the invitation for pending@example.com? The link in their email stops working."));
    }

    void connectIsPrefilledWithTheOpenStore()
    {
        ConnectionProfile current;
        current.store = QStringLiteral("sqlite:") + m_console.url().path;
        ConnectionDialog dialog(current);
        QCOMPARE(QDir::fromNativeSeparators(dialog.findChild<QLineEdit*>(QStringLiteral("fileLineEdit"))->text()),
                 m_console.url().path);
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("fileNoteLabel")));
        // The label's mnemonic is a mnemonic, not a literal ampersand.
        bool buddyFound = false;
        for (auto* label : dialog.findChildren<QLabel*>()) {
            if (label->buddy() == dialog.findChild<QLineEdit*>(QStringLiteral("fileLineEdit")))
                buddyFound = label->text() == QStringLiteral("&File:");
        }
        QVERIFY2(buddyFound, "File: has the file field as its buddy");
        dialog.show();
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("connectButton")), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.createsNewStore());
        QCOMPARE(dialog.profile().store, current.store);
    }

    // A mistyped path is refused with its name, and nothing is created on disk.
    void connectRefusesAPathThatDoesNotExist()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("nonexistent/dir/x.db"));
        ConnectionProfile current;
        current.store = QStringLiteral("sqlite:") + m_console.url().path;
        ConnectionDialog dialog(current);
        dialog.show();
        auto* file = dialog.findChild<QLineEdit*>(QStringLiteral("fileLineEdit"));
        file->selectAll();
        QTest::keyClicks(file, missing);
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("connectButton")), Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.result() != QDialog::Accepted);
        auto* messages = dialog.findChild<MessageBar*>(QStringLiteral("connectionMessageBar"));
        QVERIFY2(messages->text().startsWith(QStringLiteral("No file at %1.").arg(QDir::toNativeSeparators(missing))),
                 qPrintable(messages->text()));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("nonexistent"))));
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
        // The typed path is kept for correcting.
        QCOMPARE(file->text(), missing);
    }

    // Nothing is judged before the admin types: no pane shows an error on an untouched form.
    void untouchedFormsShowNoError()
    {
        ConnectionDialog connect({});
        connect.show();
        auto* messages = connect.findChild<MessageBar*>(QStringLiteral("connectionMessageBar"));
        auto* kind = connect.findChild<QComboBox*>(QStringLiteral("connectionKindComboBox"));
        for (int pane = 0; pane < kind->count(); ++pane) {
            kind->setCurrentIndex(pane);
            QVERIFY2(messages->text().isEmpty(),
                     qPrintable(kind->currentText() + QLatin1String(": ") + messages->text()));
        }
        // On Connect, the untouched Cloud pane says what is missing.
        kind->setCurrentIndex(ConnectionDialog::CloudPane);
        QTest::mouseClick(connect.findChild<QPushButton*>(QStringLiteral("connectButton")), Qt::LeftButton);
        QVERIFY(connect.isVisible());
        QVERIFY2(messages->text().startsWith(QStringLiteral("Choose the account")), qPrintable(messages->text()));

        FirstRunDialog welcome;
        welcome.show();
        auto* firstRunMessages = welcome.findChild<MessageBar*>(QStringLiteral("firstRunMessageBar"));
        QVERIFY(firstRunMessages->text().isEmpty());
        // Half an address, while it is being typed, is not yet wrong.
        QTest::keyClicks(welcome.findChild<QLineEdit*>(QStringLiteral("ownerEmailLineEdit")), QStringLiteral("ana@"));
        QVERIFY(firstRunMessages->text().isEmpty());
        QVERIFY(!welcome.findChild<QPushButton*>(QStringLiteral("createAccountButton"))->isEnabled());
    }

    // A new store whose first-run question is cancelled leaves nothing behind.
    void cancelledFirstRunLeavesNoFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fresh/new.db"));
        Console console(nullptr);
        QSignalSpy cancelled(&console, &Console::firstRunCancelled);
        ConnectionProfile profile;
        profile.store = QStringLiteral("sqlite:") + path;
        profile.name = path;
        Console::Options options;
        options.createIfMissing = true;
        console.open(profile, {}, options);
        auto* welcome = ConsoleFixture::waitForDialog<FirstRunDialog>();
        QVERIFY(welcome);
        welcome->reject();
        QTRY_COMPARE(cancelled.count(), 1);
        QVERIFY(!console.window());
        QVERIFY(!QFileInfo::exists(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
    }

    // The message bar floats: showing and hiding it never moves the table under the pointer.
    void messageBarDoesNotMoveTheTable()
    {
        open();
        window()->resize(1024, 700);
        QTest::qWait(50);
        QTableView* table = window()->userManagement()->view();
        const QRect before(table->mapTo(window(), QPoint(0, 0)), table->size());
        window()->messageBar()->showMessage(QStringLiteral("Something went wrong"), MessageBar::Kind::Error);
        QTRY_VERIFY(window()->messageBar()->isVisible());
        QCOMPARE(QRect(table->mapTo(window(), QPoint(0, 0)), table->size()), before);
        window()->messageBar()->clear();
        QTRY_VERIFY(!window()->messageBar()->isVisible());
        QCOMPARE(QRect(table->mapTo(window(), QPoint(0, 0)), table->size()), before);
        // An error belongs to its page: moving to another page takes it away.
        window()->messageBar()->showMessage(QStringLiteral("Something went wrong"), MessageBar::Kind::Error);
        window()->showRole(m_console.roleId(QStringLiteral("Operators")));
        QVERIFY(window()->messageBar()->text().isEmpty());
    }

    // At 1024 px the Roles column keeps at least 40 % of the table, and nothing needs a horizontal scroll bar.
    void rolesColumnKeepsItsShareAtNarrowWidths()
    {
        open();
        window()->resize(1024, 700);
        QTest::qWait(50);
        QTableView* table = window()->userManagement()->view();
        const int viewport = table->viewport()->width();
        QVERIFY2(
            table->columnWidth(UserTableModel::RolesColumn) >= int(viewport * 0.4) - 1,
            qPrintable(QStringLiteral("%1 of %2").arg(table->columnWidth(UserTableModel::RolesColumn)).arg(viewport)));
        QVERIFY2(table->horizontalHeader()->length() <= viewport,
                 qPrintable(QStringLiteral("%1 > %2").arg(table->horizontalHeader()->length()).arg(viewport)));
        // Wider windows give Roles the extra space.
        window()->resize(1600, 1000);
        QTest::qWait(50);
        QVERIFY(table->columnWidth(UserTableModel::RolesColumn) >= int(table->viewport()->width() * 0.4) - 1);
    }

    void hiddenColumnsAreRemembered()
    {
        open();
        QTableView* table = window()->userManagement()->view();
        QVERIFY(!table->isColumnHidden(UserTableModel::InvitedByColumn));
        QTimer::singleShot(0, this, [] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            QVERIFY(menu);
            for (QAction* action : menu->actions()) {
                if (action->text() == QStringLiteral("Invited by"))
                    action->trigger();
            }
            menu->close();
        });
        Q_EMIT table->horizontalHeader()->customContextMenuRequested(QPoint(10, 5));
        QVERIFY(table->isColumnHidden(UserTableModel::InvitedByColumn));
        // A new window (the next start) hides it too.
        open();
        QVERIFY(window()->userManagement()->view()->isColumnHidden(UserTableModel::InvitedByColumn));
        window()->userManagement()->view()->setColumnHidden(UserTableModel::InvitedByColumn, false);
        QSettings().remove(QStringLiteral("userManagement/hiddenColumns"));
    }

    // The Audit log page below the roles: newest first, filtered by who, by action family and by day.
    void auditPageFilters()
    {
        open();
        window()->showAuditLog();
        AuditPage* page = window()->auditPage();
        QVERIFY(page->isVisible());
        QTRY_VERIFY(page->model()->rowCount() >= 8);
        // Newest first: the fixture's last act (inviting pending@) is on top, or shares its millisecond with the one
        // before it.
        QVERIFY(page->model()->eventAt(0).at >= page->model()->eventAt(1).at);
        QVERIFY(page->model()->eventAt(0).target == QLatin1String("pending@example.com")
                || (page->model()->eventAt(1).target == QLatin1String("pending@example.com")
                    && page->model()->eventAt(0).at == page->model()->eventAt(1).at));
        page->findChild<QLineEdit*>(QStringLiteral("auditActorLineEdit"))->setText(QStringLiteral("ADMIN@example.com"));
        page->applyFilters();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->model()->index(0, AuditLogModel::ActionColumn).data().toString(),
                 QStringLiteral("Invitation accepted"));
        page->findChild<QLineEdit*>(QStringLiteral("auditActorLineEdit"))->clear();
        auto* action = page->findChild<QComboBox*>(QStringLiteral("auditActionComboBox"));
        action->setCurrentIndex(action->findData(QStringLiteral("role.")));
        page->applyFilters();
        QTRY_COMPARE(page->model()->rowCount(), 2); // Viewer and Operators
        auto* since = page->findChild<QDateEdit*>(QStringLiteral("auditSinceDateEdit"));
        since->setDate(QDate::currentDate().addDays(1));
        page->applyFilters();
        QTRY_COMPARE(page->model()->rowCount(), 0);
        since->setDate(QDate::currentDate());
        page->applyFilters();
        QTRY_COMPARE(page->model()->rowCount(), 2);
    }

    void pluralsAndTheFooter()
    {
        open();
        auto* count = window()->findChild<QLabel*>(QStringLiteral("countLabel"));
        QTRY_COMPARE(count->text(), QStringLiteral("6 people: 5 members, 1 pending"));
        auto* search = window()->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
        search->setText(QStringLiteral("pending@"));
        QTRY_COMPARE(count->text(), QStringLiteral("1 shown of 6 people: 5 members, 1 pending"));
        search->setText(QStringLiteral("zz"));
        auto* empty = window()->findChild<QLabel*>(QStringLiteral("emptyStateLabel"));
        QTRY_VERIFY(empty->isVisible());
        QVERIFY2(empty->text().contains(QStringLiteral("zz")), qPrintable(empty->text()));
    }

    // The Owner's Users tab cannot invite: the button is off and says why.
    void ownerTabInviteIsDisabledWithTheReason()
    {
        open();
        window()->showRole(m_console.roleId(QStringLiteral("Owner")));
        auto* panel = window()->roleDetails()->usersPanel();
        QVERIFY(panel);
        QVERIFY(!panel->inviteAction()->isEnabled());
        QVERIFY2(panel->inviteAction()->toolTip().contains(QStringLiteral("Owner")),
                 qPrintable(panel->inviteAction()->toolTip()));
        // Another role's tab can.
        window()->showRole(m_console.roleId(QStringLiteral("Operators")));
        QVERIFY(window()->roleDetails()->usersPanel()->inviteAction()->isEnabled());
    }

    // File → Export members… saves what the table shows: its filter and its order, roles by name.
    void exportSavesWhatTheTableShows()
    {
        open();
        auto* search = window()->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
        search->setText(QStringLiteral("example.com"));
        auto* status = window()->findChild<QComboBox*>(QStringLiteral("statusFilterComboBox"));
        status->setCurrentIndex(2); // pending
        QTRY_COMPARE(window()->userManagement()->proxy()->rowCount(), 1);
        const QList<PersonRow> rows = PeopleExport::shownRows(window()->userManagement());
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().email, QStringLiteral("pending@example.com"));
        QCOMPARE(rows.first().roles, (QStringList{QStringLiteral("Base"), QStringLiteral("Operators")}));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("people.csv"));
        QVERIFY(PeopleExport::save(rows, path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QVERIFY(csv.startsWith("email,roles,status,invited_by,date\r\npending@example.com,Base;Operators,PENDING,"));
        // A folder that cannot be written: a clear error, and nothing half-written.
        const auto refused = PeopleExport::save(rows, dir.filePath(QStringLiteral("missing/people.json")));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.startsWith(QStringLiteral("Could not save")),
                 qPrintable(refused.error().message));
    }

private:
    void open(const QString& actor = {}) { QVERIFY(m_console.open(actor)); }
    MainWindow* window() const { return m_console.window(); }

    ConsoleFixture m_console;
};

QTEST_MAIN(TestGuiConsole)
#include "tst_gui_console.moc"
