// Validates as the admin types; secrets go to echo-less fields and never into the profile.
#include "connectiondialog.h"

#include "messagebar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>

ConnectionDialog::ConnectionDialog(QWidget* parent)
    : QDialog(parent)
    , m_kindCombo(new QComboBox(this))
    , m_pages(new QStackedWidget(this))
    , m_fileEdit(new QLineEdit(this))
    , m_postgresEdit(new QLineEdit(this))
    , m_postgresPasswordEdit(new QLineEdit(this))
    , m_accountEdit(new QLineEdit(this))
    , m_endpointEdit(new QLineEdit(this))
    , m_credentialKindCombo(new QComboBox(this))
    , m_credentialEdit(new QLineEdit(this))
    , m_rememberCheck(new QCheckBox(tr("&Remember the credential in the system keychain"), this))
    , m_messages(new MessageBar(this))
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connect"));
    m_kindCombo->setObjectName(QStringLiteral("connectionKindComboBox"));
    m_kindCombo->setAccessibleName(tr("Kind of store"));
    m_kindCombo->addItems({tr("Local file"), tr("PostgreSQL"), tr("Qdrant Cloud")});

    auto* local = new QWidget(m_pages);
    auto* localForm = new QFormLayout(local);
    m_fileEdit->setObjectName(QStringLiteral("fileLineEdit"));
    m_fileEdit->setAccessibleName(tr("Account file"));
    m_fileEdit->setText(StoreUrl::defaultLocal().path);
    auto* browse = new QPushButton(tr("&Browse…"), local);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Account file"), m_fileEdit->text(), tr("Roster accounts (*.db)"),
                                         nullptr, QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty())
            m_fileEdit->setText(path);
    });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_fileEdit, 1);
    fileRow->addWidget(browse);
    localForm->addRow(tr("&File:"), fileRow);
    m_pages->addWidget(local);

    auto* postgres = new QWidget(m_pages);
    auto* postgresForm = new QFormLayout(postgres);
    m_postgresEdit->setObjectName(QStringLiteral("postgresUrlLineEdit"));
    m_postgresEdit->setAccessibleName(tr("PostgreSQL URL"));
    m_postgresEdit->setPlaceholderText(QStringLiteral("postgresql://user@host:5432/roster"));
    m_postgresPasswordEdit->setObjectName(QStringLiteral("postgresPasswordLineEdit"));
    m_postgresPasswordEdit->setAccessibleName(tr("PostgreSQL password"));
    m_postgresPasswordEdit->setEchoMode(QLineEdit::Password);
    m_postgresPasswordEdit->setPlaceholderText(tr("from $PGPASSWORD or ~/.pgpass when empty"));
    postgresForm->addRow(tr("&URL:"), m_postgresEdit);
    postgresForm->addRow(tr("&Password:"), m_postgresPasswordEdit);
    m_pages->addWidget(postgres);

    auto* cloud = new QWidget(m_pages);
    auto* cloudForm = new QFormLayout(cloud);
    m_accountEdit->setObjectName(QStringLiteral("accountIdLineEdit"));
    m_accountEdit->setAccessibleName(tr("Account id"));
    m_endpointEdit->setObjectName(QStringLiteral("endpointLineEdit"));
    m_endpointEdit->setAccessibleName(tr("API endpoint"));
    m_endpointEdit->setText(
        qEnvironmentVariable("QDRANT_CLOUD_ENDPOINT", QString::fromLatin1(CloudClient::DefaultEndpoint)));
    m_credentialKindCombo->setObjectName(QStringLiteral("credentialKindComboBox"));
    m_credentialKindCombo->setAccessibleName(tr("Credential type"));
    m_credentialKindCombo->addItem(tr("Signed-in user token"), int(CloudCredential::Kind::UserToken));
    m_credentialKindCombo->addItem(tr("Management key"), int(CloudCredential::Kind::ManagementKey));
    m_credentialEdit->setObjectName(QStringLiteral("credentialLineEdit"));
    m_credentialEdit->setAccessibleName(tr("Credential"));
    m_credentialEdit->setEchoMode(QLineEdit::Password);
    m_credentialEdit->setPlaceholderText(
        tr("from $QDRANT_CLOUD_TOKEN, $QDRANT_CLOUD_API_KEY or the keychain when empty"));
    m_rememberCheck->setObjectName(QStringLiteral("rememberCredentialCheckBox"));
    cloudForm->addRow(tr("&Account id:"), m_accountEdit);
    cloudForm->addRow(tr("&Endpoint:"), m_endpointEdit);
    cloudForm->addRow(tr("Credential &type:"), m_credentialKindCombo);
    cloudForm->addRow(tr("&Credential:"), m_credentialEdit);
    cloudForm->addRow(m_rememberCheck);
    m_pages->addWidget(cloud);

    m_messages->setObjectName(QStringLiteral("connectionMessageBar"));
    m_messages->setFading(false);
    auto* buttons = new QDialogButtonBox(this);
    m_connectButton = buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QFormLayout(this);
    layout->addRow(tr("&Connect to:"), m_kindCombo);
    layout->addRow(m_pages);
    layout->addRow(m_messages);
    layout->addRow(buttons);
    connect(m_kindCombo, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);
    for (auto* edit : {m_fileEdit, m_postgresEdit, m_accountEdit, m_endpointEdit}) {
        connect(edit, &QLineEdit::textEdited, this, [this] { m_edited = true; });
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::validate);
    }
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, &ConnectionDialog::validate);
    setMinimumWidth(560);
    validate();
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile profile;
    switch (m_kindCombo->currentIndex()) {
    case 0:
        profile.store = QLatin1String("sqlite:") + m_fileEdit->text().trimmed();
        profile.name = m_fileEdit->text().trimmed();
        break;
    case 1: {
        const auto url = StoreUrl::parse(m_postgresEdit->text().trimmed());
        profile.store = url ? ConnectionProfile::withoutPassword(url.value()) : m_postgresEdit->text().trimmed();
        profile.name = profile.store;
        break;
    }
    default:
        profile.store = QLatin1String("cloud:") + m_accountEdit->text().trimmed();
        profile.endpoint = m_endpointEdit->text().trimmed();
        profile.credentialKind = CloudCredential::Kind(m_credentialKindCombo->currentData().toInt());
        profile.name = tr("Qdrant Cloud %1").arg(m_accountEdit->text().trimmed());
        break;
    }
    return profile;
}

