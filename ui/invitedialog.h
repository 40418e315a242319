// "Invite users": one or several addresses and the roles they will get; Base is implicit.
#pragma once

#include "result.h"

#include <QDialog>
#include <QHash>
#include <QSet>

class AccountSession;
class MessageBar;
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
    // What AccessRules says of inviting `email`, as far as this console knows the account: the words the store
    // would use, shown before anything is sent.
    Verdict verdictFor(const QString& email) const;
    // The addresses typed that can be sent as they are.
    QStringList sendableEmails() const;
    MessageBar* messageBar() const { return m_messages; }

Q_SIGNALS:
    void invited(const QStringList& emails);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void validate();
    void send();
    // "Will grant: Base, Developer": what the ticked boxes send, said before Send is pressed.
    void updateGrantSummary();

    AccountSession* m_session;
    QPlainTextEdit* m_emailsEdit;
    QListWidget* m_rolesList;
    QLabel* m_grantLabel;
    MessageBar* m_messages;
    QDialogButtonBox* m_buttons;
    QPushButton* m_sendButton;
    // Who is a member and who was invited (and by whom), keyed by emailKey(): read once, not per keystroke.
    bool m_edited = false;
    bool m_sending = false;
};
