// Nothing is judged before the admin has typed; Connect judges everything. A local path that does not exist is
// refused unless it came from New…: a typo never creates a stray account file.
#include "connectiondialog.h"

#include "cloudaccounts.h"
#include "futurewatch.h"
#include "messagebar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>

ConnectionDialog::ConnectionDialog(const ConnectionProfile& current, QWidget* parent)
    : QDialog(parent)
    , m_kindCombo(new QComboBox(this))
    , m_pages(new QStackedWidget(this))
    , m_fileEdit(new QLineEdit(this))
    , m_postgresEdit(new QLineEdit(this))
    , m_postgresPasswordEdit(new QLineEdit(this))
    , m_accountCombo(new QComboBox(this))
    , m_findAccountsButton(new QPushButton(tr("F&ind accounts"), this))
    , m_endpointEdit(new QLineEdit(this))
    , m_credentialKindCombo(new QComboBox(this))
    , m_credentialEdit(new QLineEdit(this))
    , m_rememberCheck(new QCheckBox(tr("&Remember the credential in the system keychain"), this))
    , m_messages(new MessageBar(this))
    , m_connectButton(nullptr)
    , m_accounts(new CloudAccounts(this))
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connect"));
    m_kindCombo->setObjectName(QStringLiteral("connectionKindComboBox"));
    m_kindCombo->setAccessibleName(tr("Kind of store"));
    m_kindCombo->addItems({tr("Local file"), tr("PostgreSQL"), tr("Qdrant Cloud")});
    m_pages->addWidget(buildLocalPane());
    m_pages->addWidget(buildPostgresPane());
    m_pages->addWidget(buildCloudPane());

    m_messages->setObjectName(QStringLiteral("connectionMessageBar"));
    m_messages->setFading(false);
    auto* buttons = new QDialogButtonBox(this);
    m_connectButton = buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* kindLabel = new QLabel(tr("&Connect to:"), this);
    kindLabel->setBuddy(m_kindCombo);
    m_labels.append(kindLabel);
    auto* layout = new QFormLayout(this);
    layout->addRow(kindLabel, m_kindCombo);
    layout->addRow(m_pages);
    layout->addRow(m_messages);
    layout->addRow(buttons);
    // One label column for the three panes and the kind above them, so fields line up whichever pane shows.
    int labelWidth = 0;
    for (auto* label : std::as_const(m_labels))
        labelWidth = qMax(labelWidth, label->sizeHint().width());
    for (auto* label : std::as_const(m_labels))
        label->setMinimumWidth(labelWidth);

    connect(m_kindCombo, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_submitted = false;
        validate();
    });
    for (auto* edit : {m_fileEdit, m_postgresEdit, m_endpointEdit, m_accountCombo->lineEdit()}) {
        QWidget* field = edit == m_accountCombo->lineEdit() ? static_cast<QWidget*>(m_accountCombo) : edit;
        // A field is judged once the admin leaves it (or presses Connect), not at every keystroke; typing only
        // clears a problem it has fixed.
        connect(edit, &QLineEdit::editingFinished, this, [this, edit, field] {
            if (edit->isModified())
                touch(field);
        });
        connect(edit, &QLineEdit::textEdited, this, [this] {
            if (problem().message.isEmpty() && m_messages->kind() == MessageBar::Kind::Error)
                m_messages->clear();
        });
    }
    connect(m_accountCombo, &QComboBox::activated, this, [this] { touch(m_accountCombo); });
    setMinimumWidth(fontMetrics().averageCharWidth() * 90);
    prefill(current);
    validate();
}

