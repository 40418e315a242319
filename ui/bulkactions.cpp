// Multi-selection actions: the decision per row is AccessRules', the transaction or the calls are the store's.
#include "bulkactions.h"

#include "accessrules.h"
#include "accountsession.h"
#include "bulkprogress.h"
#include "bulkreportdialog.h"
#include "confirmation.h"
#include "futurewatch.h"
#include "messagebar.h"
#include "userfilterproxymodel.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QMap>
#include <QMenu>
#include <QProgressDialog>
#include <QTableView>
#include <QTimer>

BulkActions::BulkActions(AccountSession* session, QTableView* view, UserFilterProxyModel* proxy, UserTableModel* users,
                         MessageBar* messages)
    : QObject(view)
    , m_session(session)
    , m_view(view)
    , m_proxy(proxy)
    , m_users(users)
    , m_messages(messages)
    , m_remove(new QAction(this))
    , m_revoke(new QAction(this))
    , m_resend(new QAction(this))
    , m_copy(new QAction(tr("Copy emails"), this))
    , m_addRoleMenu(new QMenu(tr("Add role"), view))
    , m_removeRoleMenu(new QMenu(tr("Remove role"), view))
{
    m_remove->setObjectName(QStringLiteral("bulkRemoveAction"));
    m_revoke->setObjectName(QStringLiteral("bulkRevokeAction"));
    m_resend->setObjectName(QStringLiteral("bulkResendAction"));
    m_copy->setObjectName(QStringLiteral("bulkCopyEmailsAction"));
    m_addRoleMenu->setObjectName(QStringLiteral("bulkAddRoleMenu"));
    m_removeRoleMenu->setObjectName(QStringLiteral("bulkRemoveRoleMenu"));
    const auto runKind = [this](BulkChange::Kind kind) {
        BulkChange change;
        change.kind = kind;
        run(change);
    };
    connect(m_remove, &QAction::triggered, this, [runKind] { runKind(BulkChange::Kind::Remove); });
    connect(m_revoke, &QAction::triggered, this, [runKind] { runKind(BulkChange::Kind::Revoke); });
    connect(m_resend, &QAction::triggered, this, [runKind] { runKind(BulkChange::Kind::Resend); });
    connect(m_copy, &QAction::triggered, this, [this] {
        QStringList emails;
        for (const auto& row : selectedRows())
            emails.append(row.email);
        QGuiApplication::clipboard()->setText(emails.join(QLatin1Char('\n')));
        m_messages->showMessage(tr("Copied %n address(es).", nullptr, int(emails.size())));
    });
    // Role lists are built when the menu opens: roles come and go while the window is open.
    connect(m_addRoleMenu, &QMenu::aboutToShow, this, &BulkActions::fillRoleMenus);
    connect(m_removeRoleMenu, &QMenu::aboutToShow, this, &BulkActions::fillRoleMenus);
}

QList<UserTableModel::Row> BulkActions::selectedRows() const
{
    QList<UserTableModel::Row> rows;
    if (!m_view->selectionModel())
        return rows;
    QModelIndexList selected = m_view->selectionModel()->selectedRows();
    std::sort(selected.begin(), selected.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    rows.reserve(selected.size());
    for (const auto& index : selected) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (source.isValid())
            rows.append(m_users->rowAt(source.row()));
    }
    return rows;
}

bool BulkActions::isActive() const
{
    return m_view->selectionModel() && m_view->selectionModel()->selectedRows().size() > 1;
}

void BulkActions::addTo(QMenu* menu)
{
    m_entries = {m_addRoleMenu->menuAction(),
                 m_removeRoleMenu->menuAction(),
                 menu->addSeparator(),
                 m_remove,
                 m_revoke,
                 m_resend,
                 menu->addSeparator(),
                 m_copy};
    for (auto* entry : std::as_const(m_entries))
        menu->addAction(entry);
}

