// The console's main window: navigation, the pages, the message bar and the status bar.
#pragma once

#include <QMainWindow>

class AccountSession;
class MessageBar;
class QLabel;
class QListWidget;
class QProgressBar;
class QStackedWidget;
class UsersPanel;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(AccountSession* session, QWidget* parent = nullptr);

    MessageBar* messageBar() const { return m_messages; }
    UsersPanel* userManagement() const { return m_userManagement; }
    QListWidget* navigation() const { return m_navigation; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void updateStatus();

    AccountSession* m_session;
    MessageBar* m_messages;
    QListWidget* m_navigation;
    QStackedWidget* m_pages;
    UsersPanel* m_userManagement;
    QLabel* m_storeLabel;
    QLabel* m_actorLabel;
    QProgressBar* m_busyIndicator;
};
