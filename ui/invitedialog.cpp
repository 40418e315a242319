// Names every problem of what the admin typed at once, in the store's own words, and keeps the input when the store
// refuses. Addresses that cannot be invited do not hold back the ones that can.
#include "invitedialog.h"

#include "accessrules.h"
#include "accountsession.h"
#include "futurewatch.h"
#include "messagebar.h"
#include "rolechecklist.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>

InviteDialog::InviteDialog(AccountSession* session, const QString& preselectedRoleId, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_emailsEdit(new QPlainTextEdit(this))
    , m_rolesList(new QListWidget(this))
    , m_grantLabel(new QLabel(this))
    , m_messages(new MessageBar(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setObjectName(QStringLiteral("inviteDialog"));
    setWindowTitle(tr("Invite users"));
    setAccessibleName(tr("Invite users"));

    m_emailsEdit->setObjectName(QStringLiteral("emailsTextEdit"));
    m_emailsEdit->setAccessibleName(tr("Email addresses"));
    m_emailsEdit->setPlaceholderText(tr("ana@example.com, bo@example.com"));
    m_emailsEdit->setTabChangesFocus(true);
    m_emailsEdit->setFixedHeight(m_emailsEdit->fontMetrics().lineSpacing() * 4 + 12);
    m_emailsEdit->installEventFilter(this);

    m_rolesList->setObjectName(QStringLiteral("rolesListWidget"));
    m_rolesList->setAccessibleName(tr("Roles to grant"));
    const ActorContext actor = session->actorContext();
    RoleCheckList::fill(
        m_rolesList, session->roles(),
        [&](const Role& role) {
            if (role.system == SystemRole::Base)
                return tr("always included");
            const Verdict grant = AccessRules::canInviteWithRoles(actor, {role});
            return grant ? QString() : grant.reason();
        },
        [&](const Role& role) { return role.system == SystemRole::Base || role.id == preselectedRoleId; });
    m_rolesList->setFixedHeight(
        qMin(280, m_rolesList->sizeHintForRow(0) * int(m_rolesList->count()) + 2 * m_rolesList->frameWidth() + 4));

    m_grantLabel->setObjectName(QStringLiteral("grantSummaryLabel"));
    m_grantLabel->setWordWrap(true);
    connect(m_rolesList, &QListWidget::itemChanged, this, &InviteDialog::validate);

    m_messages->setObjectName(QStringLiteral("inviteMessageBar"));
    m_messages->setFading(false);

    m_sendButton = m_buttons->addButton(tr("Send invite"), QDialogButtonBox::AcceptRole);
    m_sendButton->setObjectName(QStringLiteral("sendInviteButton"));
    m_sendButton->setAccessibleName(tr("Send invite"));
    m_sendButton->setDefault(true);
    QPushButton* cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelInviteButton"));
    connect(m_sendButton, &QPushButton::clicked, this, &InviteDialog::send);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_emailsEdit, &QPlainTextEdit::textChanged, this, [this] {
        m_edited = true;
        validate();
    });

    auto* form = new QFormLayout(this);
    auto* emailsLabel = new QLabel(tr("&Email addresses:"), this);
    emailsLabel->setBuddy(m_emailsEdit);
    form->addRow(emailsLabel);
    form->addRow(m_emailsEdit);
    form->addRow(m_messages);
    auto* rolesLabel = new QLabel(tr("&Roles:"), this);
    rolesLabel->setBuddy(m_rolesList);
    form->addRow(rolesLabel);
    form->addRow(m_rolesList);
    auto* baseNote = new QLabel(tr("Base is always included: every member has it."), this);
    baseNote->setObjectName(QStringLiteral("baseNoteLabel"));
    form->addRow(baseNote);
    form->addRow(m_grantLabel);
    form->addRow(m_buttons);
    setMinimumWidth(440);
    validate();
}

QStringList InviteDialog::emails() const
{
    return AccessRules::splitEmails(m_emailsEdit->toPlainText());
}

QStringList InviteDialog::selectedRoleIds() const
{
    return RoleCheckList::checkedIds(m_rolesList);
}

Verdict InviteDialog::verdictFor(const QString& email) const
{
    if (auto verdict = AccessRules::canInvite(m_session->actorContext()); !verdict)
        return verdict;
    if (auto verdict = AccessRules::checkInviteAddresses({email}).first(); !verdict)
        return verdict;
    const Invite* pending = m_session->pendingInviteByEmail(email);
    return AccessRules::checkInvitee(email.trimmed(), m_session->memberByEmail(email) != nullptr, pending != nullptr,
                                     pending ? pending->invitedBy : QString());
}

QStringList InviteDialog::sendableEmails() const
{
    QStringList sendable;
    const QStringList typed = emails();
    const QList<Verdict> listed = AccessRules::checkInviteAddresses(typed);
    for (int i = 0; i < typed.size(); ++i) {
        if (listed.at(i) && verdictFor(typed.at(i)))
            sendable.append(typed.at(i).trimmed());
    }
    return sendable;
}

bool InviteDialog::eventFilter(QObject* watched, QEvent* event)
{
    // Enter sends, as in a single-line field; Shift+Enter starts a new line for pasted lists.
    if (watched == m_emailsEdit && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && !(key->modifiers() & Qt::ShiftModifier)) {
            // Enter sends a clean batch only; leaving problems behind takes the explicit "Send to N" click.
            if (m_sendButton->isEnabled() && sendableEmails().size() == emails().size())
                send();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void InviteDialog::validate()
{
    const QStringList typed = emails();
    const QList<Verdict> listed = AccessRules::checkInviteAddresses(typed);
    QStringList problems;
    for (int i = 0; i < typed.size(); ++i) {
        const Verdict verdict = listed.at(i) ? verdictFor(typed.at(i)) : listed.at(i);
        if (!verdict && !problems.contains(verdict.reason()))
            problems.append(verdict.reason());
    }
    const int sendable = int(sendableEmails().size());
    // Every problem at once, but only once the admin has typed: an untouched form is not wrong.
    if (problems.isEmpty() || !m_edited)
        m_messages->clear();
    else
        m_messages->showMessage(problems.join(QLatin1Char('\n')), MessageBar::Kind::Error);
    // The button repeats what the summary says, so the count is in front of the admin as they click.
    const int roles = int(RoleCheckList::checkedNames(m_rolesList).size());
    QString who;
    if (sendable == 0)
        who = tr("invite");
    else if (!problems.isEmpty())
        who = tr("to %n address(es)", nullptr, sendable);
    else
        who = sendable == 1 ? tr("invite") : tr("%n invite(s)", nullptr, sendable);
    m_sendButton->setText(
        tr("Send %1 with %2", "invite dialog: who, roles").arg(who, tr("%n role(s)", nullptr, roles)));
    m_sendButton->setEnabled(!m_sending && sendable > 0);
    updateGrantSummary();
}

void InviteDialog::updateGrantSummary()
{
    const QString names = RoleCheckList::checkedNames(m_rolesList).join(QStringLiteral(", "));
    m_grantLabel->setText(tr("Will grant: %1").arg(names));
    m_grantLabel->setAccessibleName(m_grantLabel->text());
}

void InviteDialog::send()
{
    const QStringList addresses = sendableEmails();
    if (addresses.isEmpty())
        return;
    m_sending = true;
    m_sendButton->setEnabled(false);
    m_sendButton->setText(tr("Sending…"));
    onFinished(m_session->invite(addresses, selectedRoleIds()), this, [this](const Result<InviteReport>& result) {
        m_sending = false;
        if (!result) {
            // The refusal stays inside the dialog, and so does everything the admin typed.
            validate();
            m_messages->showMessage(result.error().message, MessageBar::Kind::Error);
            m_emailsEdit->setFocus();
            return;
        }
        QStringList sent;
        QSet<QString> sentKeys;
        for (const auto& invite : result.value().sent) {
            sent.append(invite.email);
            sentKeys.insert(emailKey(invite.email));
        }
        if (!sent.isEmpty())
            Q_EMIT invited(sent);
        // What is left in the field is what was not sent: the problems the admin saw, and any refusal.
        QStringList left;
        for (const auto& email : emails()) {
            if (!sentKeys.contains(emailKey(email)))
                left.append(email);
        }
        if (left.isEmpty())
            return accept();
        QStringList reasons;
        for (const auto& refusal : result.value().refused)
            reasons.append(refusal.error.message);
        m_emailsEdit->setPlainText(left.join(QLatin1Char('\n')));
        if (!reasons.isEmpty())
            m_messages->showMessage((sent.isEmpty()
                                         ? QString()
                                         : tr("Sent to %1.").arg(sent.join(QStringLiteral(", "))) + QLatin1Char('\n'))
                                        + tr("Not sent: %1").arg(reasons.join(QLatin1Char(' '))),
                                    MessageBar::Kind::Error);
        m_emailsEdit->setFocus();
    });
}
