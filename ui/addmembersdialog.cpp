// Each chosen member gets the role through the same store call as the manage-roles dialog.
#include "addmembersdialog.h"

#include "checklistdelegate.h"

#include "accountsession.h"
#include "futurewatch.h"
#include "memberchecklistmodel.h"
#include "messagebar.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

#include <memory>

AddMembersDialog::AddMembersDialog(AccountSession* session, const QString& roleId, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_roleId(roleId)
    , m_members(new MemberChecklistModel(this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_searchEdit(new QLineEdit(this))
    , m_list(new QListView(this))
    , m_messages(new MessageBar(this))
{
    setObjectName(QStringLiteral("addMembersDialog"));
    const QString roleName = session->roleName(roleId);
    setWindowTitle(tr("Add members to %1").arg(roleName));
    setAccessibleName(windowTitle());
    QList<Member> candidates;
    for (const auto& member : session->members()) {
        if (!member.roleIds.contains(roleId))
            candidates.append(member);
    }
    m_members->setMembers(candidates);
    m_filter->setSourceModel(m_members);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_searchEdit->setObjectName(QStringLiteral("memberSearchLineEdit"));
    m_searchEdit->setAccessibleName(tr("Search members"));
    m_searchEdit->setPlaceholderText(tr("Search by email"));
    m_searchEdit->setClearButtonEnabled(true);
    connect(m_searchEdit, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);
    m_list->setObjectName(QStringLiteral("membersListView"));
    m_list->setAccessibleName(tr("Members without %1").arg(roleName));
    m_list->setModel(m_filter);
    m_list->setUniformItemSizes(true);
    m_list->setItemDelegate(new CheckListDelegate(m_list));
    m_messages->setObjectName(QStringLiteral("addMembersMessageBar"));
    m_messages->setFading(false);

    auto* buttons = new QDialogButtonBox(this);
    m_addButton = buttons->addButton(tr("Add to role"), QDialogButtonBox::AcceptRole);
    m_addButton->setObjectName(QStringLiteral("addToRoleButton"));
    m_addButton->setEnabled(false);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_addButton, &QPushButton::clicked, this, &AddMembersDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_members, &MemberChecklistModel::checkedCountChanged, this, [this](int count) {
        m_addButton->setEnabled(count > 0);
        m_addButton->setText(count > 0 ? tr("Add %n member(s)", nullptr, count) : tr("Add to role"));
    });

    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(candidates.isEmpty() ? tr("Every member already has %1.").arg(roleName)
                                                  : tr("Choose the members who get %1:").arg(roleName),
                             this);
    layout->addWidget(intro);
    layout->addWidget(m_searchEdit);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_messages);
    layout->addWidget(buttons);
    resize(460, 480);
    m_searchEdit->setFocus();
}

void AddMembersDialog::submit()
{
    const QStringList ids = m_members->checkedMemberIds();
    if (ids.isEmpty())
        return;
    m_addButton->setEnabled(false);
    // One update per member, each its own transaction; the dialog reports them together.
    struct Tally
    {
        int pending = 0;
        int added = 0;
        QStringList failures;
    };
    auto tally = std::make_shared<Tally>();
    tally->pending = int(ids.size());
    for (const auto& id : ids) {
        onFinished(m_session->updateMemberRoles(id, {m_roleId}, {}), this, [this, tally](const Result<Member>& result) {
            if (result)
                ++tally->added;
            else
                tally->failures.append(result.error().message);
            if (--tally->pending > 0)
                return;
            if (tally->failures.isEmpty()) {
                Q_EMIT membersAdded(tally->added);
                accept();
                return;
            }
            m_messages->showMessage(tally->failures.join(QLatin1Char('\n')), MessageBar::Kind::Error);
            m_addButton->setEnabled(true);
            if (tally->added > 0)
                Q_EMIT membersAdded(tally->added);
        });
    }
}
