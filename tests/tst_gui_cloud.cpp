// The console on the cloud backend (CloudStore over HTTP to serve): management key versus user token.
#include "accountsession.h"
#include "cloudfixture.h"
#include "cloudstore.h"
#include "confirmation.h"
#include "connectiondialog.h"
#include "consolefixture.h"
#include "invitedialog.h"
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
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
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

    // The API takes one address per call: a batch is not atomic, so the dialog says which went and which did not.
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
