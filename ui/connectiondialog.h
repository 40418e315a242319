// "Connect": a local file, a PostgreSQL database, or a Qdrant Cloud account with its credential.
#pragma once

#include "connectionprofile.h"

#include <QDialog>

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
    explicit ConnectionDialog(QWidget* parent = nullptr);

    ConnectionProfile profile() const;
    // The password or credential typed here; never saved except in the keychain when asked.
    QString secret() const;
    bool rememberInKeychain() const;
    // The local file is to be made (New…), not opened (Open…).
    bool createsNewStore() const { return m_createNew; }

private:
    void validate();

    QComboBox* m_kindCombo;
    QStackedWidget* m_pages;
    QLineEdit* m_fileEdit;
    QLineEdit* m_postgresEdit;
    QLineEdit* m_postgresPasswordEdit;
    QLineEdit* m_accountEdit;
    QLineEdit* m_endpointEdit;
    QComboBox* m_credentialKindCombo;
    QLineEdit* m_credentialEdit;
    QCheckBox* m_rememberCheck;
    MessageBar* m_messages;
    bool m_edited = false;
    QPushButton* m_connectButton;
    bool m_createNew = false;
};
