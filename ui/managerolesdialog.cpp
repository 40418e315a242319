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
    , m_changeLabel(new QLabel(this))
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
    m_changeLabel->setObjectName(QStringLiteral("roleChangeSummaryLabel"));
    m_changeLabel->setWordWrap(true);
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
    layout->addWidget(m_changeLabel);
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
    const QStringList add = rolesToAdd();
    const QStringList remove = rolesToRemove();
    const auto names = [this](const QStringList& ids) {
        QStringList named;
        for (const auto& id : ids)
            named.append(m_session->roleName(id));
        return named.join(QStringLiteral(", "));
    };
    // What Save sends, said before it is pressed: the difference, never the whole list.
    QStringList summary;
    if (!add.isEmpty())
        summary.append(tr("Will add: %1.").arg(names(add)));
    if (!remove.isEmpty())
        summary.append(tr("Will remove: %1.").arg(names(remove)));
    m_changeLabel->setText(summary.isEmpty() ? tr("No change yet: tick or clear a role.")
                                             : summary.join(QLatin1Char(' ')));
    m_changeLabel->setAccessibleName(m_changeLabel->text());
    const int changes = int(add.size() + remove.size());
    m_saveButton->setText(changes == 0 ? tr("Save") : tr("Save %n change(s)", nullptr, changes));
    m_saveButton->setEnabled(changes > 0);
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
