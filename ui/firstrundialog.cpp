// The welcome form: nothing else shows until the account exists.
#include "firstrundialog.h"

#include "accessrules.h"
#include "messagebar.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

FirstRunDialog::FirstRunDialog(QWidget* parent)
    : QDialog(parent)
    , m_accountNameEdit(new QLineEdit(this))
    , m_ownerEmailEdit(new QLineEdit(this))
    , m_messages(new MessageBar(this))
{
    setObjectName(QStringLiteral("firstRunDialog"));
    setWindowTitle(tr("Welcome to Roster"));
    auto* intro = new QLabel(tr("Roster keeps this account in a file on this computer. "
                                "Who owns it? The Owner holds every permission and cannot be removed."),
                             this);
    intro->setWordWrap(true);
    m_accountNameEdit->setObjectName(QStringLiteral("accountNameLineEdit"));
    m_accountNameEdit->setAccessibleName(tr("Account name"));
    m_accountNameEdit->setPlaceholderText(tr("My account"));
    m_ownerEmailEdit->setObjectName(QStringLiteral("ownerEmailLineEdit"));
    m_ownerEmailEdit->setAccessibleName(tr("Owner's email"));
    m_ownerEmailEdit->setPlaceholderText(tr("you@example.com"));
    m_messages->setObjectName(QStringLiteral("firstRunMessageBar"));
    m_messages->setFading(false);
    auto* buttons = new QDialogButtonBox(this);
    m_createButton = buttons->addButton(tr("Create account"), QDialogButtonBox::AcceptRole);
    m_createButton->setObjectName(QStringLiteral("createAccountButton"));
    m_createButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Said once the address is typed, not while it is: an address is wrong only until its last character.
    connect(m_ownerEmailEdit, &QLineEdit::textChanged, this, [this] { validate(false); });
    connect(m_ownerEmailEdit, &QLineEdit::editingFinished, this, [this] { validate(true); });

    auto* form = new QFormLayout(this);
    form->addRow(intro);
    form->addRow(tr("Account &name:"), m_accountNameEdit);
    form->addRow(tr("Owner's &email:"), m_ownerEmailEdit);
    form->addRow(m_messages);
    form->addRow(buttons);
    setMinimumWidth(460);
    m_ownerEmailEdit->setFocus();
    validate(false);
}

QString FirstRunDialog::accountName() const
{
    return m_accountNameEdit->text().trimmed();
}

QString FirstRunDialog::ownerEmail() const
{
    return m_ownerEmailEdit->text().trimmed();
}

void FirstRunDialog::validate(bool explain)
{
    const Verdict verdict = AccessRules::checkEmail(ownerEmail());
    m_createButton->setEnabled(verdict.isAllowed());
    if (verdict || ownerEmail().isEmpty())
        m_messages->clear();
    else if (explain)
        m_messages->showMessage(verdict.reason(), MessageBar::Kind::Error);
}