void BulkActions::refresh()
{
    const bool active = isActive();
    for (auto* entry : std::as_const(m_entries))
        entry->setVisible(active);
    if (!active)
        return;
    int members = 0;
    int pending = 0;
    for (const auto& row : selectedRows())
        (row.pending ? pending : members) += 1;
    m_remove->setText(tr("Remove %n member(s) from account…", nullptr, members));
    m_revoke->setText(tr("Revoke %n invitation(s)…", nullptr, pending));
    m_resend->setText(tr("Resend %n invitation(s)…", nullptr, pending));
    m_remove->setVisible(members > 0);
    m_revoke->setVisible(pending > 0);
    m_resend->setVisible(pending > 0);
    const ActorContext actor = m_session->actorContext();
    // Whether the action is open to this actor at all; each row's own refusal comes in the confirmation.
    for (auto [action, kind] :
         {std::pair{m_remove, AccountAction::RemoveMember}, std::pair{m_revoke, AccountAction::RevokeInvite},
          std::pair{m_resend, AccountAction::ResendInvite}}) {
        const Verdict verdict = AccessRules::checkAction(actor, kind);
        action->setEnabled(verdict.isAllowed());
        action->setToolTip(verdict.isAllowed() ? QString() : verdict.reason());
    }
    const Verdict roles = AccessRules::checkAction(actor, AccountAction::ChangeMemberRoles);
    m_addRoleMenu->setEnabled(roles.isAllowed() && members > 0);
    m_removeRoleMenu->setEnabled(roles.isAllowed() && members > 0);
    m_addRoleMenu->menuAction()->setToolTip(roles.isAllowed() ? QString() : roles.reason());
    m_removeRoleMenu->menuAction()->setToolTip(roles.isAllowed() ? QString() : roles.reason());
}

void BulkActions::fillRoleMenus()
{
    m_addRoleMenu->clear();
    m_removeRoleMenu->clear();
    for (const auto& role : m_session->roles()) {
        // Base is everyone's and Owner is no one's to give: the rules refuse both, so they are not offered.
        if (role.system == SystemRole::Base || role.system == SystemRole::Owner)
            continue;
        const QString id = role.id;
        QAction* add = m_addRoleMenu->addAction(role.name);
        add->setObjectName(QStringLiteral("bulkAddRole_") + role.name);
        const Verdict grant = AccessRules::canGrantRole(m_session->actorContext(), role);
        add->setEnabled(grant.isAllowed());
        add->setToolTip(grant.isAllowed() ? QString() : grant.reason());
        connect(add, &QAction::triggered, this, [this, id] {
            BulkChange change;
            change.kind = BulkChange::Kind::ChangeRoles;
            change.addRoleIds = {id};
            run(change);
        });
        QAction* remove = m_removeRoleMenu->addAction(role.name);
        remove->setObjectName(QStringLiteral("bulkRemoveRole_") + role.name);
        connect(remove, &QAction::triggered, this, [this, id] {
            BulkChange change;
            change.kind = BulkChange::Kind::ChangeRoles;
            change.removeRoleIds = {id};
            run(change);
        });
    }
    m_addRoleMenu->setToolTipsVisible(true);
}

void BulkActions::deleteSelection()
{
    bool anyMember = false;
    for (const auto& row : selectedRows())
        anyMember = anyMember || !row.pending;
    BulkChange change;
    change.kind = anyMember ? BulkChange::Kind::Remove : BulkChange::Kind::Revoke;
    run(change);
}

BulkActions::Plan BulkActions::plan(const BulkChange& change) const
{
    const ActorContext actor = m_session->actorContext();
    Plan plan;
    QMap<QString, int> refusals; // reason → how many rows
    QStringList order;
    for (const auto& row : selectedRows()) {
        Verdict verdict;
        if (row.pending) {
            Invite invite = m_session->pendingInvites().value(row.id);
            if (invite.id.isEmpty()) {
                invite.id = row.id;
                invite.email = row.email;
                invite.roleIds = row.roleIds;
            }
            verdict = AccessRules::canApplyTo(actor, change, invite);
        } else {
            const Member member =
                m_session->members().value(row.id, Member{row.id, row.email, row.roleIds, row.invitedBy, row.date});
            verdict = AccessRules::canApplyTo(actor, change, member, m_session->roles());
        }
        if (verdict) {
            plan.targets.append(row.id);
            plan.people.append(row.email);
            continue;
        }
        // Rows refused for the same reason are counted together; per-person reasons stay per person.
        if (!refusals.contains(verdict.reason()))
            order.append(verdict.reason());
        refusals[verdict.reason()] += 1;
    }
    for (const auto& reason : order)
        plan.leftOut.append(
            refusals.value(reason) > 1 ? tr("%1 (%n people)", nullptr, refusals.value(reason)).arg(reason) : reason);
    return plan;
}

