// The side panel of a person on a users table: their roles, and every permission they hold with the roles that
// grant it ("write:clusters: from Cluster Operator, Admin"); for a pending invitation, what accepting will grant.
#pragma once

#include <QWidget>

class AccountSession;
class QLabel;
class QTreeWidget;

class PersonDetailsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PersonDetailsPanel)

public:
    explicit PersonDetailsPanel(AccountSession* session, QWidget* parent = nullptr);

    // Shows the member or pending invitation with this id; hides the panel when there is no such person.
    void showPerson(const QString& id);
    QString personId() const { return m_personId; }
    QTreeWidget* permissionsTree() const { return m_tree; }

private:
    void refresh();

    AccountSession* m_session;
    QString m_personId;
    QLabel* m_title;
    QLabel* m_facts;
    QTreeWidget* m_tree;
};
