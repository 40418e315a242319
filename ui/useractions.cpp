// Builds, enables and runs the row actions; destructive ones ask first and name the person.
#include "useractions.h"

#include "accessrules.h"
#include "accountsession.h"
#include "bulkactions.h"
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
    , m_resend(new QAction(tr("Resend invitation…"), this))
    , m_copyEmail(new QAction(tr("Copy email"), this))
    , m_details(new QAction(tr("Details…"), this))
    , m_bulk(new BulkActions(session, view, proxy, users, messages))
{
    m_menu->setObjectName(QStringLiteral("userActionsMenu"));
    m_menu->setToolTipsVisible(true);
    m_manageRoles->setObjectName(QStringLiteral("manageRolesAction"));
    m_removeRole->setObjectName(QStringLiteral("removeRoleAction"));
    m_remove->setObjectName(QStringLiteral("removeFromAccountAction"));
    m_revoke->setObjectName(QStringLiteral("revokeInvitationAction"));
    m_resend->setObjectName(QStringLiteral("resendInvitationAction"));
    m_copyEmail->setObjectName(QStringLiteral("copyEmailAction"));
    m_copyEmail->setShortcut(QKeySequence::Copy);
    m_copyEmail->setShortcutContext(Qt::WidgetShortcut);
    m_details->setObjectName(QStringLiteral("personDetailsAction"));
    m_details->setToolTip(tr("Roles, and each permission with the roles that grant it"));
    m_menu->addAction(m_details);
    m_menu->addSeparator();
    m_menu->addAction(m_manageRoles);
    if (!m_roleId.isEmpty()) {
        // Taking a role away and taking the person out of the account are far apart in what they do.
        m_menu->addAction(m_removeRole);
        m_menu->addSeparator();
    }
    m_menu->addAction(m_remove);
    m_menu->addAction(m_resend);
    m_menu->addAction(m_revoke);
    m_menu->addSeparator();
    m_menu->addAction(m_copyEmail);
    m_bulk->addTo(m_menu);

    connect(m_manageRoles, &QAction::triggered, this, &UserActions::manageRoles);
    connect(m_removeRole, &QAction::triggered, this, &UserActions::removeRoleFromUser);
    connect(m_remove, &QAction::triggered, this, &UserActions::removeFromAccount);
    connect(m_revoke, &QAction::triggered, this, &UserActions::revokeInvitation);
    connect(m_resend, &QAction::triggered, this, &UserActions::resendInvitation);
    connect(m_copyEmail, &QAction::triggered, this, &UserActions::copyEmail);
    connect(m_details, &QAction::triggered, this, [this] {
        if (const auto row = currentRow())
            Q_EMIT detailsRequested(row->id);
    });
    view->addAction(m_copyEmail);

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
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &UserActions::refresh);
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

Member UserActions::memberOf(const UserTableModel::Row& row) const
{
    return m_session->members().value(row.id, Member{row.id, row.email, row.roleIds, row.invitedBy, row.date});
}

Invite UserActions::inviteOf(const UserTableModel::Row& row) const
{
    Invite fallback;
    fallback.id = row.id;
    fallback.email = row.email;
    fallback.roleIds = row.roleIds;
    return m_session->pendingInvites().value(row.id, fallback);
}

Verdict UserActions::verdict(Operation operation, const UserTableModel::Row& row) const
{
    const ActorContext actor = m_session->actorContext();
    switch (operation) {
    case Operation::ManageRoles:
        return row.pending ? AccessRules::canChangeRoles(actor, inviteOf(row))
                           : AccessRules::canChangeRoles(actor, memberOf(row));
    case Operation::RemoveRole:
        if (const Role* role = m_session->role(m_roleId); role && !row.pending)
            return AccessRules::canUnassignRole(actor, memberOf(row), *role);
        return row.pending ? AccessRules::canChangeRoles(actor, inviteOf(row)) : Verdict::allowed();
    case Operation::RemoveFromAccount:
        return row.pending ? AccessRules::canRemoveMember(actor, inviteOf(row))
                           : AccessRules::canRemoveMember(actor, memberOf(row));
    case Operation::RevokeInvitation:
        return AccessRules::canRevoke(actor, inviteOf(row));
    case Operation::ResendInvitation:
        return AccessRules::canResend(actor, inviteOf(row));
    }
    return Verdict::allowed();
}