QWidget* ConnectionDialog::buildLocalPane()
{
    auto* pane = new QWidget(m_pages);
    auto* form = new QFormLayout(pane);
    form->setContentsMargins(0, 0, 0, 0);
    m_fileEdit->setObjectName(QStringLiteral("fileLineEdit"));
    m_fileEdit->setAccessibleName(tr("Account file"));
    auto* open = new QPushButton(tr("&Open…"), pane);
    open->setObjectName(QStringLiteral("openFileButton"));
    open->setAccessibleName(tr("Open an existing account file"));
    auto* create = new QPushButton(tr("&New…"), pane);
    create->setObjectName(QStringLiteral("newFileButton"));
    create->setAccessibleName(tr("Create a new account file"));
    auto* note = new QLabel(pane);
    note->setObjectName(QStringLiteral("fileNoteLabel"));
    note->setWordWrap(true);
    const auto describe = [this, note] {
        note->setText(m_createNew ? tr("A new account file: you name its Owner next.")
                                  : tr("An existing account file. To start a new one, choose New…"));
    };
    const QString filter = tr("Roster accounts (*.db);;All files (*)");
    connect(open, &QPushButton::clicked, this, [this, filter, describe] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open an account file"),
                                                          QFileInfo(m_fileEdit->text()).absolutePath(), filter);
        if (path.isEmpty())
            return;
        m_fileEdit->setText(QDir::toNativeSeparators(path));
        m_createNew = false;
        describe();
        touch(m_fileEdit);
    });
    connect(create, &QPushButton::clicked, this, [this, filter, describe] {
        const QString start = QFileInfo(m_fileEdit->text()).absolutePath() + QStringLiteral("/roster.db");
        // Choosing a file that exists opens it: an account is never overwritten from here.
        const QString path = QFileDialog::getSaveFileName(this, tr("New account file"), start, filter, nullptr,
                                                          QFileDialog::DontConfirmOverwrite);
        if (path.isEmpty())
            return;
        m_fileEdit->setText(QDir::toNativeSeparators(path));
        m_createNew = !QFileInfo::exists(path);
        describe();
        touch(m_fileEdit);
    });
    // A typed path names a file to open; creating one is New…'s job alone.
    connect(m_fileEdit, &QLineEdit::textEdited, this, [this, describe] {
        m_createNew = false;
        describe();
    });
    describe();
    auto* row = new QHBoxLayout;
    row->addWidget(m_fileEdit, 1);
    row->addWidget(open);
    row->addWidget(create);
    auto* label = new QLabel(tr("&File:"), pane);
    label->setBuddy(m_fileEdit);
    m_labels.append(label);
    form->addRow(label, row);
    form->addRow(QString(), note);
    return pane;
}

QWidget* ConnectionDialog::buildPostgresPane()
{
    auto* pane = new QWidget(m_pages);
    auto* form = new QFormLayout(pane);
    form->setContentsMargins(0, 0, 0, 0);
    m_postgresEdit->setObjectName(QStringLiteral("postgresUrlLineEdit"));
    m_postgresEdit->setAccessibleName(tr("PostgreSQL URL"));
    m_postgresEdit->setPlaceholderText(QStringLiteral("postgresql://user@host:5432/roster"));
    m_postgresEdit->setToolTip(tr("postgresql://USER@HOST[:PORT]/DATABASE"));
    m_postgresEdit->setWhatsThis(
        tr("<p>The shared PostgreSQL database every admin's console opens: "
           "<code>postgresql://USER@HOST[:PORT]/DATABASE</code>, for example "
           "<code>postgresql://roster@db.example.com/roster</code>.</p>"
           "<p>Roster creates its tables on first use. Leave the password out of the URL: type it below, or let "
           "$PGPASSWORD or ~/.pgpass supply it. Only the URL without a password is kept in Recent connections.</p>"));
    m_postgresPasswordEdit->setObjectName(QStringLiteral("postgresPasswordLineEdit"));
    m_postgresPasswordEdit->setAccessibleName(tr("PostgreSQL password"));
    m_postgresPasswordEdit->setEchoMode(QLineEdit::Password);
    m_postgresPasswordEdit->setPlaceholderText(tr("Empty: $PGPASSWORD or ~/.pgpass"));
    auto* urlLabel = new QLabel(tr("&URL:"), pane);
    urlLabel->setBuddy(m_postgresEdit);
    auto* passwordLabel = new QLabel(tr("&Password:"), pane);
    passwordLabel->setBuddy(m_postgresPasswordEdit);
    m_labels << urlLabel << passwordLabel;
    form->addRow(urlLabel, m_postgresEdit);
    form->addRow(passwordLabel, m_postgresPasswordEdit);
    return pane;
}

