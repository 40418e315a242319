// The page reads the shared session, so a change made here shows at once on User Management and back.
#include "roledetailspage.h"

#include "permissionholdersview.h"

#include "accessrules.h"
#include "accountsession.h"
#include "addmembersdialog.h"
#include "checklistdelegate.h"
#include "confirmation.h"
#include "futurewatch.h"
#include "messagebar.h"
#include "permissiontreemodel.h"
#include "roleeditordialog.h"
#include "roleusersmodel.h"
#include "userspanel.h"
#include "usertablemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

RoleDetailsPage::RoleDetailsPage(AccountSession* session, MessageBar* messages, AllUsersModel* people, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_messages(messages)
    , m_people(people)
    , m_titleLabel(new QLabel(this))
    , m_typeLabel(new QLabel(this))
    , m_descriptionLabel(new QLabel(this))
    , m_renameButton(new QPushButton(tr("Rename…"), this))
    , m_duplicateButton(new QPushButton(tr("Duplicate…"), this))
    , m_deleteButton(new QPushButton(tr("Delete…"), this))
    , m_tabs(new QTabWidget(this))
    , m_permissions(new PermissionTreeModel(PermissionCatalogue::builtIn(), this))
    , m_permissionsView(new QTreeView(this))
    , m_permissionsDelegate(new CheckListDelegate(m_permissionsView))
    , m_permissionsNote(new QLabel(this))
    , m_saveButton(new QPushButton(tr("Save"), this))
    , m_discardButton(new QPushButton(tr("Discard"), this))
    , m_usersTab(new QWidget(this))
    , m_usersLayout(new QVBoxLayout(m_usersTab))
{
    setObjectName(QStringLiteral("roleDetailsPage"));
    m_titleLabel->setObjectName(QStringLiteral("roleTitleLabel"));
    QFont titleFont = m_titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);
    m_titleLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_typeLabel->setObjectName(QStringLiteral("roleTypeLabel"));
    QFont badgeFont = m_typeLabel->font();
    badgeFont.setBold(true);
    badgeFont.setPointSizeF(badgeFont.pointSizeF() * 0.85);
    m_typeLabel->setFont(badgeFont);
    m_descriptionLabel->setObjectName(QStringLiteral("roleDescriptionLabel"));
    m_descriptionLabel->setWordWrap(true);
    m_renameButton->setObjectName(QStringLiteral("renameRoleButton"));
    m_duplicateButton->setObjectName(QStringLiteral("duplicateRoleButton"));
    m_deleteButton->setObjectName(QStringLiteral("deleteRoleButton"));
    connect(m_renameButton, &QPushButton::clicked, this, &RoleDetailsPage::rename);
    connect(m_duplicateButton, &QPushButton::clicked, this, &RoleDetailsPage::duplicate);
    connect(m_deleteButton, &QPushButton::clicked, this, &RoleDetailsPage::deleteRole);

    auto* header = new QHBoxLayout;
    header->addWidget(m_titleLabel);
    header->addWidget(m_typeLabel);
    header->addStretch(1);
    header->addWidget(m_renameButton);
    header->addWidget(m_duplicateButton);
    header->addWidget(m_deleteButton);

    // Permissions tab
    auto* permissionsTab = new QWidget(this);
    m_permissionsView->setObjectName(QStringLiteral("permissionsTreeView"));
    // A role's own permissions first: Base's single one is not below a screen of empty boxes.
    m_permissions->setGrantedFirst(true);
    m_permissionsView->setModel(m_permissions);
    m_permissionsView->setItemDelegate(m_permissionsDelegate);
    // The tree is rebuilt per role (granted first): open every category again.
    connect(m_permissions, &QAbstractItemModel::modelReset, m_permissionsView, &QTreeView::expandAll);
    m_permissionsView->setUniformRowHeights(true);
    m_permissionsView->expandAll();
    m_permissionsView->header()->setSectionResizeMode(PermissionTreeModel::PermissionColumn,
                                                      QHeaderView::ResizeToContents);
    m_permissionsNote->setObjectName(QStringLiteral("permissionsNoteLabel"));
    m_permissionsNote->setWordWrap(true);
    m_saveButton->setObjectName(QStringLiteral("savePermissionsButton"));
    m_discardButton->setObjectName(QStringLiteral("discardPermissionsButton"));
    connect(m_saveButton, &QPushButton::clicked, this, [this] { save(); });
    connect(m_discardButton, &QPushButton::clicked, m_permissions, &PermissionTreeModel::revert);
    connect(m_permissions, &PermissionTreeModel::modifiedChanged, this, &RoleDetailsPage::refreshPermissionControls);
    connect(m_permissions, &QAbstractItemModel::dataChanged, this, &RoleDetailsPage::refreshPermissionControls);
    auto* permissionButtons = new QHBoxLayout;
    permissionButtons->addWidget(m_permissionsNote, 1);
    permissionButtons->addWidget(m_discardButton);
    permissionButtons->addWidget(m_saveButton);
    // Who holds the selected permission, under the tree.
    m_holders = new PermissionHoldersView(session, this);
    connect(m_permissionsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                m_holders->showPermission(current.siblingAtColumn(PermissionTreeModel::PermissionColumn)
                                              .data(PermissionTreeModel::PermissionValueRole)
                                              .toString());
            });
    auto* permissionsSplit = new QSplitter(Qt::Vertical, permissionsTab);
    permissionsSplit->setChildrenCollapsible(false);
    permissionsSplit->addWidget(m_permissionsView);
    permissionsSplit->addWidget(m_holders);
    permissionsSplit->setStretchFactor(0, 3);
    permissionsSplit->setStretchFactor(1, 1);
    auto* permissionsLayout = new QVBoxLayout(permissionsTab);
    permissionsLayout->addWidget(permissionsSplit, 1);
    permissionsLayout->addLayout(permissionButtons);
    m_tabs->setObjectName(QStringLiteral("roleTabs"));
    m_tabs->addTab(permissionsTab, tr("&Permissions"));
    m_tabs->addTab(m_usersTab, tr("&Users"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_descriptionLabel);
    layout->addWidget(m_tabs, 1);

    connect(session, &AccountSession::roleChanged, this, [this](const Role& role) {
        if (role.id != m_roleId)
            return;
        refreshHeader();
        if (!m_permissions->isModified())
            m_permissions->setSavedPermissions(PermissionSet(role.permissions.cbegin(), role.permissions.cend()));
    });
    connect(session, &AccountSession::roleRemoved, this, [this](const QString& roleId) {
        if (roleId == m_roleId)
            Q_EMIT roleGone();
    });
    connect(session, &AccountSession::reset, this, [this] {
        if (!m_roleId.isEmpty() && !m_session->role(m_roleId))
            Q_EMIT roleGone();
        else if (!m_roleId.isEmpty())
            showRole(m_roleId);
    });
}

