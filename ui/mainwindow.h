// The console's main window: navigation, the pages, the message bar and the status bar.
#pragma once

#include <QMainWindow>

class AccountSession;
class MessageBar;
class QLabel;
class QListWidget;
class QMenu;
class QProgressBar;
class QListWidgetItem;
class QStackedWidget;
class AuditPage;
class RoleDetailsPage;
class UsersPanel;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(AccountSession* session, QWidget* parent = nullptr);

    MessageBar* messageBar() const { return m_messages; }
    UsersPanel* userManagement() const { return m_userManagement; }
    RoleDetailsPage* roleDetails() const { return m_roleDetails; }
    AuditPage* auditPage() const { return m_auditPage; }
    void showAuditLog();
    QListWidget* navigation() const { return m_navigation; }

    // Navigation targets, as a keyboard or test would reach them.
    void showUserManagement();
    void showRole(const QString& roleId);
    void addRole();
    // File → Recent connections: the saved profiles' names, newest first.
    void setRecentConnections(const QStringList& names);

Q_SIGNALS:
    void connectRequested();
    void recentConnectionRequested(const QString& name);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    enum class Target {
        UserManagement,
        Header,
        AddRole,
        Role,
        AuditLog,
    };

    void buildMenus();
    // The users table of the page in view: User Management, or the shown role's Users tab.
    UsersPanel* currentUsersPanel() const;
    // File → Export members…: what the table in view shows, as CSV or JSON.
    void exportMembers();
    void syncInviteAction();
    void updateStatus();
    void rebuildNavigation();
    void navigate(int row);
    int rowOf(Target target, const QString& roleId = {}) const;
    static Target targetOf(const QListWidgetItem* item);

    AccountSession* m_session;
    MessageBar* m_messages;
    QListWidget* m_navigation;
    QStackedWidget* m_pages;
    UsersPanel* m_userManagement;
    RoleDetailsPage* m_roleDetails;
    AuditPage* m_auditPage;
    QAction* m_addRoleAction = nullptr;
    QAction* m_inviteAction = nullptr;
    QAction* m_deleteAction = nullptr;
    QAction* m_rowActionsSeparator = nullptr;
    QList<QAction*> m_rowActions; // the selected row's, lent to the Users menu while it is open
    QMenu* m_recentMenu = nullptr;
    int m_currentRow = 0;
    QLabel* m_storeLabel;
    QLabel* m_actorLabel;
    QProgressBar* m_busyIndicator;
};
