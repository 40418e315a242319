// The Audit log page: who did what, newest first, with filters by actor, action, target and dates, and a search.
// The table reads a page at a time as it scrolls. On PostgreSQL, events from other admins appear on top as they
// happen (the session hears the store's change notifications).
#pragma once

#include <QWidget>

class AccountSession;
class AuditLogModel;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

class AuditPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditPage)

public:
    explicit AuditPage(AccountSession* session, QWidget* parent = nullptr);

    AuditLogModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    // Reads the filters' current values into the table now (otherwise shortly after typing stops).
    void applyFilters();
    // Shown on navigation: reads from the top again.
    void reload();

private:
    void refreshNotice();

    AccountSession* m_session;
    AuditLogModel* m_model;
    QLabel* m_notice;
    QLineEdit* m_actor;
    QComboBox* m_action;
    QLineEdit* m_target;
    QDateEdit* m_since;
    QDateEdit* m_until;
    QLineEdit* m_search;
    QTableView* m_view;
    QLabel* m_status;
    QTimer* m_debounce;
};
