// The console on the cloud backend (CloudStore over HTTP to serve): management key versus user token.
#include "accountsession.h"
#include "bulkactions.h"
#include "bulkinvitedialog.h"
#include "bulkreportdialog.h"
#include "cloudfixture.h"
#include "cloudstore.h"
#include "confirmation.h"
#include "connectiondialog.h"
#include "consolefixture.h"
#include "invitedialog.h"
#include "inviteplanmodel.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "testsupport.h"
#include "translations.h"
#include "useractions.h"
#include "userfilterproxymodel.h"
#include "userspanel.h"
#include "usertablemodel.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

class TestGuiCloud : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ConsoleFixture::prepareApplication(); }

    void init()
    {
        QVERIFY(m_fixture.resetAccount());
        auto owner = m_fixture.storeFor();
        REQUIRE_OK(invites, owner->invite({QStringLiteral("bo@example.com")}, {QStringLiteral("Admin")}));
        REQUIRE_OK(member, m_fixture.storeFor(QStringLiteral("bo@example.com"))->acceptInvite(invites.sent.first().id));
        REQUIRE_OK(pending, owner->invite({QStringLiteral("cy@example.com")}, {}));
    }

    // A bulk revoke on the cloud goes person by person: a progress dialog, Cancel midway, and a report in which
    // what was done stays done and what was not sent is said.
    void bulkRevokeShowsProgressAndCancelsMidway()
    {
        QStringList emails;
        for (int i = 0; i < 12; ++i)
            emails.append(QStringLiteral("bulk%1@example.com").arg(i, 2, 10, QLatin1Char('0')));
        REQUIRE_OK(invited, m_fixture.storeFor()->invite(emails, {}));
        // Slow answers, so that there is a "midway" to cancel at.
        qputenv("ROSTER_SERVE_LATENCY_MS", "250");
        m_fixture.stopServer();
        const bool restarted = m_fixture.startServer();
        qunsetenv("ROSTER_SERVE_LATENCY_MS");
        QVERIFY(restarted);
        open(m_fixture.storeFor(QStringLiteral("bo@example.com")));
        QTableView* view = panel()->view();
        view->clearSelection();
        for (const auto& email : emails)
            view->selectionModel()->select(find(email), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        panel()->actions()->refresh();
        BulkActions* bulk = panel()->actions()->bulk();
        QVERIFY(bulk->revokeAction()->isVisible());
        QSignalSpy finished(bulk, &BulkActions::finished);
        Confirmation::setNextAnswer(true);
        bulk->revokeAction()->trigger();
        QVERIFY2(Confirmation::lastQuestion().contains(QStringLiteral("one person at a time")),
                 qPrintable(Confirmation::lastQuestion()));
        auto* progress = m_window->findChild<QProgressDialog*>(QStringLiteral("bulkProgressDialog"));
        QVERIFY(progress);
        QTRY_VERIFY_WITH_TIMEOUT(progress->value() >= 1, 20000);
        Q_EMIT progress->canceled(); // the Cancel button
        QVERIFY(progress->isVisible()); // until the calls in flight have answered
        QVERIFY(finished.wait(20000));
        const auto report = finished.first().first().value<BulkReport>();
        QVERIFY2(!report.done.isEmpty(), "some were revoked before Cancel");
        QVERIFY2(!report.notSent.isEmpty(), "Cancel stopped the rest");
        QCOMPARE(report.done.size() + report.notSent.size() + report.refused.size(), emails.size());
        // The table mirrors exactly what was done.
        for (const auto& email : report.done)
            QTRY_VERIFY2(!find(email).isValid(), qPrintable(email));
        for (const auto& email : report.notSent)
            QVERIFY2(find(email).isValid(), qPrintable(email));
        auto* dialog = ConsoleFixture::waitForDialog<BulkReportDialog>();
        QVERIFY(dialog);
        auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("bulkReportTable"));
        QCOMPARE(table->rowCount(), emails.size());
        QVERIFY(table->item(0, 1)->text().startsWith(QStringLiteral("Not sent")));
        dialog->close();
        // The store agrees with the report.
        REQUIRE_OK(snapshot, m_fixture.storeFor()->loadAccount());
        int stillPending = 0;
        for (const auto& invite : snapshot.pendingInvites)
            stillPending += emails.contains(invite.email) ? 1 : 0;
        QCOMPARE(stillPending, report.notSent.size());
    }

    // The bulk invite preview judges every kind of row the same on the cloud, and sends the ready ones one call each.
    void bulkInvitePreviewAndSendOnTheCloud()
    {
        open(m_fixture.storeFor(QStringLiteral("bo@example.com")));
        BulkInviteDialog dialog(m_session.get());
        dialog.show();
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("list.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("email,roles\nfay@example.com,Admin\nbo@example.com,\ncy@example.com,\nFAY@example.com,\n"
                  "bad@,\ngil@example.com,Wizards\nhal@example.com,Owner\nida@example.com,\n");
        csv.close();
        QVERIFY(dialog.loadCsv(csv.fileName()));
        using Fate = PlannedInvite::Fate;
        QList<Fate> fates;
        for (const auto& row : dialog.preview()->plan())
            fates.append(row.fate);
        QCOMPARE(fates,
                 (QList<Fate>{Fate::Ready, Fate::AlreadyMember, Fate::AlreadyInvited, Fate::Duplicate,
                              Fate::InvalidAddress, Fate::UnknownRole, Fate::OwnerRequested, Fate::Ready}));
        QSignalSpy sent(&dialog, &BulkInviteDialog::sent);
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("sendReadyButton")), Qt::LeftButton);
        QVERIFY(sent.wait(10000));
        const auto report = sent.first().first().value<InviteReport>();
        QCOMPARE(report.sent.size(), 2);
        QVERIFY(report.refused.isEmpty());
        QTRY_VERIFY(find(QStringLiteral("ida@example.com")).isValid());
        QTRY_COMPARE(dialog.preview()->plan().first().fate, Fate::AlreadyInvited);
    }

    void cleanup()
    {
        m_window.reset();
        m_session.reset();
        m_store.reset();
    }

    void managementKeyDisablesInviteAndRemoveWithTheReason()
    {
        open(m_fixture.managementKeyStore());
        QAction* invite = panel()->inviteAction();
        QVERIFY(!invite->isEnabled());
        QVERIFY2(invite->toolTip().contains(QStringLiteral("management key")), qPrintable(invite->toolTip()));
        select(QStringLiteral("bo@example.com"));
        QAction* remove = panel()->actions()->removeAction();
        QVERIFY(!remove->isEnabled());
        QVERIFY2(remove->toolTip().contains(QStringLiteral("management key")), qPrintable(remove->toolTip()));
        // What a key may do still works: revoking an invitation.
        select(QStringLiteral("cy@example.com"));
        QVERIFY(panel()->actions()->revokeAction()->isEnabled());
    }

    void userTokenInvitesAndRemoves()
    {
        open(m_fixture.storeFor(QStringLiteral("bo@example.com")));
        QVERIFY(panel()->inviteAction()->isEnabled());
        QVERIFY(awaitFuture(m_session->invite({QStringLiteral("dee@example.com")}, {})).ok());
        QTRY_VERIFY(find(QStringLiteral("dee@example.com")).isValid());
        REQUIRE_OK(owner, m_fixture.storeFor()->invite({QStringLiteral("eve@example.com")}, {}));
        // eve joins (through the owner's store), then bo removes her from the console.
        REQUIRE_OK(
            joined,
            m_fixture.storeFor(QStringLiteral("eve@example.com"))->acceptInvite(QStringLiteral("eve@example.com")));
        QSignalSpy reloaded(m_session.get(), &AccountSession::reset);
        m_session->reload();
        QVERIFY(reloaded.wait(5000));
        select(QStringLiteral("eve@example.com"));
        QAction* remove = panel()->actions()->removeAction();
        QVERIFY2(remove->isEnabled(), qPrintable(remove->toolTip()));
        Confirmation::setNextAnswer(true);
        remove->trigger();
        QTRY_VERIFY(!find(QStringLiteral("eve@example.com")).isValid());
    }

    // Connect offers the accounts a credential can see (ListAccounts through serve): nobody pastes a GUID.
    void connectOffersTheAccountsACredentialSees()
    {
        ConnectionDialog dialog({});
        dialog.show();
        auto* kind = dialog.findChild<QComboBox*>(QStringLiteral("connectionKindComboBox"));
        kind->setCurrentIndex(ConnectionDialog::CloudPane);
        auto* endpoint = dialog.findChild<QLineEdit*>(QStringLiteral("endpointLineEdit"));
        endpoint->setText(QStringLiteral("http://127.0.0.1:%1").arg(m_fixture.port()));
        auto* credentialKind = dialog.findChild<QComboBox*>(QStringLiteral("credentialKindComboBox"));
        auto* credential = dialog.findChild<QLineEdit*>(QStringLiteral("credentialLineEdit"));
        auto* accounts = dialog.findChild<QComboBox*>(QStringLiteral("accountComboBox"));
        auto* messages = dialog.findChild<MessageBar*>(QStringLiteral("connectionMessageBar"));
        QSignalSpy listed(&dialog, &ConnectionDialog::accountsListed);

        // A wrong credential: refused, and the account field keeps what was typed.
        credentialKind->setCurrentIndex(credentialKind->findData(int(CloudCredential::Kind::ManagementKey)));
        credential->setText(QStringLiteral("not-a-key"));
        accounts->setEditText(QStringLiteral("typed-by-hand"));
        dialog.findAccounts();
        QVERIFY(listed.wait(10000));
        QCOMPARE(messages->kind(), MessageBar::Kind::Error);
        QCOMPARE(accounts->count(), 0);
        QCOMPARE(accounts->currentText(), QStringLiteral("typed-by-hand"));

        // The management key sees the served account; picking it sends its id.
        credential->setText(QStringLiteral("management-key"));
        dialog.findAccounts();
        QVERIFY(listed.wait(10000));
        QCOMPARE(accounts->count(), 1);
        QCOMPARE(accounts->itemData(0).toString(), m_fixture.accountId());
        QCOMPARE(dialog.profile().store, QStringLiteral("cloud:") + m_fixture.accountId());
        QVERIFY(accounts->currentText().contains(m_fixture.accountId()));
        QCOMPARE(dialog.secret(), QStringLiteral("management-key"));
    }

    // The API takes one address per call: a batch is not atomic, so the dialog says which went and which did not.
    void inviteDialogReportsEachAddress()
    {
        open(m_fixture.storeFor(QStringLiteral("bo@example.com")));
        panel()->openInviteDialog();
        auto* dialog = ConsoleFixture::waitForDialog<InviteDialog>();
        QVERIFY(dialog);
        auto* edit = dialog->findChild<QPlainTextEdit*>(QStringLiteral("emailsTextEdit"));
        QTest::keyClicks(edit, QStringLiteral("fay@example.com, gil@example.com"));
        // The Owner invites gil@ after the dialog read the account: only the server can know.
        REQUIRE_OK(first, m_fixture.storeFor()->invite({QStringLiteral("gil@example.com")}, {}));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("sendInviteButton")), Qt::LeftButton);
        QTRY_COMPARE(dialog->messageBar()->text(),
                     QStringLiteral("Sent to fay@example.com.\nNot sent: gil@example.com was already invited by "
                                    "owner@example.com."));
        QCOMPARE(edit->toPlainText(), QStringLiteral("gil@example.com")); // what is left is what was not sent
        QTRY_VERIFY(find(QStringLiteral("fay@example.com")).isValid());
        QVERIFY(dialog->isVisible());
    }

private:
    void open(std::unique_ptr<AccountStore> store)
    {
        m_store = std::move(store);
        m_session = std::make_unique<AccountSession>(m_store.get());
        m_window = std::make_unique<MainWindow>(m_session.get());
        m_window->show();
        QSignalSpy loaded(m_session.get(), &AccountSession::reset);
        m_session->reload();
        QVERIFY(loaded.wait(10000));
    }

    UsersPanel* panel() const { return m_window->userManagement(); }

    QModelIndex find(const QString& email) const { return ConsoleFixture::findRow(panel(), email); }

    void select(const QString& email) { QVERIFY2(ConsoleFixture::selectRow(panel(), email), qPrintable(email)); }

    CloudFixture m_fixture;
    std::unique_ptr<AccountStore> m_store;
    std::unique_ptr<AccountSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestGuiCloud)
#include "tst_gui_cloud.moc"
