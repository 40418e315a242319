// One dialog for the three ways a custom role gets its name; the rules come from AccessRules.
#include "roleeditordialog.h"

#include "accessrules.h"
#include "accountsession.h"
#include "futurewatch.h"
#include "messagebar.h"
#include "permissiontreemodel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeView>

#include "checklistdelegate.h"

RoleEditorDialog::RoleEditorDialog(AccountSession* session, Mode mode, const Role& source, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_mode(mode)
    , m_source(source)
    , m_nameEdit(new QLineEdit(this))
    , m_descriptionEdit(new QPlainTextEdit(this))
    , m_messages(new MessageBar(this))
{
    setObjectName(QStringLiteral("roleEditorDialog"));
    QString okText;
    switch (mode) {
    case Mode::Create:
        setWindowTitle(tr("Add role"));
        okText = tr("Create role");
        break;
    case Mode::Rename:
        setWindowTitle(tr("Rename role"));
        okText = tr("Save");
        m_nameEdit->setText(source.name);
        m_descriptionEdit->setPlainText(source.description);
        break;
    case Mode::Duplicate:
        setWindowTitle(tr("Duplicate role"));
        okText = tr("Duplicate");
        m_nameEdit->setText(AccessRules::freeDuplicateName(source.name, AccessRules::takenNames(session->roles())));
        m_descriptionEdit->setPlainText(source.description);
        break;
    }
    setAccessibleName(windowTitle());
    m_nameEdit->setObjectName(QStringLiteral("roleNameLineEdit"));
    m_nameEdit->setAccessibleName(tr("Role name"));
    m_nameEdit->setMaxLength(AccessRules::MaxRoleNameLength + 16); // room to type past the limit and be told
    m_descriptionEdit->setObjectName(QStringLiteral("roleDescriptionTextEdit"));
    m_descriptionEdit->setAccessibleName(tr("Role description"));
    m_descriptionEdit->setTabChangesFocus(true);
    m_descriptionEdit->setFixedHeight(m_descriptionEdit->fontMetrics().lineSpacing() * 3 + 12);
    m_descriptionEdit->setReadOnly(mode == Mode::Duplicate);
    m_messages->setObjectName(QStringLiteral("roleEditorMessageBar"));
    m_messages->setFading(false);

    auto* form = new QFormLayout(this);
    form->addRow(tr("&Name:"), m_nameEdit);
    form->addRow(tr("&Description:"), m_descriptionEdit);
    if (mode != Mode::Rename) {
        m_permissions = new PermissionTreeModel(PermissionCatalogue::builtIn(), this);
        m_permissionsView = new QTreeView(this);
        m_permissionsView->setObjectName(QStringLiteral("rolePermissionsTreeView"));
        m_permissionsView->setAccessibleName(mode == Mode::Create ? tr("Permissions of the new role")
                                                                  : tr("Permissions that will be copied"));
        m_permissionsView->setModel(m_permissions);
        auto* delegate = new CheckListDelegate(m_permissionsView);
        delegate->setReadOnly(mode == Mode::Duplicate);
        m_permissionsView->setItemDelegate(delegate);
        m_permissionsView->expandAll();
        // No escalation: a new role can carry only what its author holds, and each other box says why.
        const ActorContext actor = m_session->actorContext();
        m_permissions->setGrantCheck(
            [actor](const QString& permission) { return AccessRules::canGrantPermission(actor, permission); });
        m_permissionsView->header()->setSectionResizeMode(PermissionTreeModel::PermissionColumn,
                                                          QHeaderView::ResizeToContents);
        m_permissionsView->setMinimumHeight(260);
        if (mode == Mode::Duplicate) {
            m_permissions->setSavedPermissions(PermissionSet(source.permissions.cbegin(), source.permissions.cend()));
            m_permissions->setReadOnly(true, tr("The copy gets the same permissions; change them after duplicating."));
        }
        connect(m_permissions, &QAbstractItemModel::dataChanged, this, &RoleEditorDialog::validate);
        form->addRow(mode == Mode::Create ? tr("&Permissions:") : tr("Permissions to copy:"), m_permissionsView);
        m_grantLabel = new QLabel(this);
        m_grantLabel->setObjectName(QStringLiteral("permissionSummaryLabel"));
        m_grantLabel->setWordWrap(true);
        form->addRow(m_grantLabel);
    }
    form->addRow(m_messages);
    auto* buttons = new QDialogButtonBox(this);
    m_okText = okText;
    m_okButton = buttons->addButton(okText, QDialogButtonBox::AcceptRole);
    m_okButton->setObjectName(QStringLiteral("saveRoleButton"));
    m_okButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_okButton, &QPushButton::clicked, this, &RoleEditorDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    connect(m_nameEdit, &QLineEdit::textChanged, this, &RoleEditorDialog::validate);
    connect(m_descriptionEdit, &QPlainTextEdit::textChanged, this, &RoleEditorDialog::validate);
    setMinimumWidth(520);
    m_nameEdit->setFocus();
    m_nameEdit->selectAll();
    validate();
}

QString RoleEditorDialog::name() const
{
    return m_nameEdit->text().trimmed();
}

QString RoleEditorDialog::description() const
{
    return m_descriptionEdit->toPlainText().trimmed();
}

void RoleEditorDialog::validate()
{
    const ActorContext actor = m_session->actorContext();
    Verdict verdict;
    switch (m_mode) {
    case Mode::Create:
        verdict = AccessRules::canCreateRole(actor, {name(), description(), m_permissions->permissions()},
                                             m_session->roles());
        break;
    case Mode::Rename:
        verdict = AccessRules::canUpdateRole(
            actor, m_source,
            {name(), description(), PermissionSet(m_source.permissions.cbegin(), m_source.permissions.cend())},
            m_session->roles());
        break;
    case Mode::Duplicate:
        verdict = AccessRules::canDuplicateRole(actor, m_source, name(), m_session->roles());
        break;
    }
    // An empty name is not an error yet: say nothing until the admin has typed something.
    if (verdict || name().isEmpty())
        m_messages->clear();
    else
        m_messages->showMessage(verdict.reason(), MessageBar::Kind::Error);
    m_okButton->setEnabled(verdict.isAllowed());
    if (!m_grantLabel)
        return;
    // What the new role will carry, in the catalogue's order, and the button repeats the count.
    const PermissionSet ticked = m_permissions->permissions();
    QStringList granted;
    for (const auto& permission : PermissionCatalogue::builtIn().permissions()) {
        if (ticked.contains(permission.value))
            granted.append(permission.value);
    }
    m_grantLabel->setText(granted.isEmpty() ? tr("No permission ticked yet: a role needs at least one.")
                                            : tr("Will grant: %1").arg(granted.join(QStringLiteral(", "))));
    m_grantLabel->setAccessibleName(m_grantLabel->text());
    m_okButton->setText(granted.isEmpty() ? m_okText
                                          : tr("%1 with %2", "role editor: action, permissions")
                                                .arg(m_okText, tr("%n permission(s)", nullptr, int(granted.size()))));
}

void RoleEditorDialog::submit()
{
    m_okButton->setEnabled(false);
    QFuture<Result<Role>> request;
    switch (m_mode) {
    case Mode::Create:
        request = m_session->createRole({name(), description(), m_permissions->permissions()});
        break;
    case Mode::Rename:
        request = m_session->updateRole(
            m_source.id,
            {name(), description(), PermissionSet(m_source.permissions.cbegin(), m_source.permissions.cend())});
        break;
    case Mode::Duplicate:
        request = m_session->duplicateRole(m_source.id, name());
        break;
    }
    onFinished(request, this, [this](const Result<Role>& result) {
        if (!result) {
            m_messages->showMessage(result.error().message, MessageBar::Kind::Error);
            m_okButton->setEnabled(true);
            return;
        }
        Q_EMIT roleSaved(result.value());
        accept();
    });
}