void RoleDetailsPage::showRole(const QString& roleId)
{
    const Role* role = m_session->role(roleId);
    if (!role)
        return;
    m_roleId = roleId;
    m_permissions->setSavedPermissions(PermissionSet(role->permissions.cbegin(), role->permissions.cend()));
    m_permissionsView->setAccessibleName(tr("Permissions of %1").arg(role->name));

    // The Users tab is built per role: its model indexes this role's people in User Management's table.
    delete m_users; // owns the Add existing member button and the model too
    m_addMembersButton = nullptr;
    auto* holders = new RoleUsersModel(m_people, roleId);
    m_users = new UsersPanel(m_session, m_messages, holders, m_usersTab);
    holders->setParent(m_users);
    m_users->setObjectName(QStringLiteral("roleUsersPanel"));
    m_users->view()->setColumnHidden(UserTableModel::InvitedByColumn, true);
    m_addMembersButton = new QPushButton(tr("Add existing member…"), m_users);
    m_addMembersButton->setObjectName(QStringLiteral("addExistingMemberButton"));
    connect(m_addMembersButton, &QPushButton::clicked, this, &RoleDetailsPage::addExistingMembers);
    m_users->addToolbarWidget(m_addMembersButton);
    m_usersLayout->addWidget(m_users);
    refreshHeader();
}