QWidget* ConnectionDialog::buildCloudPane()
{
    auto* pane = new QWidget(m_pages);
    auto* form = new QFormLayout(pane);
    form->setContentsMargins(0, 0, 0, 0);
    m_endpointEdit->setObjectName(QStringLiteral("endpointLineEdit"));
    m_endpointEdit->setAccessibleName(tr("API endpoint"));
    m_endpointEdit->setToolTip(tr("The Qdrant Cloud API's address; https:// is required except on this computer "
                                  "(loopback), e.g. for roster-cli serve."));
    m_credentialKindCombo->setObjectName(QStringLiteral("credentialKindComboBox"));
    m_credentialKindCombo->setAccessibleName(tr("Credential type"));
    m_credentialKindCombo->addItem(tr("Signed-in user token"), int(CloudCredential::Kind::UserToken));
    m_credentialKindCombo->addItem(tr("Management key"), int(CloudCredential::Kind::ManagementKey));
    m_credentialKindCombo->setItemData(
        0, tr("A signed-in user's bearer token: acts as that user, with that user's roles. Can do everything."),
        Qt::ToolTipRole);
    m_credentialKindCombo->setItemData(1,
                                       tr("A management key made in the Qdrant Cloud console: reads the account and "
                                          "changes roles, but the API refuses invitations and removals from it."),
                                       Qt::ToolTipRole);
    m_credentialKindCombo->setWhatsThis(
        tr("<p><b>Signed-in user token</b>: the bearer token of a person signed in to Qdrant Cloud. Roster acts as "
           "that person, with exactly their roles, and can do everything the web console can.</p>"
           "<p><b>Management key</b>: a key created in the Qdrant Cloud console (Access Management). It is meant for "
           "automation: it reads members, invitations and roles and can change roles, but the API accepts "
           "invitations and member removals only from signed-in users, so Roster disables those two actions and "
           "says why.</p>"));
    m_credentialEdit->setObjectName(QStringLiteral("credentialLineEdit"));
    m_credentialEdit->setAccessibleName(tr("Credential"));
    m_credentialEdit->setEchoMode(QLineEdit::Password);
    m_credentialEdit->setPlaceholderText(tr("Empty: from the environment or the keychain"));
    m_credentialEdit->setToolTip(tr("When empty, Roster uses $QDRANT_CLOUD_TOKEN, then $QDRANT_CLOUD_API_KEY, then "
                                    "the credential saved in the system keychain."));
    m_accountCombo->setObjectName(QStringLiteral("accountComboBox"));
    m_accountCombo->setAccessibleName(tr("Account"));
    m_accountCombo->setEditable(true);
    m_accountCombo->setInsertPolicy(QComboBox::NoInsert);
    m_accountCombo->lineEdit()->setPlaceholderText(tr("Find accounts, or paste an account id"));
    m_findAccountsButton->setObjectName(QStringLiteral("findAccountsButton"));
    m_findAccountsButton->setAccessibleName(tr("Find the accounts this credential can see"));
    connect(m_findAccountsButton, &QPushButton::clicked, this, &ConnectionDialog::findAccounts);
    // Once a credential is typed, the accounts it can see are offered without another click.
    connect(m_credentialEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_credentialEdit->isModified() && !m_credentialEdit->text().isEmpty()) {
            m_credentialEdit->setModified(false);
            findAccounts();
        }
    });
    m_rememberCheck->setObjectName(QStringLiteral("rememberCredentialCheckBox"));
    auto* accountRow = new QHBoxLayout;
    accountRow->addWidget(m_accountCombo, 1);
    accountRow->addWidget(m_findAccountsButton);
    auto* endpointLabel = new QLabel(tr("&Endpoint:"), pane);
    endpointLabel->setBuddy(m_endpointEdit);
    auto* kindLabel = new QLabel(tr("Credential &type:"), pane);
    kindLabel->setBuddy(m_credentialKindCombo);
    auto* credentialLabel = new QLabel(tr("Credentia&l:"), pane);
    credentialLabel->setBuddy(m_credentialEdit);
    auto* accountLabel = new QLabel(tr("&Account:"), pane);
    accountLabel->setBuddy(m_accountCombo);
    m_labels << endpointLabel << kindLabel << credentialLabel << accountLabel;
    // In the order a person fills them: where, who is asking, then which of the accounts they see.
    form->addRow(endpointLabel, m_endpointEdit);
    form->addRow(kindLabel, m_credentialKindCombo);
    form->addRow(credentialLabel, m_credentialEdit);
    form->addRow(QString(), m_rememberCheck);
    form->addRow(accountLabel, accountRow);
    return pane;
}

