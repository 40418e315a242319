// Builds, enables and runs the row actions; destructive ones ask first and name the person.
#include "useractions.h"

#include "accessrules.h"
#include "accountsession.h"
#include "confirmation.h"
#include "futurewatch.h"
#include "managerolesdialog.h"
#include "messagebar.h"
#include "userfilterproxymodel.h"

#include <QAction>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMenu>
#include <QTableView>

static void applyVerdict(QAction* action, const Verdict& verdict, const QString& enabledTip)
{
    action->setEnabled(verdict.isAllowed());
    action->setToolTip(verdict.isAllowed() ? enabledTip : verdict.reason());
    action->setStatusTip(action->toolTip());
}

UserActions::UserActions(AccountSession* session, QTableView* view, UserFilterProxyModel* proxy, UserTableModel* users,
                         MessageBar* messages, const QString& roleId)
    : QObject(view)
    , m_session(session)
    , m_view(view)
    , m_proxy(proxy)
    , m_users(users)
    , m_messages(messages)
    , m_roleId(roleId)
    , m_menu(new QMenu(view))
    , m_manageRoles(new QAction(tr("Manage roles…"), this))
    , m_removeRole(new QAction(tr("Remove role from user…"), this))
    , m_remove(new QAction(tr("Remove from account…"), this))
    , m_revoke(new QAction(tr("Revoke invitation…"), this))
    , m_copyEmail(new QAction(tr("Copy email"), this))
{
    m_menu->setObjectName(QStringLiteral("userActionsMenu"));
    m_menu->setToolTipsVisible(true);
    m_manageRoles->setObjectName(QStringLiteral("manageRolesAction"));
    m_removeRole->setObjectName(QStringLiteral("removeRoleAction"));
    m_remove->setObjectName(QStringLiteral("removeFromAccountAction"));
    m_revoke->setObjectName(QStringLiteral("revokeInvitationAction"));
    m_copyEmail->setObjectName(QStringLiteral("copyEmailAction"));
    m_copyEmail->setShortcut(QKeySequence::Copy);
    m_copyEmail->setShortcutContext(Qt::WidgetShortcut);
    m_menu->addAction(m_manageRoles);
    if (!m_roleId.isEmpty())
        m_menu->addAction(m_removeRole);
    m_menu->addAction(m_remove);
    m_menu->addAction(m_revoke);
    m_menu->addSeparator();
    m_menu->addAction(m_copyEmail);

    connect(m_manageRoles, &QAction::triggered, this, &UserActions::manageRoles);
    connect(m_removeRole, &QAction::triggered, this, &UserActions::removeRoleFromUser);
    connect(m_remove, &QAction::triggered, this, &UserActions::removeFromAccount);
    connect(m_revoke, &QAction::triggered, this, &UserActions::revokeInvitation);
    connect(m_copyEmail, &QAction::triggered, this, &UserActions::copyEmail);
    view->addAction(m_copyEmail);

    // Delete/Backspace run the row's destructive action, through the same confirmation.
    auto* deleteRow = new QAction(tr("Delete selected row"), this);
    deleteRow->setShortcuts({QKeySequence(Qt::Key_Delete), QKeySequence(Qt::Key_Backspace)});
    deleteRow->setShortcutContext(Qt::WidgetShortcut);
    connect(deleteRow, &QAction::triggered, this, &UserActions::deleteCurrent);
    view->addAction(deleteRow);

    // Shift+F10 is the other keyboard way to a context menu; the Menu key arrives as a context menu event.
    auto* openMenu = new QAction(tr("Open actions menu"), this);
    openMenu->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F10));
    openMenu->setShortcutContext(Qt::WidgetShortcut);
    connect(openMenu, &QAction::triggered, this, &UserActions::popupAtCurrentRow);
    view->addAction(openMenu);

    // The Menu key sends its event to the view, a right-click to the viewport; both open the same menu.
    view->installEventFilter(this);
    view->viewport()->installEventFilter(this);
    // Keep enabled states and tooltips in step with the current row and with the account.
    Q_ASSERT(view->selectionModel());
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this, &UserActions::refresh);
    connect(m_session, &AccountSession::busyChanged, this, &UserActions::refresh);
    connect(m_session, &AccountSession::reset, this, &UserActions::refresh);
}

bool UserActions::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::ContextMenu || (watched != m_view && watched != m_view->viewport()))
        return QObject::eventFilter(watched, event);
    auto* menuEvent = static_cast<QContextMenuEvent*>(event);
    const QModelIndex index = watched == m_view->viewport() && menuEvent->reason() == QContextMenuEvent::Mouse
        ? m_view->indexAt(menuEvent->pos())
        : QModelIndex();
    if (index.isValid())
        popupMenu(index, menuEvent->globalPos());
    else
        popupAtCurrentRow(); // keyboard: the menu belongs to the selected row, not to where the pointer is
    return true;
}

std::optional<UserTableModel::Row> UserActions::currentRow() const
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    const QModelIndex source = m_proxy->mapToSource(current);
    if (!source.isValid())
        return std::nullopt;
    return m_users->rowAt(source.row());
}

