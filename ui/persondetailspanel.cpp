// AccessExplorer computes; this panel only lays it out, from what the session already holds.
#include "persondetailspanel.h"

#include "accessexplorer.h"
#include "accountsession.h"
#include "permissioncatalogue.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

PersonDetailsPanel::PersonDetailsPanel(AccountSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_title(new QLabel(this))
    , m_facts(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("personDetailsPanel"));
    m_title->setObjectName(QStringLiteral("personDetailsTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts->setObjectName(QStringLiteral("personDetailsFacts"));
    m_facts->setWordWrap(true);
    m_tree->setObjectName(QStringLiteral("effectivePermissionsTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Permission"), tr("From roles")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    auto* close = new QToolButton(this);
    close->setObjectName(QStringLiteral("closeDetailsButton"));
    close->setText(tr("Close"));
    close->setAccessibleName(tr("Close the details"));
    connect(close, &QToolButton::clicked, this, [this] {
        m_personId.clear();
        hide();
    });

    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_facts);
    layout->addWidget(m_tree, 1);

    // Follows the person: their roles change, a role's permissions change, or they leave.
    connect(session, &AccountSession::reset, this, &PersonDetailsPanel::refresh);
    connect(session, &AccountSession::roleChanged, this, &PersonDetailsPanel::refresh);
    connect(session, &AccountSession::roleRemoved, this, &PersonDetailsPanel::refresh);
    connect(session, &AccountSession::memberChanged, this, [this](const Member& member) {
        if (member.id == m_personId)
            refresh();
    });
    connect(session, &AccountSession::memberRolesChanged, this, [this](const QList<Member>& members) {
        if (std::any_of(members.cbegin(), members.cend(), [this](const Member& m) { return m.id == m_personId; }))
            refresh();
    });
    connect(session, &AccountSession::peopleRemoved, this, [this](const QStringList& ids) {
        if (ids.contains(m_personId))
            refresh();
    });
    connect(session, &AccountSession::memberRemoved, this, [this](const QString& id) {
        if (id == m_personId)
            refresh();
    });
    hide();
}

void PersonDetailsPanel::showPerson(const QString& id)
{
    m_personId = id;
    refresh();
}

void PersonDetailsPanel::refresh()
{
    if (m_personId.isEmpty())
        return;
    const auto member = m_session->members().constFind(m_personId);
    const auto invite = m_session->pendingInvites().constFind(m_personId);
    const bool isMember = member != m_session->members().constEnd();
    if (!isMember && invite == m_session->pendingInvites().constEnd()) {
        m_personId.clear();
        hide();
        return;
    }
    const QStringList roleIds = isMember ? member->roleIds : invite->roleIds;
    const QString email = isMember ? member->email : invite->email;
    const QStringList roleNames = m_session->roleNames(roleIds, !isMember);
    m_title->setText(email);
    const QString invitedBy = isMember ? member->invitedBy : invite->invitedBy;
    const QString when =
        QLocale().toString((isMember ? member->joinedAt : invite->createdAt).toLocalTime(), QLocale::ShortFormat);
    QString facts = isMember
        ? (invitedBy.isEmpty() ? tr("Joined %1; created the account.").arg(when)
                               : tr("Joined %1, invited by %2.").arg(when, invitedBy))
        : tr("Invited %1 by %2; not joined yet. Below is what accepting will grant.").arg(when, invitedBy);
    facts += QLatin1Char('\n') + tr("Roles: %1").arg(roleNames.join(QStringLiteral(", ")));
    m_facts->setText(facts);

    const auto grants =
        AccessExplorer::effectivePermissions(roleIds, !isMember, m_session->roles(), PermissionCatalogue::builtIn());
    m_tree->clear();
    QTreeWidgetItem* category = nullptr;
    for (const auto& grant : grants) {
        if (!category || category->text(0) != grant.category) {
            category = new QTreeWidgetItem(m_tree, {grant.category});
            category->setFirstColumnSpanned(true);
        }
        auto* item = new QTreeWidgetItem(category, {grant.permission, grant.roleNames.join(QStringLiteral(", "))});
        // Read whole by a screen reader: "write:clusters: from Cluster Operator, Admin".
        item->setData(0, Qt::AccessibleTextRole,
                      tr("%1: from %2").arg(grant.permission, grant.roleNames.join(QStringLiteral(", "))));
        const Permission* known = PermissionCatalogue::builtIn().find(grant.permission);
        if (known)
            item->setToolTip(0, known->description);
    }
    m_tree->expandAll();
    m_tree->setAccessibleName(tr("Permissions of %1").arg(email));
    show();
}
