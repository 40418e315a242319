// Under a role's permissions: who holds the selected permission, and through which role
// ("write:clusters: 14 people through 3 roles").
#pragma once

#include <QWidget>

class AccountSession;
class QLabel;
class QListWidget;

class PermissionHoldersView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PermissionHoldersView)

public:
    // At most this many people are listed; the summary counts everyone, and roster-cli access who lists them all.
    static constexpr int MaxListed = 500;

    explicit PermissionHoldersView(AccountSession* session, QWidget* parent = nullptr);

    // Shows the holders of `permission`; an empty value (a category row) shows a hint instead.
    void showPermission(const QString& permission);
    QString summary() const;
    QListWidget* list() const { return m_list; }

private:
    AccountSession* m_session;
    QString m_permission;
    QLabel* m_summary;
    QListWidget* m_list;
};
