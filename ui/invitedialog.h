// "Invite users": one or several addresses and the roles they will get; Base is implicit.
#pragma once

#include <QDialog>

class AccountSession;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

class InviteDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InviteDialog)

public:
    // `preselectedRoleId`: the role whose Users tab the dialog was opened from, or empty.
    InviteDialog(AccountSession* session, const QString& preselectedRoleId, QWidget* parent = nullptr);

    QStringList emails() const;
    QStringList selectedRoleIds() const;

Q_SIGNALS:
    void invited(const QStringList& emails);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void validate();
    void send();

    AccountSession* m_session;
    QPlainTextEdit* m_emailsEdit;
    QListWidget* m_rolesList;
    QLabel* m_validationLabel;
    QLabel* m_errorLabel;
    QDialogButtonBox* m_buttons;
    QPushButton* m_sendButton;
    bool m_sending = false;
};