void RoleDetailsPage::refreshHeader()
{
    const Role* role = m_session->role(m_roleId);
    if (!role)
        return;
    const ActorContext actor = m_session->actorContext();
    m_titleLabel->setText(role->name);
    m_typeLabel->setText(role->isSystem() ? tr("Built-in") : tr("Custom"));
    m_typeLabel->setAccessibleName(role->isSystem() ? tr("Built-in role") : tr("Custom role"));
    // A badge, not a button: a filled pill, blue-grey for built-in roles and green for custom ones.
    m_typeLabel->setStyleSheet(role->isSystem()
                                   ? QStringLiteral("background: #e3e8f4; color: #233a6b; border-radius: 8px;"
                                                    " padding: 1px 8px;")
                                   : QStringLiteral("background: #e2f3e6; color: #1d5c2e; border-radius: 8px;"
                                                    " padding: 1px 8px;"));
    const QString description = roleDescription(*role);
    m_descriptionLabel->setText(description.isEmpty() ? tr("No description.") : description);
    m_renameButton->setVisible(!role->isSystem());
    m_deleteButton->setVisible(!role->isSystem());
    const auto explain = [](QPushButton* button, const Verdict& verdict, const QString& tip) {
        button->setEnabled(verdict.isAllowed());
        button->setToolTip(verdict.isAllowed() ? tip : verdict.reason());
    };
    explain(m_renameButton, AccessRules::canEditRole(actor, *role), tr("Change the name and description"));
    explain(m_duplicateButton, AccessRules::canDuplicateRole(actor, *role),
            tr("Create a new role with the same permissions"));
    explain(m_deleteButton, AccessRules::canDeleteRole(actor, *role), tr("Delete this role"));
    const Verdict editable = AccessRules::canEditRole(actor, *role);
    m_permissions->setReadOnly(!editable.isAllowed(), editable.reason());
    m_permissions->setGrantCheck(
        [actor](const QString& permission) { return AccessRules::canGrantPermission(actor, permission); });
    // Read-only looks read-only: greyed boxes, no Save or Discard, and the reason where they would be.
    m_permissionsDelegate->setReadOnly(!editable.isAllowed());
    m_permissionsView->viewport()->update();
    m_saveButton->setVisible(editable.isAllowed());
    m_discardButton->setVisible(editable.isAllowed());
    if (m_addMembersButton) {
        Verdict grant = AccessRules::checkAction(actor, AccountAction::ChangeMemberRoles);
        if (grant)
            grant = AccessRules::canGrantRole(actor, *role);
        explain(m_addMembersButton, grant, tr("Give %1 to members who do not have it").arg(role->name));
        if (grant && role->system == SystemRole::Base) {
            // Nothing is refused here: there is simply nobody left to give it to.
            m_addMembersButton->setEnabled(false);
            m_addMembersButton->setToolTip(tr("Every member already has the Base role."));
        }
    }
    refreshPermissionControls();
}

void RoleDetailsPage::refreshPermissionControls()
{
    const bool modified = m_permissions->isModified();
    const Role* role = m_session->role(m_roleId);
    const Verdict valid = role
        ? AccessRules::canUpdateRole(m_session->actorContext(), *role,
                                     {role->name, role->description, m_permissions->permissions()}, m_session->roles())
        : Verdict::allowed();
    m_saveButton->setEnabled(!m_permissions->isReadOnly() && modified && valid.isAllowed());
    m_discardButton->setEnabled(!m_permissions->isReadOnly() && modified);
    // The rules' answer for saving this draft: why the tab is read-only, or what is wrong with the change.
    if (m_permissions->isReadOnly() && role)
        m_permissionsNote->setText(AccessRules::canEditRole(m_session->actorContext(), *role).reason());
    else if (!valid.isAllowed())
        m_permissionsNote->setText(valid.reason());
    else if (modified)
        m_permissionsNote->setText(tr("Unsaved changes."));
    else
        m_permissionsNote->clear();
}

bool RoleDetailsPage::hasUnsavedChanges() const
{
    return !m_roleId.isEmpty() && m_permissions->isModified();
}