QString ConnectionDialog::secret() const
{
    switch (m_kindCombo->currentIndex()) {
    case 1: {
        const auto url = StoreUrl::parse(m_postgresEdit->text().trimmed());
        return m_postgresPasswordEdit->text().isEmpty() && url ? url.value().password : m_postgresPasswordEdit->text();
    }
    case 2:
        return m_credentialEdit->text();
    default:
        return {};
    }
}

bool ConnectionDialog::rememberInKeychain() const
{
    return m_kindCombo->currentIndex() == 2 && m_rememberCheck->isChecked();
}

void ConnectionDialog::validate()
{
    QString problem;
    switch (m_kindCombo->currentIndex()) {
    case 0:
        if (m_fileEdit->text().trimmed().isEmpty())
            problem = tr("Choose the account file.");
        break;
    case 1:
        if (const auto url = StoreUrl::parse(m_postgresEdit->text().trimmed());
            !url || url.value().kind != StoreUrl::Kind::Postgresql)
            problem = tr("A PostgreSQL URL looks like postgresql://USER@HOST[:PORT]/DBNAME.");
        break;
    default:
        if (m_accountEdit->text().trimmed().isEmpty())
            problem = tr("Enter the account id.");
        else if (const auto endpoint = CloudClient::checkEndpoint(m_endpointEdit->text().trimmed()); !endpoint)
            problem = endpoint.error().message;
        break;
    }
    // An untouched form is not wrong: the problem shows once the admin has typed.
    if (problem.isEmpty() || !m_edited)
        m_messages->clear();
    else
        m_messages->showMessage(problem, MessageBar::Kind::Error);
    m_connectButton->setEnabled(problem.isEmpty());
}