void ConnectionDialog::prefill(const ConnectionProfile& current)
{
    m_fileEdit->setText(QDir::toNativeSeparators(StoreUrl::defaultLocal().path));
    m_endpointEdit->setText(
        qEnvironmentVariable("QDRANT_CLOUD_ENDPOINT", QString::fromLatin1(CloudClient::DefaultEndpoint)));
    const auto url = StoreUrl::parse(current.store);
    if (!url)
        return;
    switch (url.value().kind) {
    case StoreUrl::Kind::Sqlite:
        m_kindCombo->setCurrentIndex(LocalPane);
        m_fileEdit->setText(QDir::toNativeSeparators(url.value().path));
        break;
    case StoreUrl::Kind::Postgresql:
        m_kindCombo->setCurrentIndex(PostgresPane);
        m_postgresEdit->setText(url.value().displayString());
        break;
    case StoreUrl::Kind::Cloud:
        m_kindCombo->setCurrentIndex(CloudPane);
        m_accountCombo->setEditText(url.value().accountId);
        if (!current.endpoint.isEmpty())
            m_endpointEdit->setText(current.endpoint);
        m_credentialKindCombo->setCurrentIndex(m_credentialKindCombo->findData(int(current.credentialKind)));
        break;
    }
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile profile;
    switch (m_kindCombo->currentIndex()) {
    case LocalPane: {
        const QString path = QDir::fromNativeSeparators(m_fileEdit->text().trimmed());
        profile.store = QLatin1String("sqlite:") + path;
        profile.name = path;
        break;
    }
    case PostgresPane: {
        const auto url = StoreUrl::parse(m_postgresEdit->text().trimmed());
        profile.store = url ? ConnectionProfile::withoutPassword(url.value()) : m_postgresEdit->text().trimmed();
        profile.name = profile.store;
        break;
    }
    default:
        profile.store = QLatin1String("cloud:") + accountId();
        profile.endpoint = m_endpointEdit->text().trimmed();
        profile.credentialKind = CloudCredential::Kind(m_credentialKindCombo->currentData().toInt());
        profile.name = tr("Qdrant Cloud %1").arg(accountId());
        break;
    }
    return profile;
}

QString ConnectionDialog::secret() const
{
    switch (m_kindCombo->currentIndex()) {
    case PostgresPane: {
        const auto url = StoreUrl::parse(m_postgresEdit->text().trimmed());
        return m_postgresPasswordEdit->text().isEmpty() && url ? url.value().password : m_postgresPasswordEdit->text();
    }
    case CloudPane:
        return m_credentialEdit->text();
    default:
        return {};
    }
}

bool ConnectionDialog::rememberInKeychain() const
{
    return m_kindCombo->currentIndex() == CloudPane && m_rememberCheck->isChecked();
}

QString ConnectionDialog::accountId() const
{
    // A picked account shows its name; what is sent is its id.
    const int picked = m_accountCombo->currentIndex();
    if (picked >= 0 && m_accountCombo->currentText() == m_accountCombo->itemText(picked))
        return m_accountCombo->itemData(picked).toString();
    return m_accountCombo->currentText().trimmed();
}