QString BulkActions::pastTense(const BulkChange& change, int count) const
{
    switch (change.kind) {
    case BulkChange::Kind::Remove:
        return tr("Removed %n member(s) from the account.", nullptr, count);
    case BulkChange::Kind::Revoke:
        return tr("Revoked %n invitation(s).", nullptr, count);
    case BulkChange::Kind::Resend:
        return tr("Sent %n invitation(s) again.", nullptr, count);
    case BulkChange::Kind::ChangeRoles:
        break;
    }
    return tr("Changed the roles of %n member(s).", nullptr, count);
}

void BulkActions::run(BulkChange change)
{
    const Plan planned = plan(change);
    const int selected = int(planned.targets.size() + planned.leftOut.size());
    if (planned.targets.isEmpty()) {
        m_messages->showMessage(tr("None of the %n selected people can be changed this way: %1", nullptr, selected)
                                    .arg(planned.leftOut.join(QLatin1Char(' '))),
                                MessageBar::Kind::Error);
        return;
    }
    const int count = int(planned.targets.size());
    QString title;
    QString question;
    QString accept;
    const bool stepwise = !m_session->store()->capabilities().atomicBatches;
    switch (change.kind) {
    case BulkChange::Kind::Remove:
        title = tr("Remove from account");
        question = tr("Remove %n member(s) from the account? They lose access at once and must be invited again "
                      "to return.",
                      nullptr, count);
        accept = tr("Remove %n member(s)", nullptr, count);
        break;
    case BulkChange::Kind::Revoke:
        title = tr("Revoke invitations");
        question = tr("Revoke %n invitation(s)? The links in their emails stop working.", nullptr, count);
        accept = tr("Revoke %n invitation(s)", nullptr, count);
        break;
    case BulkChange::Kind::Resend:
        title = tr("Resend invitations");
        question = stepwise ? tr("Send %n invitation(s) again? Qdrant Cloud has no resend: each invitation is "
                                 "revoked and sent again with the same roles.",
                                 nullptr, count)
                            : tr("Send %n invitation(s) again? Each is renewed for its full lifetime.", nullptr, count);
        accept = tr("Resend %n invitation(s)", nullptr, count);
        break;
    case BulkChange::Kind::ChangeRoles: {
        const bool adding = !change.addRoleIds.isEmpty();
        const QString role = m_session->roleName(adding ? change.addRoleIds.first() : change.removeRoleIds.first());
        title = adding ? tr("Add role") : tr("Remove role");
        question = adding
            ? tr("Give the %1 role to %n member(s)?", nullptr, count).arg(role)
            : tr("Take the %1 role away from %n member(s)? They keep their other roles.", nullptr, count).arg(role);
        accept = adding ? tr("Add role") : tr("Remove role");
        break;
    }
    }
    if (stepwise)
        question += QLatin1Char(' ') + tr("Qdrant Cloud changes one person at a time; you can cancel midway.");
    if (!Confirmation::askBulk(m_view->window(), title, question, planned.people, planned.leftOut, accept))
        return;

    change.targets = planned.targets;
    auto control = std::make_shared<BulkControl>();
    control->total = count;
    // The cloud takes a while per person: show how far it got, and let the admin stop it.
    QProgressDialog* progress = stepwise ? BulkProgress::show(m_view->window(), title, count, control) : nullptr;
    onFinished(m_session->applyBulk(change, control), this, [this, change, progress](const Result<BulkReport>& result) {
        if (progress)
            progress->deleteLater();
        if (!result) {
            m_messages->showMessage(result.error().message, MessageBar::Kind::Error);
            return;
        }
        const BulkReport& report = result.value();
        Q_EMIT finished(report);
        if (report.refused.isEmpty() && report.notSent.isEmpty()) {
            m_messages->showMessage(pastTense(change, int(report.done.size())));
            return;
        }
        showReport(change, report);
    });
}

void BulkActions::showReport(const BulkChange& change, const BulkReport& report)
{
    QString summary;
    if (report.allOrNothing)
        summary = tr("Nothing was changed: %n person(s) could not be.", nullptr, int(report.refused.size()));
    else
        summary = pastTense(change, int(report.done.size())) + QLatin1Char(' ')
            + tr("Not done: %n.", nullptr, int(report.refused.size() + report.notSent.size()));
    m_messages->showMessage(summary, MessageBar::Kind::Error);
    auto* dialog = new BulkReportDialog(summary, report, m_view->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}
