// Validates addresses as the admin types, and keeps the input when the store refuses.
#include "invitedialog.h"

#include "accessrules.h"
#include "accountsession.h"
#include "futurewatch.h"

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
    , m_validationLabel(new QLabel(this))
    , m_errorLabel(new QLabel(this))
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
    for (const auto& role : session->roles()) {
        if (role.system == SystemRole::Owner)
            continue; // an invitation never grants Owner
        auto* item = new QListWidgetItem(role.name);
        // Base leads the list, as it leads every member's roles.
        m_rolesList->insertItem(role.system == SystemRole::Base ? 0 : m_rolesList->count(), item);
        item->setData(Qt::UserRole, role.id);
        item->setToolTip(role.description);
        if (role.system == SystemRole::Base) {
            item->setFlags(Qt::ItemIsUserCheckable); // shown, checked and locked: every member gets it
            item->setCheckState(Qt::Checked);
            item->setToolTip(tr("Every member has the Base role."));
        } else if (const Verdict grant = AccessRules::canGrantRole(actor, role); !grant) {
            item->setFlags(Qt::ItemIsUserCheckable); // shown, so the admin learns why it cannot be granted
            item->setCheckState(Qt::Unchecked);
            item->setToolTip(grant.reason());
        } else {
            item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            item->setCheckState(role.id == preselectedRoleId ? Qt::Checked : Qt::Unchecked);
        }
    }
    m_rolesList->setFixedHeight(
        qMin(240, m_rolesList->sizeHintForRow(0) * int(m_rolesList->count()) + 2 * m_rolesList->frameWidth() + 4));

    m_validationLabel->setObjectName(QStringLiteral("validationLabel"));
    m_validationLabel->setWordWrap(true);
    m_validationLabel->setStyleSheet(QStringLiteral("color: #9a1c1c;"));
    m_errorLabel->setObjectName(QStringLiteral("inviteErrorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #9a1c1c; font-weight: bold;"));
    m_errorLabel->hide();

    m_sendButton = m_buttons->addButton(tr("Send invite"), QDialogButtonBox::AcceptRole);
    m_sendButton->setObjectName(QStringLiteral("sendInviteButton"));
    m_sendButton->setAccessibleName(tr("Send invite"));
    m_sendButton->setDefault(true);
    QPushButton* cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelInviteButton"));
    connect(m_sendButton, &QPushButton::clicked, this, &InviteDialog::send);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_emailsEdit, &QPlainTextEdit::textChanged, this, &InviteDialog::validate);

    auto* form = new QFormLayout(this);
    auto* emailsLabel = new QLabel(tr("&Email addresses:"), this);
    emailsLabel->setBuddy(m_emailsEdit);
    form->addRow(emailsLabel);
    form->addRow(m_emailsEdit);
    form->addRow(m_validationLabel);
    auto* rolesLabel = new QLabel(tr("&Roles:"), this);
    rolesLabel->setBuddy(m_rolesList);
    form->addRow(rolesLabel);
    form->addRow(m_rolesList);
    form->addRow(m_errorLabel);
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
    QStringList ids;
    for (int i = 0; i < m_rolesList->count(); ++i) {
        const auto* item = m_rolesList->item(i);
        if (item->checkState() == Qt::Checked && (item->flags() & Qt::ItemIsEnabled))
            ids.append(item->data(Qt::UserRole).toString());
    }
    return ids;
}

bool InviteDialog::eventFilter(QObject* watched, QEvent* event)
{
    // Enter sends, as in a single-line field; Shift+Enter starts a new line for pasted lists.
    if (watched == m_emailsEdit && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && !(key->modifiers() & Qt::ShiftModifier)) {
            if (m_sendButton->isEnabled())
                send();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void InviteDialog::validate()
{
    const QStringList addresses = emails();
    const Verdict verdict = addresses.isEmpty() ? Verdict::allowed() : AccessRules::checkInviteBatch(addresses);
    m_validationLabel->setText(verdict.reason());
    m_validationLabel->setVisible(!verdict.isAllowed());
    m_sendButton->setEnabled(!m_sending && !addresses.isEmpty() && verdict.isAllowed());
    m_errorLabel->hide();
}

void InviteDialog::send()
{
    const QStringList addresses = emails();
    if (addresses.isEmpty() || !AccessRules::checkInviteBatch(addresses))
        return;
    m_sending = true;
    m_sendButton->setEnabled(false);
    m_sendButton->setText(tr("Sending…"));
    m_errorLabel->hide();
    onFinished(m_session->invite(addresses, selectedRoleIds()), this, [this](const Result<InviteReport>& result) {
        m_sending = false;
        m_sendButton->setText(tr("Send invite"));
        if (!result) {
            // The refusal stays inside the dialog, and so does everything the admin typed.
            m_errorLabel->setText(result.error().message);
            m_errorLabel->show();
            m_sendButton->setEnabled(true);
            m_emailsEdit->setFocus();
            return;
        }
        QStringList sent;
        for (const auto& invite : result.value().sent)
            sent.append(invite.email);
        if (!sent.isEmpty())
            Q_EMIT invited(sent);
        if (result.value().refused.isEmpty())
            return accept();
        // A backend without atomic batches sent some addresses: keep only the refused ones, each with its reason.
        QStringList reasons;
        QStringList left;
        for (const auto& refusal : result.value().refused) {
            reasons.append(refusal.error.message);
            left.append(refusal.email);
        }
        m_emailsEdit->setPlainText(left.join(QLatin1Char('\n')));
        m_errorLabel->setText(
            (sent.isEmpty() ? QString() : tr("Sent to %1.").arg(sent.join(QStringLiteral(", "))) + QLatin1Char(' '))
            + tr("Not sent: %1").arg(reasons.join(QLatin1Char(' '))));
        m_errorLabel->show();
        m_emailsEdit->setFocus();
    });
}
