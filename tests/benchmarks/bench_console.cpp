// Prints the console's figures on a large store: time to rows, filter keystroke, sort, invite round trip, peak memory.
// A benchmark, not a test: it asserts nothing and prints numbers (scripts/bench.sh runs it).
#include "accountsession.h"
#include "awaitfuture.h"
#include "mainwindow.h"
#include "roledetailspage.h"
#include "sqlstore.h"
#include "userfilterproxymodel.h"
#include "userspanel.h"
#include "usertablemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <cstdio>

static long peakMemoryKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

static double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

int main(int argc, char** argv)
{
    QElapsedTimer launch;
    launch.start();
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_console STORE.db\n");
        return 1;
    }
    StoreUrl url;
    url.path = QString::fromLocal8Bit(argv[1]);
    SqlStore store(url, {});
    if (!awaitFuture(store.open(SqlAccountEngine::OpenMode::MustExist)))
        return 1;
    {
        // The store's share of the launch: one snapshot load on the worker thread.
        QElapsedTimer load;
        load.start();
        const auto snapshot = awaitFuture(store.loadAccount());
        std::printf("store load (members, roles, invites): %.0f ms\n", load.nsecsElapsed() / 1e6);
    }
    launch.restart();
    AccountSession session(&store);
    MainWindow window(&session);
    window.show();
    UsersPanel* panel = window.userManagement();
    session.reload();
    // Rows are on screen once the model has them and the view has laid them out.
    while (panel->proxy()->rowCount() == 0)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    QCoreApplication::processEvents();
    const double toRows = launch.nsecsElapsed() / 1e6;
    std::printf("rows: %d\n", panel->model()->rowCount());
    std::printf("window created to rows shown: %.0f ms\n", toRows);

    // A keystroke only restarts the search timer; the filter pass runs once typing pauses.
    auto* search = window.findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
    QList<double> keystrokes;
    QList<double> filterPasses;
    const QString typed = QStringLiteral("ana.l");
    for (int round = 0; round < 3; ++round) {
        for (const QChar c : typed) {
            QElapsedTimer timer;
            timer.start();
            QTest::keyClick(search, c.toLatin1());
            QCoreApplication::processEvents();
            keystrokes.append(timer.nsecsElapsed() / 1e6);
        }
        QElapsedTimer pass;
        pass.start();
        panel->proxy()->setSearchText(search->text()); // what the timer runs, timed on its own
        QCoreApplication::processEvents();
        filterPasses.append(pass.nsecsElapsed() / 1e6);
        QTest::qWait(UsersPanel::SearchDelayMs + 20);
        search->clear();
        QTest::qWait(UsersPanel::SearchDelayMs + 20);
    }
    std::printf("filter keystroke: median %.2f ms, worst %.2f ms (%lld samples)\n", median(keystrokes),
                *std::max_element(keystrokes.cbegin(), keystrokes.cend()), static_cast<long long>(keystrokes.size()));
    std::printf("filter pass after the %d ms pause (\"%s\" over all rows): median %.1f ms, worst %.1f ms\n",
                UsersPanel::SearchDelayMs, qPrintable(typed), median(filterPasses),
                *std::max_element(filterPasses.cbegin(), filterPasses.cend()));
    QCoreApplication::processEvents();

    QList<double> sorts;
    for (auto order : {Qt::DescendingOrder, Qt::AscendingOrder, Qt::DescendingOrder, Qt::AscendingOrder}) {
        QElapsedTimer timer;
        timer.start();
        panel->view()->sortByColumn(UserTableModel::EmailColumn, order);
        QCoreApplication::processEvents();
        sorts.append(timer.nsecsElapsed() / 1e6);
    }
    std::printf("sort by Email: median %.0f ms, worst %.0f ms\n", median(sorts),
                *std::max_element(sorts.cbegin(), sorts.cend()));

    QList<double> invites;
    for (int i = 0; i < 5; ++i) {
        const QString email = QStringLiteral("bench.%1.%2@example.com").arg(QCoreApplication::applicationPid()).arg(i);
        QElapsedTimer timer;
        timer.start();
        session.invite({email}, {});
        while (panel->model()->rowCount() == 0 || panel->model()->rowAt(panel->model()->rowCount() - 1).email != email)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QCoreApplication::processEvents();
        invites.append(timer.nsecsElapsed() / 1e6);
    }
    std::printf("send invite to row shown: median %.1f ms, worst %.1f ms\n", median(invites),
                *std::max_element(invites.cbegin(), invites.cend()));
    // Role Details: Base is held by every member, the largest Users tab an account can have;
    // scripts/bench.sh adds "Half", held by 50,000 members.
    for (const auto& role : session.roles()) {
        if (role.system != SystemRole::Base && role.system != SystemRole::Admin && role.name != QLatin1String("Half"))
            continue;
        QElapsedTimer timer;
        timer.start();
        window.showRole(role.id);
        QCoreApplication::processEvents();
        std::printf("open %s's Users tab (%d people): %.0f ms\n", qPrintable(role.name),
                    window.roleDetails()->usersPanel()->model()->rowCount(), timer.nsecsElapsed() / 1e6);
    }
    std::printf("peak memory (VmHWM): %.0f MB\n", peakMemoryKiB() / 1024.0);
    return 0;
}
