// Sends only the difference, so a stale screen never overwrites another admin's change.
#include "managerolesdialog.h"

#include "accessrules.h"
#include "accountsession.h"
#include "futurewatch.h"
#include "messagebar.h"
#include "rolechecklist.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

ManageRolesDialog::ManageRolesDialog(AccountSession* session, const Member& member, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_member(member)
    , m_rolesList(new QListWidget(this))
    , m_messages(new MessageBar(this))
{
    setObjectName(QStringLiteral("manageRolesDialog"));
    setWindowTitle(tr("Manage roles"));
    setAccessibleName(tr("Manage roles"));
    auto* intro = new QLabel(tr("Roles of <b>%1</b>:").arg(member.email.toHtmlEscaped()), this);
    intro->setBuddy(m_rolesList);
    m_rolesList->setObjectName(QStringLiteral("memberRolesListWidget"));
    m_rolesList->setAccessibleName(tr("Roles of %1").arg(member.email));
    const ActorContext actor = session->actorContext();
    RoleCheckList::fill(
        m_rolesList, session->roles(),
        [&](const Role& role) {
            if (role.system == SystemRole::Base)
                return tr("always included");
            // What the rules would refuse for this box: unassigning a held role, or granting one not held.
            const Verdict change = member.roleIds.contains(role.id) ? AccessRules::canUnassignRole(actor, member, role)
                                                                    : AccessRules::canGrantRole(actor, role);
            return change ? QString() : change.reason();
        },
        [&](const Role& role) { return member.roleIds.contains(role.id); });
    m_messages->setObjectName(QStringLiteral("manageRolesMessageBar"));
    m_messages->setFading(false);

    auto* buttons = new QDialogButtonBox(this);
    m_saveButton = buttons->addButton(tr("Save"), QDialogButtonBox::AcceptRole);
    m_saveButton->setObjectName(QStringLiteral("saveRolesButton"));
    m_saveButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_saveButton, &QPushButton::clicked, this, &ManageRolesDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_rolesList, &QListWidget::itemChanged, this, &ManageRolesDialog::updateSaveButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_rolesList);
    layout->addWidget(m_messages);
    layout->addWidget(buttons);
    setMinimumWidth(380);
    updateSaveButton();
    m_rolesList->setFocus();
}

QStringList ManageRolesDialog::rolesToAdd() const
{
    QStringList ids;
    for (const auto& id : RoleCheckList::checkedIds(m_rolesList)) {
        if (!m_member.roleIds.contains(id))
            ids.append(id);
    }
    return ids;
}

QStringList ManageRolesDialog::rolesToRemove() const
{
    QStringList ids;
    for (const auto& id : RoleCheckList::uncheckedIds(m_rolesList)) {
        if (m_member.roleIds.contains(id))
            ids.append(id);
    }
    return ids;
}

void ManageRolesDialog::updateSaveButton()
{
    m_saveButton->setEnabled(!rolesToAdd().isEmpty() || !rolesToRemove().isEmpty());
    m_messages->clear();
}

void ManageRolesDialog::save()
{
    m_saveButton->setEnabled(false);
    const QStringList add = rolesToAdd();
    const QStringList remove = rolesToRemove();
    onFinished(m_session->updateMemberRoles(m_member.id, add, remove), this,
               [this, add, remove](const Result<Member>& result) {
                   if (!result) {
                       m_messages->showMessage(result.error().message, MessageBar::Kind::Error);
                       m_saveButton->setEnabled(true);
                       return;
                   }
                   Q_EMIT rolesUpdated(result.value(), add, remove);
                   accept();
               });
}
