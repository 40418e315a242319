// What the Actions menu, the Users menu and the keyboard do when several rows are selected: one change for all of
// them. Each row is judged by AccessRules first; the rows it refuses are left out and the confirmation says why,
// in the words of the single action. Local stores apply the rest in one transaction; the cloud goes person by
// person with a progress bar and Cancel, and ends with a report of each person.
#pragma once

#include "accountstore.h"
#include "usertablemodel.h"

#include <QObject>

class AccountSession;
class MessageBar;
class QAction;
class QMenu;
class QTableView;
class UserFilterProxyModel;

class BulkActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkActions)

public:
    BulkActions(AccountSession* session, QTableView* view, UserFilterProxyModel* proxy, UserTableModel* users,
                MessageBar* messages);

    // The selected rows, in the table's order.
    QList<UserTableModel::Row> selectedRows() const;
    // More than one row selected: the menus act on the selection.
    bool isActive() const;
    // Adds the selection's entries to `menu` (shown only while isActive()).
    void addTo(QMenu* menu);
    // Counts in the entries' texts, and which apply to the selection at all.
    void refresh();

    QAction* removeAction() const { return m_remove; }
    QAction* revokeAction() const { return m_revoke; }
    QAction* resendAction() const { return m_resend; }
    QMenu* addRoleMenu() const { return m_addRoleMenu; }
    QMenu* removeRoleMenu() const { return m_removeRoleMenu; }

    // Delete on a selection: remove its members, or, when it holds only invitations, revoke them.
    void deleteSelection();
    // Judges every selected row, confirms, applies and reports.
    void run(BulkChange change);

Q_SIGNALS:
    // A bulk change finished (whatever its outcome): for tests and for whoever follows.
    void finished(const BulkReport& report);

private:
    struct Plan
    {
        QStringList targets; // ids
        QStringList people; // emails, for the confirmation
        QStringList leftOut; // "reason (count)"
    };
    Plan plan(const BulkChange& change) const;
    void fillRoleMenus();
    void showReport(const BulkChange& change, const BulkReport& report);
    QString pastTense(const BulkChange& change, int count) const;

    AccountSession* m_session;
    QTableView* m_view;
    UserFilterProxyModel* m_proxy;
    UserTableModel* m_users;
    MessageBar* m_messages;
    QAction* m_remove;
    QAction* m_revoke;
    QAction* m_resend;
    QAction* m_copy;
    QMenu* m_addRoleMenu;
    QMenu* m_removeRoleMenu;
    QList<QAction*> m_entries; // everything this class puts into a menu
};
