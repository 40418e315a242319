// A filterable, sortable table of members and pending invites with row actions and an Invite button.
//
// The User Management page shows it for the whole account; a role's Users tab shows it for one role.
#pragma once

#include <QWidget>

class AccountSession;
class MessageBar;
class QAction;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QTableView;
class PersonDetailsPanel;
class QTimer;
class QToolButton;
class UserActions;
class UserColumns;
class UserFilterProxyModel;
class UserTableModel;

class UsersPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsersPanel)

public:
    static constexpr int SearchDelayMs = 120;

    // `users` is everyone (User Management) or a role's holders (its Users tab, where invites preselect the role).
    UsersPanel(AccountSession* session, MessageBar* messages, UserTableModel* users, QWidget* parent = nullptr);
    ~UsersPanel() override;

    QTableView* view() const { return m_view; }
    UserTableModel* model() const { return m_users; }
    UserFilterProxyModel* proxy() const { return m_proxy; }
    UserActions* actions() const { return m_actions; }
    QAction* inviteAction() const { return m_inviteAction; }

    void openInviteDialog();
    // Ctrl+F: the search field, its text selected.
    void focusSearch();
    // Makes the person with this member or invite id the current row, scrolled into view.
    void selectPerson(const QString& id);
    // Places `widget` in the toolbar, left of the Invite button.
    void addToolbarWidget(QWidget* widget);
    PersonDetailsPanel* details() const { return m_details; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateEmptyState();
    void refreshRoleFilter();
    void refreshState();
    void updateCount();
    QString settingsKey() const;

    AccountSession* m_session;
    MessageBar* m_messages;
    QString m_roleId;
    UserTableModel* m_users;
    UserFilterProxyModel* m_proxy;
    QLineEdit* m_searchEdit;
    QTimer* m_searchTimer;
    QTimer* m_countTimer;
    PersonDetailsPanel* m_details = nullptr;
    QComboBox* m_statusCombo;
    QComboBox* m_roleCombo = nullptr;
    QToolButton* m_inviteButton;
    QAction* m_inviteAction;
    QHBoxLayout* m_toolbar = nullptr;
    QLabel* m_noticeLabel;
    QLabel* m_countLabel;
    QTableView* m_view;
    QLabel* m_emptyLabel = nullptr;
    UserColumns* m_columns = nullptr;
    UserActions* m_actions;
};
