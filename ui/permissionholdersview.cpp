#include "permissionholdersview.h"

#include "accessexplorer.h"
#include "accessrules.h"
#include "accountsession.h"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

PermissionHoldersView::PermissionHoldersView(AccountSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_summary(new QLabel(this))
    , m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("permissionHoldersView"));
    m_summary->setObjectName(QStringLiteral("permissionHoldersSummary"));
    m_summary->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("permissionHoldersList"));
    m_list->setUniformItemSizes(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    showPermission({});
    // Counts follow the account: someone gains a role, a role gains the permission.
    connect(session, &AccountSession::memberChanged, this, [this] { showPermission(m_permission); });
    connect(session, &AccountSession::memberRolesChanged, this, [this] { showPermission(m_permission); });
    connect(session, &AccountSession::roleChanged, this, [this] { showPermission(m_permission); });
    connect(session, &AccountSession::peopleRemoved, this, [this] { showPermission(m_permission); });
    connect(session, &AccountSession::reset, this, [this] { showPermission(m_permission); });
}

void PermissionHoldersView::showPermission(const QString& permission)
{
    m_permission = permission;
    m_list->clear();
    if (permission.isEmpty()) {
        m_summary->setText(tr("Select a permission to see who holds it, and through which role."));
        m_list->setAccessibleName(tr("People who hold the selected permission"));
        return;
    }
    if (!m_session->membersVisible()) {
        m_summary->setText(
            AccessRules::checkPermission(m_session->actorPermissions(), AccountAction::SeeMembers).reason());
        return;
    }
    const PermissionHolders holders =
        AccessExplorer::holders(permission, m_session->members().values(), m_session->roles());
    m_summary->setText(AccessExplorer::summary(holders));
    m_list->setAccessibleName(tr("People who hold %1").arg(permission));
    const int listed = std::min<int>(int(holders.people.size()), MaxListed);
    for (int i = 0; i < listed; ++i) {
        const auto& holder = holders.people.at(i);
        auto* item = new QListWidgetItem(
            tr("%1 — through %2").arg(holder.email, holder.roleNames.join(QStringLiteral(", "))), m_list);
        item->setData(Qt::UserRole, holder.memberId);
    }
    if (holders.people.size() > listed)
        new QListWidgetItem(
            tr("… and %n more (roster-cli access who %1 lists everyone)", nullptr, int(holders.people.size()) - listed)
                .arg(permission),
            m_list);
}

QString PermissionHoldersView::summary() const
{
    return m_summary->text();
}
