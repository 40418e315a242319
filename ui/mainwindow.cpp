// Lays out the window and keeps the status bar in step with the session.
#include "mainwindow.h"

#include "accountsession.h"
#include "messagebar.h"
#include "userspanel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(AccountSession* session, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_messages(new MessageBar(this))
    , m_navigation(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_storeLabel(new QLabel(this))
    , m_actorLabel(new QLabel(this))
    , m_busyIndicator(new QProgressBar(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Roster"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/roster.svg")));

    m_navigation->setObjectName(QStringLiteral("navigationList"));
    m_navigation->setAccessibleName(tr("Navigation"));
    m_navigation->addItem(new QListWidgetItem(QIcon(QStringLiteral(":/icons/users.svg")), tr("User Management")));
    m_navigation->setCurrentRow(0);
    m_navigation->setMinimumWidth(160);

    m_userManagement = new UsersPanel(session, m_messages, {}, m_pages);
    m_userManagement->setObjectName(QStringLiteral("userManagementPage"));
    auto* userPage = new QWidget(m_pages);
    auto* userLayout = new QVBoxLayout(userPage);
    auto* title = new QLabel(tr("User Management"), userPage);
    title->setObjectName(QStringLiteral("pageTitleLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    title->setFont(titleFont);
    userLayout->addWidget(title);
    userLayout->addWidget(m_userManagement, 1);
    m_pages->addWidget(userPage);

    auto* content = new QWidget(this);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_messages);
    contentLayout->addWidget(m_pages, 1);
    auto* splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_navigation);
    splitter->addWidget(content);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 1000});
    setCentralWidget(splitter);

    m_storeLabel->setObjectName(QStringLiteral("storeLabel"));
    m_actorLabel->setObjectName(QStringLiteral("actorLabel"));
    m_busyIndicator->setObjectName(QStringLiteral("busyIndicator"));
    m_busyIndicator->setAccessibleName(tr("Working"));
    m_busyIndicator->setRange(0, 0);
    m_busyIndicator->setMaximumWidth(120);
    m_busyIndicator->setMaximumHeight(14);
    m_busyIndicator->hide();
    statusBar()->addWidget(m_storeLabel, 1);
    statusBar()->addPermanentWidget(m_busyIndicator);
    statusBar()->addPermanentWidget(m_actorLabel);

    buildMenus();
    connect(session, &AccountSession::reset, this, &MainWindow::updateStatus);
    connect(session, &AccountSession::busyChanged, m_busyIndicator, &QWidget::setVisible);
    connect(session, &AccountSession::loadFailed, this,
            [this](const Error& error) { m_messages->showMessage(error.message, MessageBar::Kind::Error); });
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    updateStatus();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1200, 720);
    splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* reload = file->addAction(tr("&Reload"), m_session, &AccountSession::reload);
    reload->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* users = menuBar()->addMenu(tr("&Users"));
    users->addAction(m_userManagement->inviteAction());
}

void MainWindow::updateStatus()
{
    m_storeLabel->setText(tr("Store: %1").arg(m_session->store()->location()));
    m_storeLabel->setAccessibleName(m_storeLabel->text());
    if (m_session->isLoaded()) {
        m_actorLabel->setText(tr("Signed in as %1").arg(m_session->actor().email));
        setWindowTitle(tr("%1 — Roster").arg(m_session->account().name));
    }
    m_actorLabel->setAccessibleName(m_actorLabel->text());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("mainSplitter")))
        settings.setValue(QStringLiteral("window/splitter"), splitter->saveState());
    event->accept();
}
