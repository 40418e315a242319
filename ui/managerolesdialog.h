// "Manage roles": a member's roles as a checklist, applied as one add/remove difference.
#pragma once

#include "domain.h"

#include <QDialog>

class AccountSession;
class MessageBar;
class QLabel;
class QListWidget;
class QPushButton;

class ManageRolesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManageRolesDialog)

public:
    ManageRolesDialog(AccountSession* session, const Member& member, QWidget* parent = nullptr);

    QStringList rolesToAdd() const;
    QStringList rolesToRemove() const;

Q_SIGNALS:
    // What was sent, by role id: for the summary "Team Lead added, Developer removed".
    void rolesUpdated(const Member& member, const QStringList& addedIds, const QStringList& removedIds);

private:
    void updateSaveButton();
    void save();

    AccountSession* m_session;
    Member m_member;
    QListWidget* m_rolesList;
    QLabel* m_changeLabel; // "Will add: Developer. Will remove: Ops."
    MessageBar* m_messages;
    QPushButton* m_saveButton;
};
