// Role Details: a role's header, its Permissions tab and its Users tab.
#pragma once

#include "domain.h"

#include <QWidget>

#include <functional>

class AccountSession;
class AllUsersModel;
class CheckListDelegate;
class MessageBar;
class PermissionTreeModel;
class PermissionHoldersView;
class QLabel;
class QPushButton;
class QTabWidget;
class QTreeView;
class QVBoxLayout;
class UsersPanel;

class RoleDetailsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoleDetailsPage)

public:
    // `people` is User Management's table; the Users tab shows the role's rows of it.
    RoleDetailsPage(AccountSession* session, MessageBar* messages, AllUsersModel* people, QWidget* parent = nullptr);

    void showRole(const QString& roleId);
    QString roleId() const { return m_roleId; }
    bool hasUnsavedChanges() const;
    // Asks Save, Discard or Cancel when permission changes are unsaved; true when it is fine to leave now. After
    // Save, leaving waits for the store: `leaveLater` runs once the change is saved (a refusal keeps the page).
    bool confirmLeave(const std::function<void()>& leaveLater = {});

    UsersPanel* usersPanel() const { return m_users; }
    PermissionHoldersView* permissionHolders() const { return m_holders; }
    PermissionTreeModel* permissionsModel() const { return m_permissions; }
    QTabWidget* tabs() const { return m_tabs; }

Q_SIGNALS:
    // The shown role was deleted (here or elsewhere); the window shows another page.
    void roleGone();
    // A role was created from here (Duplicate…); the window opens it.
    void openRole(const QString& roleId);

private:
    void refreshHeader();
    void refreshPermissionControls();
    void rename();
    void duplicate();
    void deleteRole();
    void save(const std::function<void()>& then = {});
    void addExistingMembers();

    AccountSession* m_session;
    MessageBar* m_messages;
    AllUsersModel* m_people;
    QString m_roleId;
    QLabel* m_titleLabel;
    QLabel* m_typeLabel;
    QLabel* m_descriptionLabel;
    QPushButton* m_renameButton;
    QPushButton* m_duplicateButton;
    QPushButton* m_deleteButton;
    QTabWidget* m_tabs;
    PermissionTreeModel* m_permissions;
    QTreeView* m_permissionsView;
    CheckListDelegate* m_permissionsDelegate;
    QLabel* m_permissionsNote;
    PermissionHoldersView* m_holders = nullptr;
    QPushButton* m_saveButton;
    QPushButton* m_discardButton;
    QWidget* m_usersTab;
    QVBoxLayout* m_usersLayout;
    UsersPanel* m_users = nullptr;
    QPushButton* m_addMembersButton = nullptr;
};
