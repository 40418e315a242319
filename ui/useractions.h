// The Actions menu of a user table row, shared by User Management and a role's Users tab.
//
// One QAction per operation serves the row button, the context menu, the Menu key, Shift+F10 and
// Delete/Backspace. Enabled state and tooltips come from AccessRules, so the UI explains refusals
// in the same words the store uses.
#pragma once

#include "usertablemodel.h"

#include <QObject>

#include <optional>

class AccountSession;
class BulkActions;
class MessageBar;
class QAction;
class QMenu;
class QTableView;
class UserFilterProxyModel;

class UserActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserActions)

public:
    // `roleId` non-empty: the table is that role's Users tab, which adds "Remove role from user…".
    UserActions(AccountSession* session, QTableView* view, UserFilterProxyModel* proxy, UserTableModel* users,
                MessageBar* messages, const QString& roleId = {});

    enum class Operation {
        ManageRoles,
        RemoveRole, // the role's Users tab: take that role away
        RemoveFromAccount,
        RevokeInvitation,
        ResendInvitation,
    };

    QMenu* menu() const { return m_menu; }
    QAction* manageRolesAction() const { return m_manageRoles; }
    QAction* removeRoleAction() const { return m_removeRole; }
    QAction* removeAction() const { return m_remove; }
    QAction* revokeAction() const { return m_revoke; }
    QAction* resendAction() const { return m_resend; }
    // The entries that act on a multi-selection.
    BulkActions* bulk() const { return m_bulk; }
    QAction* copyEmailAction() const { return m_copyEmail; }
    QAction* detailsAction() const { return m_details; }

Q_SIGNALS:
    // Details… on the current row: the person's roles and permissions, in the side panel.
    void detailsRequested(const QString& personId);

public:
    // Opens the menu for the row at `proxyIndex`, at `globalPos`; also makes that row current.
    void popupMenu(const QModelIndex& proxyIndex, const QPoint& globalPos);
    // Opens it under `globalAnchor` (the row's Actions button), right edges aligned.
    void popupMenuUnder(const QModelIndex& proxyIndex, const QRect& globalAnchor);
    // Brings the actions' enabled state and tooltips up to date for the current row.
    void refresh();
    // Delete/Backspace (the window's shortcut): the current row's destructive action, through its confirmation.
    void deleteCurrent();
    // What AccessRules says of `operation` on `row`: the enabled state and the tooltip come from here.
    Verdict verdict(Operation operation, const UserTableModel::Row& row) const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    std::optional<UserTableModel::Row> currentRow() const;
    void popupAtCurrentRow();
    void manageRoles();
    void removeFromAccount();
    void revokeInvitation();
    void resendInvitation();
    void removeRoleFromUser();
    void copyEmail();
    void report(const Error& error);
    // The destructive flows' one shape: still allowed, then a confirmation that names the person, then the change,
    // then a message that says what happened (or why not).
    template <typename T>
    void confirmAndRun(QAction* action, const QString& title, const QString& question, const QString& acceptText,
                       QFuture<T> (UserActions::*send)(const UserTableModel::Row&), const QString& done);
    QFuture<Outcome> sendRemoval(const UserTableModel::Row& row);
    QFuture<Result<Invite>> sendRevocation(const UserTableModel::Row& row);
    QFuture<Result<Invite>> sendResend(const UserTableModel::Row& row);
    // Makes `proxyIndex` current; a row inside a multi-selection keeps the selection, so the menu acts on all of it.
    void makeCurrent(const QModelIndex& proxyIndex);
    QFuture<Result<Member>> sendRoleRemoval(const UserTableModel::Row& row);
    Member memberOf(const UserTableModel::Row& row) const;
    Invite inviteOf(const UserTableModel::Row& row) const;

    AccountSession* m_session;
    QTableView* m_view;
    UserFilterProxyModel* m_proxy;
    UserTableModel* m_users;
    MessageBar* m_messages;
    QString m_roleId;
    QMenu* m_menu;
    QAction* m_manageRoles;
    QAction* m_removeRole;
    QAction* m_remove;
    QAction* m_revoke;
    QAction* m_resend;
    QAction* m_copyEmail;
    QAction* m_details;
    BulkActions* m_bulk;
};
