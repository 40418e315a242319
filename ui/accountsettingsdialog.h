// File → Account settings…: what the account is, and how long its invitations last.
#pragma once

#include <QDialog>

class AccountSession;
class MessageBar;
class QLabel;
class QPushButton;
class QSpinBox;

class AccountSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountSettingsDialog)

public:
    explicit AccountSettingsDialog(AccountSession* session, QWidget* parent = nullptr);

    // Saves the lifetime shown (the Save button's work); the dialog closes once the store has it.
    void save();

private:
    AccountSession* m_session;
    QSpinBox* m_lifetime;
    QLabel* m_lifetimeNote;
    MessageBar* m_messages;
    QPushButton* m_saveButton;
};