void UserActions::refresh()
{
    const auto row = currentRow();
    const bool pending = row && row->pending;
    const bool member = row && !row->pending;
    m_manageRoles->setVisible(!pending);
    m_remove->setVisible(!pending);
    m_removeRole->setVisible(!pending && !m_roleId.isEmpty());
    m_revoke->setVisible(!member);
    m_copyEmail->setEnabled(bool(row));
    if (!row) {
        for (auto* action : {m_manageRoles, m_remove, m_revoke, m_removeRole})
            action->setEnabled(false);
        return;
    }
    const PermissionSet& permissions = m_session->actorPermissions();
    if (pending) {
        const Invite invite = m_session->pendingInvites().value(row->id);
        applyVerdict(m_revoke, AccessRules::canRevoke(permissions, invite), tr("Cancel this invitation"));
        return;
    }
    const Member target = m_session->members().value(row->id);
    applyVerdict(m_manageRoles, AccessRules::canChangeRoles(permissions), tr("Choose the roles of %1").arg(row->email));
    // What the backend cannot do at all (the cloud API with a management key) is explained like a rule.
    const QString unavailable = m_session->store()->capabilities().removeMemberUnavailableReason;
    applyVerdict(m_remove,
                 unavailable.isEmpty() ? AccessRules::canRemoveMember(permissions, m_session->actor().id, target,
                                                                      m_session->isOwner(target))
                                       : Verdict(permissionDenied(unavailable)),
                 tr("Remove %1 from the account").arg(row->email));
    if (const Role* role = m_session->role(m_roleId))
        applyVerdict(m_removeRole, AccessRules::canUnassignRole(permissions, *role),
                     tr("Take the %1 role away from %2").arg(role->name, row->email));
}

void UserActions::popupMenu(const QModelIndex& proxyIndex, const QPoint& globalPos)
{
    if (!proxyIndex.isValid())
        return;
    m_view->setCurrentIndex(proxyIndex);
    refresh();
    const QString email = proxyIndex.siblingAtColumn(UserTableModel::EmailColumn).data().toString();
    m_menu->setTitle(tr("Actions for %1").arg(email));
    m_menu->setAccessibleName(tr("Actions for %1").arg(email));
    m_menu->popup(globalPos);
}

void UserActions::popupMenuUnder(const QModelIndex& proxyIndex, const QRect& globalAnchor)
{
    if (!proxyIndex.isValid())
        return;
    m_view->setCurrentIndex(proxyIndex);
    refresh(); // the menu's width depends on which actions the row shows
    const int width = m_menu->sizeHint().width();
    popupMenu(proxyIndex, QPoint(globalAnchor.right() - width + 1, globalAnchor.bottom()));
}

void UserActions::popupAtCurrentRow()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    m_view->scrollTo(current);
    const QRect cell = m_view->visualRect(current.siblingAtColumn(UserTableModel::ActionsColumn));
    popupMenuUnder(current, QRect(m_view->viewport()->mapToGlobal(cell.topLeft()), cell.size()));
}

void UserActions::report(const Error& error)
{
    m_messages->showMessage(error.message, MessageBar::Kind::Error);
}

void UserActions::manageRoles()
{
    const auto row = currentRow();
    if (!row || row->pending || !m_manageRoles->isEnabled())
        return;
    auto* dialog = new ManageRolesDialog(m_session, m_session->members().value(row->id), m_view->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ManageRolesDialog::rolesUpdated, this, [this](const Member& member) {
        m_messages->showMessage(tr("Updated the roles of %1.").arg(member.email));
    });
    dialog->open();
}

void UserActions::removeFromAccount()
{
    const auto row = currentRow();
    if (!row || row->pending)
        return;
    refresh();
    if (!m_remove->isEnabled()) {
        m_messages->showMessage(m_remove->toolTip(), MessageBar::Kind::Error);
        return;
    }
    if (!Confirmation::ask(m_view->window(), tr("Remove from account"),
                           tr("Remove %1 from the account?").arg(row->email), tr("Remove")))
        return;
    const QString email = row->email;
    onFinished(m_session->removeMember(row->id), this, [this, email](const Outcome& result) {
        if (!result)
            return report(result.error());
        m_messages->showMessage(tr("Removed %1 from the account.").arg(email));
    });
}

void UserActions::revokeInvitation()
{
    const auto row = currentRow();
    if (!row || !row->pending)
        return;
    refresh();
    if (!m_revoke->isEnabled()) {
        m_messages->showMessage(m_revoke->toolTip(), MessageBar::Kind::Error);
        return;
    }
    if (!Confirmation::ask(m_view->window(), tr("Revoke invitation"),
                           tr("Revoke the invitation for %1?").arg(row->email), tr("Revoke invitation")))
        return;
    const QString email = row->email;
    onFinished(m_session->revokeInvite(row->id), this, [this, email](const Result<Invite>& result) {
        if (!result)
            return report(result.error());
        m_messages->showMessage(tr("Revoked the invitation for %1.").arg(email));
    });
}

void UserActions::removeRoleFromUser()
{
    const auto row = currentRow();
    const Role* role = m_session->role(m_roleId);
    if (!row || row->pending || !role)
        return;
    refresh();
    if (!m_removeRole->isEnabled()) {
        m_messages->showMessage(m_removeRole->toolTip(), MessageBar::Kind::Error);
        return;
    }
    if (!Confirmation::ask(m_view->window(), tr("Remove role"),
                           tr("Remove the %1 role from %2?").arg(role->name, row->email), tr("Remove role")))
        return;
    const QString email = row->email;
    const QString roleName = role->name;
    onFinished(m_session->updateMemberRoles(row->id, {}, {m_roleId}), this,
               [this, email, roleName](const Result<Member>& result) {
                   if (!result)
                       return report(result.error());
                   m_messages->showMessage(tr("Removed the %1 role from %2.").arg(roleName, email));
               });
}

void UserActions::copyEmail()
{
    if (const auto row = currentRow()) {
        QGuiApplication::clipboard()->setText(row->email);
        m_messages->showMessage(tr("Copied %1.").arg(row->email));
    }
}

void UserActions::deleteCurrent()
{
    const auto row = currentRow();
    if (!row)
        return;
    if (row->pending)
        revokeInvitation();
    else
        removeFromAccount();
}