void UserActions::refresh()
{
    m_bulk->refresh();
    if (m_bulk->isActive()) {
        // Several rows: the selection's entries replace the single person's.
        for (auto* action : {m_manageRoles, m_remove, m_revoke, m_resend, m_removeRole, m_copyEmail, m_details})
            action->setVisible(false);
        return;
    }
    m_copyEmail->setVisible(true);
    m_details->setVisible(true);
    const auto row = currentRow();
    const bool pending = row && row->pending;
    const bool member = row && !row->pending;
    m_manageRoles->setVisible(!pending);
    m_remove->setVisible(!pending);
    m_removeRole->setVisible(!pending && !m_roleId.isEmpty());
    m_revoke->setVisible(!member);
    m_resend->setVisible(!member);
    m_copyEmail->setEnabled(bool(row));
    m_details->setEnabled(bool(row));
    if (!row) {
        for (auto* action : {m_manageRoles, m_remove, m_revoke, m_resend, m_removeRole})
            action->setEnabled(false);
        return;
    }
    if (pending) {
        applyVerdict(m_revoke, verdict(Operation::RevokeInvitation, *row), tr("Cancel this invitation"));
        applyVerdict(m_resend, verdict(Operation::ResendInvitation, *row),
                     tr("Send the invitation to %1 again").arg(row->email));
        return;
    }
    applyVerdict(m_manageRoles, verdict(Operation::ManageRoles, *row), tr("Choose the roles of %1").arg(row->email));
    applyVerdict(m_remove, verdict(Operation::RemoveFromAccount, *row),
                 tr("Remove %1 from the account").arg(row->email));
    if (const Role* role = m_session->role(m_roleId))
        applyVerdict(m_removeRole, verdict(Operation::RemoveRole, *row),
                     tr("Take the %1 role away from %2").arg(role->name, row->email));
}

void UserActions::makeCurrent(const QModelIndex& proxyIndex)
{
    QItemSelectionModel* selection = m_view->selectionModel();
    if (selection->isRowSelected(proxyIndex.row(), proxyIndex.parent()) && selection->selectedRows().size() > 1)
        selection->setCurrentIndex(proxyIndex, QItemSelectionModel::NoUpdate);
    else
        m_view->setCurrentIndex(proxyIndex);
}

void UserActions::popupMenu(const QModelIndex& proxyIndex, const QPoint& globalPos)
{
    if (!proxyIndex.isValid())
        return;
    makeCurrent(proxyIndex);
    refresh();
    const QString title = m_bulk->isActive()
        ? tr("Actions for %n selected people", nullptr, int(m_view->selectionModel()->selectedRows().size()))
        : tr("Actions for %1").arg(proxyIndex.siblingAtColumn(UserTableModel::EmailColumn).data().toString());
    m_menu->setTitle(title);
    m_menu->setAccessibleName(title);
    m_menu->popup(globalPos);
}

void UserActions::popupMenuUnder(const QModelIndex& proxyIndex, const QRect& globalAnchor)
{
    if (!proxyIndex.isValid())
        return;
    makeCurrent(proxyIndex);
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
    connect(dialog, &ManageRolesDialog::rolesUpdated, this,
            [this](const Member& member, const QStringList& added, const QStringList& removed) {
                const auto names = [this](const QStringList& ids) {
                    QStringList list;
                    for (const auto& id : ids)
                        list.append(m_session->roleName(id));
                    return list.join(QStringLiteral(", "));
                };
                QStringList changes;
                if (!added.isEmpty())
                    changes.append(tr("%1 added").arg(names(added)));
                if (!removed.isEmpty())
                    changes.append(tr("%1 removed").arg(names(removed)));
                m_messages->showMessage(tr("Roles of %1: %2.").arg(member.email, changes.join(QStringLiteral(", "))));
            });
    dialog->open();
}