void ConnectionDialog::findAccounts()
{
    const auto endpoint = CloudClient::checkEndpoint(m_endpointEdit->text().trimmed());
    if (!endpoint) {
        m_messages->showMessage(endpoint.error().message, MessageBar::Kind::Error);
        Q_EMIT accountsListed();
        return;
    }
    CloudCredential credential = CloudCredential::fromEnvironment();
    if (!m_credentialEdit->text().isEmpty())
        credential = {CloudCredential::Kind(m_credentialKindCombo->currentData().toInt()), m_credentialEdit->text()};
    if (credential.secret.isEmpty()) {
        m_messages->showMessage(tr("Enter a credential first: the accounts offered are the ones it can see."),
                                MessageBar::Kind::Error);
        Q_EMIT accountsListed();
        return;
    }
    const int query = ++m_accountQuery;
    m_findAccountsButton->setEnabled(false);
    m_messages->showMessage(tr("Asking %1 which accounts this credential can see…").arg(endpoint.value().host()));
    onFinished(m_accounts->list(endpoint.value(), credential), this,
               [this, query](const Result<QList<Account>>& accounts) {
                   if (query != m_accountQuery)
                       return; // a newer question is on its way
                   m_findAccountsButton->setEnabled(true);
                   if (!accounts) {
                       // The account field keeps what was typed in it.
                       m_messages->showMessage(accounts.error().message, MessageBar::Kind::Error);
                   } else if (accounts.value().isEmpty()) {
                       m_messages->showMessage(tr("This credential sees no account."), MessageBar::Kind::Error);
                   } else {
                       const QString typed = m_accountCombo->currentText();
                       m_accountCombo->clear();
                       for (const auto& account : accounts.value())
                           m_accountCombo->addItem(CloudAccounts::label(account), account.id);
                       const int kept = m_accountCombo->findData(typed.trimmed());
                       m_accountCombo->setCurrentIndex(kept >= 0 ? kept : 0);
                       m_accountCombo->lineEdit()->setCursorPosition(0); // the name, not the id's tail
                       if (accounts.value().size() > 1 && kept < 0)
                           m_accountCombo->showPopup();
                       m_messages->showMessage(
                           tr("This credential sees %n account(s).", nullptr, int(accounts.value().size())));
                   }
                   Q_EMIT accountsListed();
               });
}

ConnectionDialog::Problem ConnectionDialog::problem() const
{
    switch (m_kindCombo->currentIndex()) {
    case LocalPane: {
        const QString path = m_fileEdit->text().trimmed();
        if (path.isEmpty())
            return {tr("Choose the account file: Open… for one that exists, New… to start one."), m_fileEdit};
        const QFileInfo file(QDir::fromNativeSeparators(path));
        if (file.isDir())
            return {tr("%1 is a folder, not an account file.").arg(path), m_fileEdit};
        if (!m_createNew && !file.exists())
            return {tr("No file at %1. To start a new account, choose New…").arg(path), m_fileEdit};
        return {};
    }
    case PostgresPane:
        if (const auto url = StoreUrl::parse(m_postgresEdit->text().trimmed());
            !url || url.value().kind != StoreUrl::Kind::Postgresql)
            return {tr("A PostgreSQL URL looks like postgresql://USER@HOST[:PORT]/DBNAME."), m_postgresEdit};
        return {};
    default:
        if (const auto endpoint = CloudClient::checkEndpoint(m_endpointEdit->text().trimmed()); !endpoint)
            return {endpoint.error().message, m_endpointEdit};
        if (accountId().isEmpty())
            return {tr("Choose the account: Find accounts lists the ones your credential can see."), m_accountCombo};
        return {};
    }
}

void ConnectionDialog::touch(QWidget* field)
{
    if (!m_touched.contains(field))
        m_touched.append(field);
    validate();
}

void ConnectionDialog::validate()
{
    // An untouched form is not wrong: a field's problem shows once it has been edited, or on Connect.
    const Problem found = problem();
    if (!found.message.isEmpty() && (m_submitted || m_touched.contains(found.field)))
        m_messages->showMessage(found.message, MessageBar::Kind::Error);
    else if (m_messages->kind() == MessageBar::Kind::Error)
        m_messages->clear();
}

void ConnectionDialog::accept()
{
    m_submitted = true;
    const Problem found = problem();
    if (!found.message.isEmpty()) {
        m_messages->showMessage(found.message, MessageBar::Kind::Error);
        if (found.field)
            found.field->setFocus();
        return;
    }
    QDialog::accept();
}
