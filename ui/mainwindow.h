// The console's main window.
#pragma once

#include <QMainWindow>

class AccountStore;
class QLabel;
class QListWidget;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(AccountStore* store, QWidget* parent = nullptr);

private:
    void reload();

    AccountStore* m_store;
    QLabel* m_summaryLabel;
    QListWidget* m_membersList;
};
