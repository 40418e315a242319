// Users → Invite from file or list…: paste addresses or open a CSV (email, roles), see each row's fate before
// anything is sent, then send the ready rows only. Local stores send them in one transaction; the cloud one at a
// time with progress and Cancel. Sending the same list again skips who was already invited.
#pragma once

#include "accountstore.h"
#include "inviteplan.h"

#include <QDialog>

class AccountSession;
class InvitePlanModel;
class MessageBar;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

class BulkInviteDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkInviteDialog)

public:
    BulkInviteDialog(AccountSession* session, QWidget* parent = nullptr);

    // Reads `path` as the list (the Open CSV… button's work, for tests and drag and drop alike).
    bool loadCsv(const QString& path);
    // Judges the current list now (otherwise it is judged shortly after typing stops).
    void updatePreview();
    InvitePlanModel* preview() const { return m_plan; }
    MessageBar* messageBar() const { return m_messages; }

Q_SIGNALS:
    // After a send, with what it did.
    void sent(const InviteReport& report);

private:
    void chooseCsv();
    void send();
    InvitePlan::Account account() const;

    AccountSession* m_session;
    QPlainTextEdit* m_text;
    QPushButton* m_openButton;
    QLabel* m_sourceLabel;
    QListWidget* m_roles;
    QTableView* m_table;
    InvitePlanModel* m_plan;
    QLabel* m_counts;
    MessageBar* m_messages;
    QPushButton* m_sendButton;
    QTimer* m_debounce;
    QList<InviteRow> m_csvRows; // the opened file's rows; empty when the list is typed
};