bool RoleDetailsPage::confirmLeave(const std::function<void()>& leaveLater)
{
    if (!hasUnsavedChanges())
        return true;
    switch (Confirmation::askToSave(
        window(), tr("Unsaved changes"),
        tr("Save the changes to the permissions of %1 before leaving?").arg(m_session->roleName(m_roleId)))) {
    case Confirmation::Choice::Discard:
        m_permissions->revert();
        return true;
    case Confirmation::Choice::Save:
        // The page stays until the store has the change; a refusal shows here with the draft intact.
        if (m_saveButton->isEnabled())
            save(leaveLater);
        else
            m_messages->showMessage(m_permissionsNote->text(), MessageBar::Kind::Error);
        return false;
    case Confirmation::Choice::Cancel:
        break;
    }
    return false;
}

void RoleDetailsPage::save(const std::function<void()>& then)
{
    const Role* role = m_session->role(m_roleId);
    if (!role)
        return;
    m_saveButton->setEnabled(false);
    onFinished(m_session->updateRole(m_roleId, {role->name, role->description, m_permissions->permissions()}), this,
               [this, then](const Result<Role>& result) {
                   if (!result) {
                       m_messages->showMessage(result.error().message, MessageBar::Kind::Error);
                       refreshPermissionControls();
                       return;
                   }
                   m_permissions->setSavedPermissions(
                       PermissionSet(result.value().permissions.cbegin(), result.value().permissions.cend()));
                   const QString saved = tr("Saved the permissions of %1.").arg(result.value().name);
                   if (then)
                       then();
                   // After leaving, so that the new page's start does not clear it.
                   m_messages->showMessage(saved);
               });
}

void RoleDetailsPage::rename()
{
    const Role* role = m_session->role(m_roleId);
    if (!role)
        return;
    auto* dialog = new RoleEditorDialog(m_session, RoleEditorDialog::Mode::Rename, *role, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RoleEditorDialog::roleSaved, this,
            [this](const Role& saved) { m_messages->showMessage(tr("Saved role %1.").arg(saved.name)); });
    dialog->open();
}

void RoleDetailsPage::duplicate()
{
    const Role* role = m_session->role(m_roleId);
    if (!role)
        return;
    auto* dialog = new RoleEditorDialog(m_session, RoleEditorDialog::Mode::Duplicate, *role, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RoleEditorDialog::roleSaved, this, [this](const Role& copy) {
        m_messages->showMessage(tr("Created role %1.").arg(copy.name));
        Q_EMIT openRole(copy.id);
    });
    dialog->open();
}

void RoleDetailsPage::deleteRole()
{
    const Role* role = m_session->role(m_roleId);
    if (!role)
        return;
    const QString roleId = m_roleId;
    const QString name = role->name;
    // Count first, so the question says exactly what the deletion takes away.
    onFinished(m_session->roleUsage(roleId), this, [this, roleId, name](const Result<RoleUsage>& usage) {
        if (!usage) {
            m_messages->showMessage(usage.error().message, MessageBar::Kind::Error);
            return;
        }
        const QString question = tr("Delete the role %1? It will be taken away from %2 and removed from %3.")
                                     .arg(name, tr("%n member(s)", nullptr, usage.value().members),
                                          tr("%n pending invitation(s)", nullptr, usage.value().pendingInvites));
        if (!Confirmation::ask(window(), tr("Delete role"), question, tr("Delete role")))
            return;
        onFinished(m_session->deleteRole(roleId), this, [this, name](const Result<RoleUsage>& result) {
            if (!result) {
                m_messages->showMessage(result.error().message, MessageBar::Kind::Error);
                return;
            }
            m_messages->showMessage(tr("Deleted role %1.").arg(name));
        });
    });
}

void RoleDetailsPage::addExistingMembers()
{
    auto* dialog = new AddMembersDialog(m_session, m_roleId, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AddMembersDialog::membersAdded, this, [this](int count) {
        m_messages->showMessage(tr("Gave %1 to %n member(s).", nullptr, count).arg(m_session->roleName(m_roleId)));
    });
    dialog->open();
}
