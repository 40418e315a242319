// Lays out the window and keeps the status bar in step with the session.
#include "mainwindow.h"

#include "allusersmodel.h"

#include "accountsettingsdialog.h"
#include "auditpage.h"
#include "bulkinvitedialog.h"
#include "peopleexport.h"
#include "userfilterproxymodel.h"

#include <QDir>

#include "accessrules.h"
#include "accountsession.h"
#include "confirmation.h"
#include "helpdialogs.h"
#include "messagebar.h"
#include "roledetailspage.h"
#include "roleeditordialog.h"
#include "useractions.h"
#include "userspanel.h"

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>
#include <QWhatsThis>

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
    m_navigation->setMinimumWidth(160);

    // One table of everyone, which User Management shows and each role's Users tab indexes.
    auto* people = new AllUsersModel(session, this);
    m_userManagement = new UsersPanel(session, m_messages, people, m_pages);
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
    m_roleDetails = new RoleDetailsPage(session, m_messages, people, m_pages);
    m_pages->addWidget(m_roleDetails);
    m_auditPage = new AuditPage(session, m_pages);
    m_pages->addWidget(m_auditPage);
    connect(m_roleDetails, &RoleDetailsPage::roleGone, this, &MainWindow::showUserManagement);
    connect(m_roleDetails, &RoleDetailsPage::openRole, this, &MainWindow::showRole);

    auto* content = new QWidget(this);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_pages, 1);
    // The message bar floats over the page's foot: showing and hiding it never moves a row under the pointer.
    m_messages->floatOver(content);
    auto* splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_navigation);
    splitter->addWidget(content);
    splitter->setStretchFactor(1, 1);
    // The navigation is as wide as its longest fixed entry needs (in any language: German's section titles are
    // the longest), so that narrow windows give the table the rest.
    QFont bold = m_navigation->font();
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    const int entryWidth = std::max(
        {m_navigation->fontMetrics().horizontalAdvance(tr("User Management")),
         m_navigation->fontMetrics().horizontalAdvance(tr("Add role…")),
         m_navigation->fontMetrics().horizontalAdvance(tr("Audit log")), boldMetrics.horizontalAdvance(tr("Roles")),
         boldMetrics.horizontalAdvance(tr("Custom roles")), boldMetrics.horizontalAdvance(tr("History"))});
    const int navigationWidth = entryWidth + 3 * m_navigation->iconSize().width() + 16;
    splitter->setSizes({qMax(160, navigationWidth), 1000});
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
    connect(m_navigation, &QListWidget::currentRowChanged, this, &MainWindow::navigate);
    connect(m_navigation, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        if (targetOf(item) == Target::AddRole)
            addRole();
    });
    connect(m_navigation, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        if (targetOf(item) == Target::AddRole)
            addRole();
    });
    connect(session, &AccountSession::reset, this, &MainWindow::rebuildNavigation);
    connect(session, &AccountSession::roleAdded, this, &MainWindow::rebuildNavigation);
    connect(session, &AccountSession::roleChanged, this, &MainWindow::rebuildNavigation);
    connect(session, &AccountSession::roleRemoved, this, &MainWindow::rebuildNavigation);
    rebuildNavigation();
    updateStatus();
    connect(session, &AccountSession::reset, this, &MainWindow::syncInviteAction);
    connect(session, &AccountSession::busyChanged, this, &MainWindow::syncInviteAction);
    syncInviteAction();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1200, 720);
    splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* connectAction = file->addAction(tr("&Connect…"), this, &MainWindow::connectRequested);
    connectAction->setObjectName(QStringLiteral("connectAction"));
    connectAction->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Recent &connections"));
    file->addSeparator();
    QAction* exportAction = file->addAction(tr("&Export members…"), this, &MainWindow::exportMembers);
    exportAction->setObjectName(QStringLiteral("exportMembersAction"));
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_recentMenu->setEnabled(false);
    QAction* settingsAction = file->addAction(tr("Account &settings…"), this, [this] {
        auto* dialog = new AccountSettingsDialog(m_session, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    settingsAction->setObjectName(QStringLiteral("accountSettingsAction"));
    QAction* reload = file->addAction(tr("&Reload"), m_session, &AccountSession::reload);
    reload->setObjectName(QStringLiteral("reloadAction"));
    reload->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    // Users: the shortcuts work from anywhere in the window, and act on the page in view.
    QMenu* users = menuBar()->addMenu(tr("&Users"));
    users->setObjectName(QStringLiteral("usersMenu"));
    m_inviteAction = users->addAction(QIcon(QStringLiteral(":/icons/invite.svg")), tr("&Invite user…"), this, [this] {
        if (UsersPanel* panel = currentUsersPanel())
            panel->openInviteDialog();
    });
    m_inviteAction->setObjectName(QStringLiteral("windowInviteAction"));
    QAction* inviteList = users->addAction(tr("Invite from &file or list…"), this, [this] {
        auto* dialog = new BulkInviteDialog(m_session, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    inviteList->setObjectName(QStringLiteral("inviteFromListAction"));
    inviteList->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    m_inviteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    QAction* find = users->addAction(tr("&Find…"), this, [this] {
        if (m_pages->currentWidget() == m_roleDetails)
            m_roleDetails->tabs()->setCurrentIndex(1);
        if (UsersPanel* panel = currentUsersPanel())
            panel->focusSearch();
    });
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcut(QKeySequence::Find);
    m_deleteAction = new QAction(tr("Remove or revoke the selected person"), this);
    m_deleteAction->setObjectName(QStringLiteral("deleteSelectedAction"));
    m_deleteAction->setShortcuts({QKeySequence(Qt::Key_Delete), QKeySequence(Qt::Key_Backspace)});
    connect(m_deleteAction, &QAction::triggered, this, [this] {
        UsersPanel* panel = currentUsersPanel();
        if (panel && panel->isVisible())
            panel->actions()->deleteCurrent();
    });
    addAction(m_deleteAction);
    m_rowActionsSeparator = users->addSeparator();
    // The selected row's actions, as in its Actions menu: refreshed each time the menu opens.
    connect(users, &QMenu::aboutToShow, this, [this, users, inviteList] {
        syncInviteAction();
        const Verdict invite = AccessRules::canInvite(m_session->actorContext());
        inviteList->setEnabled(invite.isAllowed());
        inviteList->setToolTip(invite.isAllowed() ? tr("Preview a list of people, then invite the ready ones")
                                                  : invite.reason());
        for (QAction* action : std::as_const(m_rowActions))
            users->removeAction(action);
        m_rowActions.clear();
        if (UsersPanel* panel = currentUsersPanel()) {
            panel->actions()->refresh();
            for (QAction* action : panel->actions()->menu()->actions()) {
                users->addAction(action);
                m_rowActions.append(action);
            }
        }
    });

    QMenu* roles = menuBar()->addMenu(tr("&Roles"));
    m_addRoleAction =
        roles->addAction(QIcon(QStringLiteral(":/icons/role.svg")), tr("&Add role…"), this, &MainWindow::addRole);
    m_addRoleAction->setObjectName(QStringLiteral("addRoleAction"));
    m_addRoleAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts =
        help->addAction(tr("&Keyboard shortcuts"), this, [this] { HelpDialogs::showKeyboardShortcuts(this); });
    shortcuts->setObjectName(QStringLiteral("shortcutsAction"));
    shortcuts->setShortcut(QKeySequence::HelpContents);
    // Shift+F1, then a click on a field: what it means (credential types, the PostgreSQL URL, expiry…).
    QAction* whatsThis = QWhatsThis::createAction(this);
    whatsThis->setObjectName(QStringLiteral("whatsThisAction"));
    help->addAction(whatsThis);
    QAction* about = help->addAction(tr("&About Roster"), this,
                                     [this] { HelpDialogs::showAbout(this, m_session->store()->location()); });
    about->setObjectName(QStringLiteral("aboutAction"));
}

UsersPanel* MainWindow::currentUsersPanel() const
{
    if (m_pages->currentWidget() == m_roleDetails)
        return m_roleDetails->usersPanel();
    return m_userManagement;
}

void MainWindow::exportMembers()
{
    const UsersPanel* panel = currentUsersPanel();
    if (!panel)
        return;
    const int count = panel->proxy()->rowCount();
    const Result<QString> path = PeopleExport::exportFrom(panel, this);
    if (!path)
        m_messages->showMessage(path.error().message, MessageBar::Kind::Error);
    else if (!path.value().isEmpty())
        m_messages->showMessage(
            tr("Exported %n person(s) to %1.", nullptr, count).arg(QDir::toNativeSeparators(path.value())));
}

void MainWindow::syncInviteAction()
{
    // The window's Ctrl+I is the page's Invite button: same state, same reason.
    const UsersPanel* panel = currentUsersPanel();
    m_inviteAction->setEnabled(panel && panel->inviteAction()->isEnabled());
    m_inviteAction->setToolTip(panel ? panel->inviteAction()->toolTip() : QString());
    m_inviteAction->setStatusTip(m_inviteAction->toolTip());
}

void MainWindow::setRecentConnections(const QStringList& names)
{
    m_recentMenu->clear();
    for (const auto& name : names)
        m_recentMenu->addAction(name, this, [this, name] { Q_EMIT recentConnectionRequested(name); });
    m_recentMenu->setEnabled(!names.isEmpty());
}

MainWindow::Target MainWindow::targetOf(const QListWidgetItem* item)
{
    return item ? Target(item->data(Qt::UserRole).toInt()) : Target::Header;
}

int MainWindow::rowOf(Target target, const QString& roleId) const
{
    for (int row = 0; row < m_navigation->count(); ++row) {
        const QListWidgetItem* item = m_navigation->item(row);
        if (targetOf(item) == target && (roleId.isEmpty() || item->data(Qt::UserRole + 1).toString() == roleId))
            return row;
    }
    return -1;
}

void MainWindow::rebuildNavigation()
{
    const QListWidgetItem* current = m_navigation->item(m_currentRow);
    const Target currentTarget = current ? targetOf(current) : Target::UserManagement;
    const QString currentRole = current ? current->data(Qt::UserRole + 1).toString() : QString();

    const QSignalBlocker blocker(m_navigation);
    m_navigation->clear();
    const auto add = [this](Target target, const QString& text, const QString& icon, const QString& roleId = {}) {
        auto* item = new QListWidgetItem(text, m_navigation);
        item->setData(Qt::UserRole, int(target));
        item->setData(Qt::UserRole + 1, roleId);
        if (!icon.isEmpty())
            item->setIcon(QIcon(icon));
        if (target == Target::Header) {
            item->setFlags(Qt::NoItemFlags); // a section title, skipped by the keyboard
            QFont font = item->font();
            font.setBold(true);
            item->setFont(font);
            // A title, not a disabled entry: full contrast, in the palette's own text colour.
            item->setForeground(m_navigation->palette().color(QPalette::Text));
        }
        return item;
    };
    // Roles → Add role… says what the rules say, whether or not the roles are visible to this actor.
    const Verdict canAdd = AccessRules::canCreateRole(m_session->actorContext());
    if (m_addRoleAction) {
        m_addRoleAction->setEnabled(m_session->isLoaded() && canAdd.isAllowed());
        m_addRoleAction->setToolTip(canAdd.isAllowed() ? tr("Create a custom role (Ctrl+Shift+N)") : canAdd.reason());
    }
    add(Target::UserManagement, tr("User Management"), QStringLiteral(":/icons/users.svg"));
    if (m_session->rolesVisible()) {
        add(Target::Header, tr("Roles"), {});
        for (const auto& role : m_session->roles()) {
            if (role.isSystem())
                add(Target::Role, role.name, QStringLiteral(":/icons/role-system.svg"), role.id);
        }
        add(Target::Header, tr("Custom roles"), {});
        QListWidgetItem* addItem = add(Target::AddRole, tr("Add role…"), QStringLiteral(":/icons/add.svg"));
        addItem->setToolTip(canAdd.isAllowed() ? tr("Create a custom role (Ctrl+Shift+N)") : canAdd.reason());
        if (!canAdd)
            addItem->setFlags(addItem->flags() & ~Qt::ItemIsEnabled);
        QList<Role> custom;
        for (const auto& role : m_session->roles()) {
            if (!role.isSystem())
                custom.append(role);
        }
        std::sort(custom.begin(), custom.end(),
                  [](const Role& a, const Role& b) { return a.name.localeAwareCompare(b.name) < 0; });
        for (const auto& role : custom)
            add(Target::Role, role.name, QStringLiteral(":/icons/role.svg"), role.id);
    }
    // Below the roles: the account's history.
    add(Target::Header, tr("History"), {});
    add(Target::AuditLog, tr("Audit log"), QStringLiteral(":/icons/users.svg"));
    int row = rowOf(currentTarget, currentRole);
    if (row < 0 || currentTarget == Target::Header)
        row = 0;
    m_navigation->setCurrentRow(row);
    m_currentRow = row;
}

void MainWindow::navigate(int row)
{
    const QListWidgetItem* item = m_navigation->item(row);
    const Target target = targetOf(item);
    if (target == Target::Header || target == Target::AddRole)
        return; // not pages: the selection rests there without changing what is shown
    const QString roleId = item->data(Qt::UserRole + 1).toString();
    const bool sameRole =
        target == Target::Role && m_pages->currentWidget() == m_roleDetails && roleId == m_roleDetails->roleId();
    if (!sameRole && m_pages->currentWidget() == m_roleDetails
        && !m_roleDetails->confirmLeave([this, row] { m_navigation->setCurrentRow(row); })) {
        const QSignalBlocker blocker(m_navigation);
        m_navigation->setCurrentRow(m_currentRow);
        return;
    }
    m_currentRow = row;
    // A message belongs to the page it was said on.
    m_messages->clear();
    if (target == Target::UserManagement) {
        m_pages->setCurrentIndex(0);
        syncInviteAction();
        return;
    }
    if (target == Target::AuditLog) {
        m_auditPage->reload();
        m_pages->setCurrentWidget(m_auditPage);
        syncInviteAction();
        return;
    }
    if (!sameRole)
        m_roleDetails->showRole(roleId);
    m_pages->setCurrentWidget(m_roleDetails);
    syncInviteAction();
}

void MainWindow::showAuditLog()
{
    m_navigation->setCurrentRow(rowOf(Target::AuditLog));
}

void MainWindow::showUserManagement()
{
    m_navigation->setCurrentRow(rowOf(Target::UserManagement));
}

void MainWindow::showRole(const QString& roleId)
{
    const int row = rowOf(Target::Role, roleId);
    if (row >= 0)
        m_navigation->setCurrentRow(row);
}

void MainWindow::addRole()
{
    if (!AccessRules::canCreateRole(m_session->actorContext()))
        return;
    auto* dialog = new RoleEditorDialog(m_session, RoleEditorDialog::Mode::Create, {}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RoleEditorDialog::roleSaved, this, [this](const Role& role) {
        m_messages->showMessage(tr("Created role %1.").arg(role.name));
        showRole(role.id);
    });
    dialog->open();
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
    if (m_pages->currentWidget() == m_roleDetails && !m_roleDetails->confirmLeave([this] { close(); })) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("mainSplitter")))
        settings.setValue(QStringLiteral("window/splitter"), splitter->saveState());
    event->accept();
}
