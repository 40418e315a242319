// Wires the user table, its proxy, the filters, the Invite action and the row actions together.
#include "userspanel.h"

#include "persondetailspanel.h"

#include "accessrules.h"
#include "accountsession.h"
#include "actionbuttondelegate.h"
#include "invitedialog.h"
#include "messagebar.h"
#include "statusdelegate.h"
#include "useractions.h"
#include "usercolumns.h"
#include "userfilterproxymodel.h"
#include "usertablemodel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

UsersPanel::UsersPanel(AccountSession* session, MessageBar* messages, UserTableModel* users, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_messages(messages)
    , m_roleId(users->scopeRoleId())
    , m_users(users)
    , m_proxy(new UserFilterProxyModel(this))
    , m_searchEdit(new QLineEdit(this))
    , m_searchTimer(new QTimer(this))
    , m_countTimer(new QTimer(this))
    , m_statusCombo(new QComboBox(this))
    , m_inviteButton(new QToolButton(this))
    , m_inviteAction(new QAction(QIcon(QStringLiteral(":/icons/invite.svg")), tr("&Invite user…"), this))
    , m_noticeLabel(new QLabel(this))
    , m_countLabel(new QLabel(this))
    , m_view(new QTableView(this))
{
    m_proxy->setSourceModel(m_users);
    m_proxy->setDynamicSortFilter(true);

    m_searchEdit->setObjectName(QStringLiteral("searchLineEdit"));
    m_searchEdit->setAccessibleName(tr("Search users"));
    m_searchEdit->setPlaceholderText(tr("Search by email"));
    m_searchEdit->setClearButtonEnabled(true);
    // Typing never waits for the table: the filter runs once the admin pauses, as in KeePassXC's search.
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(SearchDelayMs);
    connect(m_searchEdit, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_searchTimer, &QTimer::timeout, this, [this] {
        m_proxy->setSearchText(m_searchEdit->text());
        updateCount();
    });

    m_statusCombo->setObjectName(QStringLiteral("statusFilterComboBox"));
    m_statusCombo->setAccessibleName(tr("Filter by status"));
    m_statusCombo->addItem(tr("All"), int(UserFilterProxyModel::StatusFilter::All));
    m_statusCombo->addItem(tr("Active"), int(UserFilterProxyModel::StatusFilter::Active));
    m_statusCombo->addItem(tr("Pending"), int(UserFilterProxyModel::StatusFilter::Pending));
    // Only where invitations expire: the cloud backend has none to show.
    if (session->store()->capabilities().invitesExpire)
        m_statusCombo->addItem(tr("Expired"), int(UserFilterProxyModel::StatusFilter::Expired));
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setStatusFilter(UserFilterProxyModel::StatusFilter(m_statusCombo->currentData().toInt()));
        updateCount();
    });

    // Ctrl+I belongs to the window's Users → Invite user…, so it works wherever the focus is.
    m_inviteAction->setObjectName(QStringLiteral("inviteUserAction"));
    connect(m_inviteAction, &QAction::triggered, this, &UsersPanel::openInviteDialog);
    m_inviteButton->setObjectName(QStringLiteral("inviteUserButton"));
    m_inviteButton->setDefaultAction(m_inviteAction);
    m_inviteButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_inviteButton->setAccessibleName(tr("Invite user"));
    m_inviteButton->setText(tr("Invite user…"));

    auto* filters = new QHBoxLayout;
    m_toolbar = filters;
    auto* searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_searchEdit);
    filters->addWidget(searchLabel);
    filters->addWidget(m_searchEdit, 2);
    auto* statusLabel = new QLabel(tr("S&tatus:"), this);
    statusLabel->setBuddy(m_statusCombo);
    filters->addWidget(statusLabel);
    filters->addWidget(m_statusCombo);
    if (m_roleId.isEmpty()) {
        m_roleCombo = new QComboBox(this);
        m_roleCombo->setObjectName(QStringLiteral("roleFilterComboBox"));
        m_roleCombo->setAccessibleName(tr("Filter by role"));
        m_roleCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        auto* roleLabel = new QLabel(tr("&Role:"), this);
        roleLabel->setBuddy(m_roleCombo);
        filters->addWidget(roleLabel);
        filters->addWidget(m_roleCombo);
        connect(m_roleCombo, &QComboBox::currentIndexChanged, this, [this] {
            m_proxy->setRoleFilter(m_roleCombo->currentData().toString());
            updateCount();
        });
    }
    filters->addStretch(1);
    filters->addWidget(m_inviteButton);

    m_noticeLabel->setObjectName(QStringLiteral("noticeLabel"));
    m_noticeLabel->setWordWrap(true);
    m_noticeLabel->hide();
    m_countLabel->setObjectName(QStringLiteral("countLabel"));

    m_view->setObjectName(QStringLiteral("usersTableView"));
    m_view->setAccessibleName(tr("Users"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(UserTableModel::EmailColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Ctrl/Shift-click and Ctrl+A select several people; the Actions menu then acts on all of them.
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false); // Tab leaves the table, as keyboard users expect
    m_view->verticalHeader()->hide();
    // Fixed row heights: the view never measures 100,000 rows.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 14);
    m_view->horizontalHeader()->setMinimumSectionSize(m_view->fontMetrics().averageCharWidth() * 6);
    auto* delegate = new ActionButtonDelegate(m_view);
    m_view->setItemDelegateForColumn(UserTableModel::ActionsColumn, delegate);
    m_view->setItemDelegateForColumn(UserTableModel::StatusColumn, new StatusDelegate(m_view));
    m_view->setMouseTracking(true);
    m_columns = new UserColumns(m_view, settingsKey());

    // What an empty table means, said over it: nobody matches, or this actor may not see anyone.
    m_emptyLabel = new QLabel(m_view->viewport());
    m_emptyLabel->setObjectName(QStringLiteral("emptyStateLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_emptyLabel->hide();
    m_view->viewport()->installEventFilter(this);

    m_actions = new UserActions(session, m_view, m_proxy, m_users, messages, m_roleId);
    connect(delegate, &ActionButtonDelegate::clicked, this, [this](const QModelIndex& index, const QRect& button) {
        m_actions->popupMenuUnder(index, QRect(m_view->viewport()->mapToGlobal(button.topLeft()), button.size()));
    });

    // The person's details beside the table: Details… in the Actions menu, or a double-click on the row.
    m_details = new PersonDetailsPanel(session, this);
    connect(m_actions, &UserActions::detailsRequested, m_details, &PersonDetailsPanel::showPerson);
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.column() != UserTableModel::ActionsColumn)
            m_details->showPerson(index.data(UserTableModel::IdRole).toString());
    });
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("usersDetailsSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(m_view);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_noticeLabel);
    layout->addWidget(split, 1);
    layout->addWidget(m_countLabel);

    connect(session, &AccountSession::reset, this, &UsersPanel::refreshState);
    connect(session, &AccountSession::roleAdded, this, &UsersPanel::refreshRoleFilter);
    connect(session, &AccountSession::roleChanged, this, &UsersPanel::refreshRoleFilter);
    connect(session, &AccountSession::roleRemoved, this, &UsersPanel::refreshRoleFilter);
    // Counted once per turn of the event loop: a sorted proxy announces a bulk change row by row,
    // and counting 100,000 rows at each of them froze the window for seconds.
    m_countTimer->setSingleShot(true);
    m_countTimer->setInterval(0);
    connect(m_countTimer, &QTimer::timeout, this, &UsersPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, m_countTimer, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, m_countTimer, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::modelReset, m_countTimer, qOverload<>(&QTimer::start));
    // A role's tab refills a frame after a large change: its last picture stays up meanwhile, not an empty table.
    connect(m_users, &QAbstractItemModel::modelReset, this,
            [this] { m_view->viewport()->setUpdatesEnabled(!m_users->isRefilling()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, m_countTimer,
            qOverload<>(&QTimer::start));

    // Tab follows the screen: search, filters, Invite, then the table.
    QWidget* previous = m_searchEdit;
    for (QWidget* next : {static_cast<QWidget*>(m_statusCombo), static_cast<QWidget*>(m_roleCombo)}) {
        if (next) {
            setTabOrder(previous, next);
            previous = next;
        }
    }
    setTabOrder(previous, m_inviteButton);
    setTabOrder(m_inviteButton, m_view);
    refreshState();
}

UsersPanel::~UsersPanel() = default;

QString UsersPanel::settingsKey() const
{
    return m_roleId.isEmpty() ? QStringLiteral("userManagement/hiddenColumns")
                              : QStringLiteral("roleUsers/hiddenColumns");
}

bool UsersPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        m_emptyLabel->setGeometry(m_view->viewport()->rect().adjusted(16, 16, -16, -16));
    return QWidget::eventFilter(watched, event);
}

void UsersPanel::focusSearch()
{
    m_searchEdit->setFocus(Qt::ShortcutFocusReason);
    m_searchEdit->selectAll();
}

void UsersPanel::selectPerson(const QString& id)
{
    const int source = m_users->rowOf(id);
    if (source < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_users->index(source, UserTableModel::EmailColumn));
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

void UsersPanel::refreshState()
{
    refreshRoleFilter();
    // On a role's tab the invitation grants that role: Owner's tab refuses here, before the dialog opens.
    Verdict invite = AccessRules::canInvite(m_session->actorContext());
    if (const Role* role = m_session->role(m_roleId); invite && role && role->system != SystemRole::Base)
        invite = AccessRules::canInviteWithRoles(m_session->actorContext(), {*role});
    m_inviteAction->setEnabled(m_session->isLoaded() && invite.isAllowed());
    m_inviteAction->setToolTip(invite.isAllowed() ? tr("Invite people to the account (Ctrl+I)") : invite.reason());
    m_inviteButton->setToolTip(m_inviteAction->toolTip());
    const bool visible = !m_session->isLoaded() || m_session->membersVisible();
    // Filters that could only filter nothing are off, and say so by being off.
    m_searchEdit->setEnabled(visible);
    m_statusCombo->setEnabled(visible);
    if (m_roleCombo)
        m_roleCombo->setEnabled(visible);
    QString notice;
    if (m_session->isLoaded() && !m_session->membersVisible())
        notice = AccessRules::checkPermission(m_session->actorPermissions(), AccountAction::SeeMembers).reason();
    else if (m_session->isLoaded() && !m_session->invitesVisible())
        notice =
            tr("Pending invitations are hidden: %1")
                .arg(AccessRules::checkPermission(m_session->actorPermissions(), AccountAction::SeeInvites).reason());
    m_noticeLabel->setText(notice);
    m_noticeLabel->setVisible(!notice.isEmpty());
    updateCount();
}

void UsersPanel::refreshRoleFilter()
{
    if (const Role* role = m_session->role(m_roleId))
        m_view->setAccessibleName(tr("Users in %1").arg(role->name));
    if (!m_roleCombo)
        return;
    const QString current = m_roleCombo->currentData().toString();
    const QSignalBlocker blocker(m_roleCombo);
    m_roleCombo->clear();
    m_roleCombo->addItem(tr("All roles"), QString());
    for (const auto& role : m_session->roles())
        m_roleCombo->addItem(role.name, role.id);
    const int index = m_roleCombo->findData(current);
    m_roleCombo->setCurrentIndex(index < 0 ? 0 : index);
    if (index < 0 && !current.isEmpty())
        m_proxy->setRoleFilter({});
}

void UsersPanel::updateCount()
{
    if (m_users->isRefilling())
        return; // the figures of a moment ago stay until the rows are back
    int members = 0;
    int expired = 0;
    const qint64 now = Clock::nowMs();
    for (int row = 0; row < m_users->rowCount(); ++row) {
        const auto& person = m_users->rowAt(row);
        members += person.pending ? 0 : 1;
        expired += person.isExpired(now) ? 1 : 0;
    }
    const int total = m_users->rowCount();
    const int pending = total - members - expired;
    const int shown = m_proxy->rowCount();
    QString breakdown = tr("%1: %2, %3")
                            .arg(tr("%n people", nullptr, total), tr("%n member(s)", nullptr, members),
                                 tr("%n pending", nullptr, pending));
    if (expired > 0)
        breakdown += QStringLiteral(", ") + tr("%n expired", nullptr, expired);
    QString text = shown == total ? breakdown : tr("%n shown of %1", nullptr, shown).arg(breakdown);
    // Summed over the selection's ranges: Ctrl+A on 100,000 rows is one range, not 100,000 indexes.
    int selected = 0;
    for (const QItemSelectionRange& range : m_view->selectionModel()->selection())
        selected += range.height();
    if (selected > 1)
        text += QStringLiteral(" \u00b7 ") + tr("%n selected", nullptr, selected);
    m_countLabel->setText(text);
    m_countLabel->setVisible(!m_session->isLoaded() || m_session->membersVisible());
    updateEmptyState();
}

void UsersPanel::updateEmptyState()
{
    QString text;
    if (m_session->isLoaded() && !m_session->membersVisible())
        text = AccessRules::checkPermission(m_session->actorPermissions(), AccountAction::SeeMembers).reason();
    else if (m_session->isLoaded() && m_proxy->rowCount() == 0 && !m_proxy->searchText().isEmpty())
        text = tr("No one matches \u201c%1\u201d.").arg(m_proxy->searchText());
    else if (m_session->isLoaded() && m_proxy->rowCount() == 0 && m_users->rowCount() > 0)
        text = tr("No one matches these filters.");
    else if (const Role* role = m_session->role(m_roleId); role && m_users->rowCount() == 0)
        text = tr("No one has %1 yet.").arg(role->name);
    m_emptyLabel->setText(text);
    m_emptyLabel->setAccessibleName(text);
    m_emptyLabel->setGeometry(m_view->viewport()->rect().adjusted(16, 16, -16, -16));
    m_emptyLabel->setVisible(!text.isEmpty());
}

void UsersPanel::addToolbarWidget(QWidget* widget)
{
    m_toolbar->insertWidget(m_toolbar->indexOf(m_inviteButton), widget);
}

void UsersPanel::openInviteDialog()
{
    if (!m_inviteAction->isEnabled())
        return;
    auto* dialog = new InviteDialog(m_session, m_roleId, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &InviteDialog::invited, this, [this](const QStringList& emails) {
        m_messages->showMessage(emails.size() == 1 ? tr("Invitation sent to %1.").arg(emails.first())
                                                   : tr("Invitations sent to %n people.", nullptr, int(emails.size())));
        // The newest invitation is where the admin looks next.
        for (const auto& invite : m_session->pendingInvites()) {
            if (emailKey(invite.email) == emailKey(emails.last()))
                selectPerson(invite.id);
        }
    });
    dialog->open();
}
