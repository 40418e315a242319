// The first main window: loads the account off the GUI thread and lists its members.
#include "mainwindow.h"

#include "accountstore.h"

#include <QLabel>
#include <QListWidget>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(AccountStore* store, QWidget* parent)
    : QMainWindow(parent)
    , m_store(store)
    , m_summaryLabel(new QLabel(this))
    , m_membersList(new QListWidget(this))
{
    setWindowTitle(tr("Roster"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_membersList);
    m_membersList->setAccessibleName(tr("Users"));
    setCentralWidget(central);
    statusBar()->showMessage(m_store->location());
    resize(900, 600);
    reload();
}

void MainWindow::reload()
{
    m_summaryLabel->setText(tr("Loading…"));
    m_store->loadAccount().then(this, [this](const Result<AccountSnapshot>& result) {
        if (!result) {
            m_summaryLabel->setText(result.error().message);
            return;
        }
        const auto& snapshot = result.value();
        m_summaryLabel->setText(tr("%1: %2 members, %3 pending invitations")
                                    .arg(snapshot.account.name)
                                    .arg(snapshot.members.size())
                                    .arg(snapshot.pendingInvites.size()));
        m_membersList->clear();
        for (const auto& member : snapshot.members)
            m_membersList->addItem(member.email);
        for (const auto& invite : snapshot.pendingInvites)
            m_membersList->addItem(tr("%1 (invited)").arg(invite.email));
    });
}
