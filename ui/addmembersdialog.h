// "Add existing member…": picks active members who lack a role and assigns it to them.
#pragma once

#include <QDialog>

class AccountSession;
class MemberChecklistModel;
class MessageBar;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSortFilterProxyModel;

class AddMembersDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddMembersDialog)

public:
    AddMembersDialog(AccountSession* session, const QString& roleId, QWidget* parent = nullptr);

    MemberChecklistModel* model() const { return m_members; }

Q_SIGNALS:
    void membersAdded(int count);

private:
    void submit();

    AccountSession* m_session;
    QString m_roleId;
    MemberChecklistModel* m_members;
    QSortFilterProxyModel* m_filter;
    QLineEdit* m_searchEdit;
    QListView* m_list;
    MessageBar* m_messages;
    QPushButton* m_addButton;
};
