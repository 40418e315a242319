// "Connect": a local file (opened, or made new), a PostgreSQL database, or a Qdrant Cloud account picked from the
// ones a credential can see.
#pragma once

#include "connectionprofile.h"

#include <QDialog>
#include <QPointer>

class CloudAccounts;
class MessageBar;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

class ConnectionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionDialog)

public:
    enum Pane { LocalPane, PostgresPane, CloudPane };

    // Prefilled with `current`, the store open now.
    explicit ConnectionDialog(const ConnectionProfile& current, QWidget* parent = nullptr);

    ConnectionProfile profile() const;
    // The password or credential typed here; never saved except in the keychain when asked.
    QString secret() const;
    bool rememberInKeychain() const;
    // The local file is to be made (New…), not opened: only then may Roster create it.
    bool createsNewStore() const { return m_createNew; }

    // The Qdrant Cloud pane: asks the endpoint which accounts the credential can see.
    void findAccounts();

    void accept() override;

Q_SIGNALS:
    // The account list came back (filled or not), for whoever waits on it.
    void accountsListed();

private:
    struct Problem
    {
        QString message;
        QWidget* field = nullptr;
    };
    QWidget* buildLocalPane();
    QWidget* buildPostgresPane();
    QWidget* buildCloudPane();
    void prefill(const ConnectionProfile& current);
    // The first thing wrong with the current pane, if any.
    Problem problem() const;
    // Shows the problem of a field the admin has edited (or every field's once they pressed Connect).
    void validate();
    QString accountId() const;
    void touch(QWidget* field);

    QComboBox* m_kindCombo;
    QStackedWidget* m_pages;
    QLineEdit* m_fileEdit;
    QLineEdit* m_postgresEdit;
    QLineEdit* m_postgresPasswordEdit;
    QComboBox* m_accountCombo;
    QPushButton* m_findAccountsButton;
    QLineEdit* m_endpointEdit;
    QComboBox* m_credentialKindCombo;
    QLineEdit* m_credentialEdit;
    QCheckBox* m_rememberCheck;
    MessageBar* m_messages;
    QPushButton* m_connectButton;
    CloudAccounts* m_accounts;
    QList<QLabel*> m_labels; // one column width for all panes
    QList<QWidget*> m_touched;
    bool m_submitted = false;
    bool m_createNew = false;
    int m_accountQuery = 0;
};
