// Every decision is AccessRules': whether the lifetime can be changed here, and by whom.
#include "accountsettingsdialog.h"

#include "accessrules.h"
#include "accountsession.h"
#include "futurewatch.h"
#include "messagebar.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

AccountSettingsDialog::AccountSettingsDialog(AccountSession* session, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_lifetime(new QSpinBox(this))
    , m_lifetimeNote(new QLabel(this))
    , m_messages(new MessageBar(this))
    , m_saveButton(nullptr)
{
    setObjectName(QStringLiteral("accountSettingsDialog"));
    setWindowTitle(tr("Account settings"));
    const Account& account = session->account();
    auto* name = new QLabel(account.name, this);
    name->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto* id = new QLabel(account.id, this);
    id->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto* created = new QLabel(QLocale().toString(account.createdAt.toLocalTime(), QLocale::LongFormat), this);

    m_lifetime->setObjectName(QStringLiteral("inviteLifetimeSpinBox"));
    m_lifetime->setAccessibleName(tr("Days an invitation stays valid"));
    m_lifetime->setRange(1, Account::MaxInviteLifetimeDays);
    m_lifetime->setSuffix(tr(" days"));
    m_lifetime->setToolTip(tr("How long a pending invitation can be accepted, counted from when it was sent or "
                              "last resent."));
    m_lifetime->setWhatsThis(
        tr("<p>A pending invitation older than this shows as <b>Expired</b> and can no longer be accepted. Resending "
           "it renews it for the same number of days.</p><p>The change applies at once to every pending invitation. "
           "Qdrant Cloud invitations do not expire in Roster, so this setting is for local stores.</p>"));
    m_lifetimeNote->setObjectName(QStringLiteral("inviteLifetimeNote"));
    m_lifetimeNote->setWordWrap(true);
    m_messages->setObjectName(QStringLiteral("accountSettingsMessageBar"));
    m_messages->setFading(false);

    auto* buttons = new QDialogButtonBox(this);
    m_saveButton = buttons->addButton(QDialogButtonBox::Save);
    m_saveButton->setObjectName(QStringLiteral("saveAccountSettingsButton"));
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::accepted, this, &AccountSettingsDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // The rules say whether this backend and this actor may change it, and why not; shown before anything is sent.
    const Verdict allowed = AccessRules::checkAction(session->actorContext(), AccountAction::SetInviteLifetime);
    if (account.inviteLifetimeDays > 0)
        m_lifetime->setValue(account.inviteLifetimeDays);
    else
        m_lifetime->clear();
    m_lifetime->setEnabled(bool(allowed));
    m_saveButton->setEnabled(bool(allowed));
    m_lifetimeNote->setText(allowed ? tr("A pending invitation older than this shows as Expired and cannot be "
                                         "accepted until it is resent. Changing it applies to pending invitations "
                                         "at once.")
                                    : allowed.reason());

    auto* form = new QFormLayout;
    form->addRow(tr("Account:"), name);
    form->addRow(tr("ID:"), id);
    form->addRow(tr("Created:"), created);
    auto* lifetimeLabel = new QLabel(tr("&Invitations expire after:"), this);
    lifetimeLabel->setBuddy(m_lifetime);
    form->addRow(lifetimeLabel, m_lifetime);
    form->addRow(QString(), m_lifetimeNote);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_messages);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);
}

void AccountSettingsDialog::save()
{
    if (m_lifetime->value() == m_session->account().inviteLifetimeDays) {
        accept();
        return;
    }
    m_saveButton->setEnabled(false);
    onFinished(m_session->setInviteLifetime(m_lifetime->value()), this, [this](const Result<Account>& result) {
        m_saveButton->setEnabled(true);
        if (!result) {
            // Refused or failed: the dialog stays open with the value typed.
            m_messages->showMessage(result.error().message, MessageBar::Kind::Error);
            return;
        }
        accept();
    });
}