template <typename T>
void UserActions::confirmAndRun(QAction* action, const QString& title, const QString& question,
                                const QString& acceptText, QFuture<T> (UserActions::*send)(const UserTableModel::Row&),
                                const QString& done)
{
    const auto row = currentRow();
    if (!row)
        return;
    refresh();
    // Delete/Backspace reach here even when the action is disabled: say why instead of doing nothing.
    if (!action->isEnabled() || !action->isVisible()) {
        m_messages->showMessage(action->toolTip(), MessageBar::Kind::Error);
        return;
    }
    if (!Confirmation::ask(m_view->window(), title, question, acceptText))
        return;
    onFinished((this->*send)(*row), this, [this, done](const T& result) {
        if (!result)
            return report(result.error());
        m_messages->showMessage(done);
    });
}

QFuture<Outcome> UserActions::sendRemoval(const UserTableModel::Row& row)
{
    return m_session->removeMember(row.id);
}

QFuture<Result<Invite>> UserActions::sendRevocation(const UserTableModel::Row& row)
{
    return m_session->revokeInvite(row.id);
}

QFuture<Result<Invite>> UserActions::sendResend(const UserTableModel::Row& row)
{
    return m_session->resendInvite(row.id);
}

void UserActions::resendInvitation()
{
    const auto row = currentRow();
    if (!row || !row->pending)
        return;
    // The cloud has no resend call: the question says what will really happen.
    const QString question = m_session->store()->capabilities().renewsInvites
        ? tr("Send the invitation for %1 again? It is renewed for its full lifetime.").arg(row->email)
        : tr("Send the invitation for %1 again? Qdrant Cloud has no resend: the invitation is revoked and sent again "
             "with the same roles.")
              .arg(row->email);
    confirmAndRun(m_resend, tr("Resend invitation"), question, tr("Resend invitation"), &UserActions::sendResend,
                  tr("Sent the invitation for %1 again.").arg(row->email));
}

QFuture<Result<Member>> UserActions::sendRoleRemoval(const UserTableModel::Row& row)
{
    return m_session->updateMemberRoles(row.id, {}, {m_roleId});
}

void UserActions::removeFromAccount()
{
    const auto row = currentRow();
    if (!row || row->pending)
        return;
    confirmAndRun(
        m_remove, tr("Remove from account"),
        tr("Remove %1 from the account? They lose access at once and must be invited again to return.").arg(row->email),
        tr("Remove"), &UserActions::sendRemoval, tr("Removed %1 from the account.").arg(row->email));
}

void UserActions::revokeInvitation()
{
    const auto row = currentRow();
    if (!row || !row->pending)
        return;
    confirmAndRun(m_revoke, tr("Revoke invitation"),
                  tr("Revoke the invitation for %1? The link in their email stops working.").arg(row->email),
                  tr("Revoke invitation"), &UserActions::sendRevocation,
                  tr("Revoked the invitation for %1.").arg(row->email));
}

void UserActions::removeRoleFromUser()
{
    const auto row = currentRow();
    const Role* role = m_session->role(m_roleId);
    if (!row || row->pending || !role)
        return;
    confirmAndRun(m_removeRole, tr("Remove role"),
                  tr("Remove the %1 role from %2? They keep their other roles and stay in the account.")
                      .arg(role->name, row->email),
                  tr("Remove role"), &UserActions::sendRoleRemoval,
                  tr("Removed the %1 role from %2.").arg(role->name, row->email));
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
    if (m_bulk->isActive())
        return m_bulk->deleteSelection();
    const auto row = currentRow();
    if (!row)
        return;
    if (row->pending)
        revokeInvitation();
    else
        removeFromAccount();
}
