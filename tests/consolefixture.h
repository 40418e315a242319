// A real console over a seeded SQLite account, for the GUI tests: opens the window as any member.
#pragma once

#include "accountsession.h"
#include "mainwindow.h"
#include "sqlstore.h"
#include "userspanel.h"

#include <QApplication>
#include <QDialog>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class ConsoleFixture
{
public:
    // Once per GUI test program: settings in a test location, and the language (empty: English locale and plural
    // forms), as `roster --lang` installs it.
    static void prepareApplication(const QString& language = {});

    // The account every GUI test starts from: the Owner, admin@ (Admin), member@ (Operators),
    // viewer@ (Viewer: read-only on users, invites and roles), base@ (Base only), and a pending
    // invite for pending@.
    bool seed();
    // Opens the main window acting as `actor` (empty: the Owner) and waits for the account to load.
    bool open(const QString& actor = {});
    void close();

    MainWindow* window() const { return m_window.get(); }
    AccountSession* session() const { return m_session.get(); }
    const StoreUrl& url() const { return m_url; }
    QString roleId(const QString& name) const;

    // The row of `email` in a users table, as the view shows it (proxy index), or invalid.
    static QModelIndex findRow(const UsersPanel* panel, const QString& email);
    // Makes `email`'s row the current one; false when it is not shown.
    static bool selectRow(const UsersPanel* panel, const QString& email);
    // Every email the table shows, in its order.
    static QStringList shownEmails(const UsersPanel* panel);

    template <typename T>
    static T* visibleDialog()
    {
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            if (auto* dialog = qobject_cast<T*>(widget); dialog && dialog->isVisible())
                return dialog;
        }
        return nullptr;
    }

    template <typename T>
    static T* waitForDialog()
    {
        return QTest::qWaitFor([] { return visibleDialog<T>() != nullptr; }) ? visibleDialog<T>() : nullptr;
    }

private:
    QTemporaryDir m_dir;
    StoreUrl m_url;
    std::unique_ptr<SqlStore> m_store;
    std::unique_ptr<AccountSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};
