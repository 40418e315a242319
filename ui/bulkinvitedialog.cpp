// The preview is InvitePlan's judgement of every row, with AccessRules' words; the dialog never decides anything.
#include "bulkinvitedialog.h"

#include "accessrules.h"
#include "accountsession.h"
#include "bulkprogress.h"
#include "bulkreportdialog.h"
#include "checklistdelegate.h"
#include "futurewatch.h"
#include "inviteplanmodel.h"
#include "messagebar.h"
#include "rolechecklist.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

BulkInviteDialog::BulkInviteDialog(AccountSession* session, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_text(new QPlainTextEdit(this))
    , m_openButton(new QPushButton(tr("&Open CSV…"), this))
    , m_sourceLabel(new QLabel(this))
    , m_roles(new QListWidget(this))
    , m_table(new QTableView(this))
    , m_plan(new InvitePlanModel(this))
    , m_counts(new QLabel(this))
    , m_messages(new MessageBar(this))
    , m_sendButton(nullptr)
    , m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("bulkInviteDialog"));
    setWindowTitle(tr("Invite from file or list"));
    auto* intro = new QLabel(tr("Paste addresses (separated by commas, spaces or new lines), or open a CSV file with "
                                "an email column and a roles column (roles separated by \";\")."),
                             this);
    intro->setWordWrap(true);
    m_text->setObjectName(QStringLiteral("bulkEmailsTextEdit"));
    m_text->setAccessibleName(tr("Addresses to invite"));
    m_text->setTabChangesFocus(true);
    m_text->setMaximumHeight(m_text->fontMetrics().lineSpacing() * 5 + 12);
    m_openButton->setObjectName(QStringLiteral("openCsvButton"));
    m_openButton->setAccessibleName(tr("Open a CSV file of people to invite"));
    m_sourceLabel->setObjectName(QStringLiteral("bulkSourceLabel"));
    m_roles->setObjectName(QStringLiteral("bulkRolesListWidget"));
    m_roles->setAccessibleName(tr("Roles for the pasted addresses"));
    m_roles->setMaximumHeight(m_roles->fontMetrics().lineSpacing() * 6);
    const ActorContext actor = session->actorContext();
    RoleCheckList::fill(
        m_roles, session->roles(),
        [actor](const Role& role) {
            if (role.system == SystemRole::Base)
                return tr("Base is always included: every member has it.");
            const Verdict grant = AccessRules::canInviteWithRoles(actor, {role});
            return grant ? QString() : grant.reason();
        },
        [](const Role& role) { return role.system == SystemRole::Base; });
    m_table->setObjectName(QStringLiteral("bulkPreviewTableView"));
    m_table->setAccessibleName(tr("What will happen to each address"));
    m_table->setModel(m_plan);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    // The line number and roles are short; the address gets a readable width; the outcome takes the rest.
    // Fixed widths, not ResizeToContents, which would measure 10,000 rows at every layout.
    const int charWidth = m_table->fontMetrics().averageCharWidth();
    m_table->horizontalHeader()->resizeSection(InvitePlanModel::LineColumn, charWidth * 7);
    m_table->horizontalHeader()->resizeSection(InvitePlanModel::EmailColumn, charWidth * 32);
    m_table->horizontalHeader()->resizeSection(InvitePlanModel::RolesColumn, charWidth * 20);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setWordWrap(false);
    m_counts->setObjectName(QStringLiteral("bulkCountsLabel"));
    m_counts->setWordWrap(true);
    m_messages->setObjectName(QStringLiteral("bulkInviteMessageBar"));
    m_messages->setFading(false);

    auto* buttons = new QDialogButtonBox(this);
    m_sendButton = buttons->addButton(tr("Send"), QDialogButtonBox::AcceptRole);
    m_sendButton->setObjectName(QStringLiteral("sendReadyButton"));
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::accepted, this, &BulkInviteDialog::send);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_openButton);
    sourceRow->addWidget(m_sourceLabel, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_text);
    layout->addLayout(sourceRow);
    auto* rolesLabel = new QLabel(tr("&Roles for pasted addresses:"), this);
    rolesLabel->setBuddy(m_roles);
    layout->addWidget(rolesLabel);
    layout->addWidget(m_roles);
    auto* previewLabel = new QLabel(tr("&Preview: nothing is sent until you press Send."), this);
    previewLabel->setBuddy(m_table);
    layout->addWidget(previewLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_counts);
    layout->addWidget(m_messages);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 140, fontMetrics().height() * 40);

    // Judged shortly after typing stops: a 10,000-line paste is planned once, not at every keystroke.
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);
    connect(m_debounce, &QTimer::timeout, this, &BulkInviteDialog::updatePreview);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_csvRows.isEmpty() && !m_text->toPlainText().isEmpty()) {
            m_csvRows.clear(); // typing replaces the opened file
            m_sourceLabel->clear();
        }
        m_debounce->start();
    });
    connect(m_roles, &QListWidget::itemChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_openButton, &QPushButton::clicked, this, &BulkInviteDialog::chooseCsv);
    connect(m_session, &AccountSession::invitesAdded, m_debounce, qOverload<>(&QTimer::start));
    updatePreview();
}

InvitePlan::Account BulkInviteDialog::account() const
{
    InvitePlan::Account account;
    account.actor = m_session->actorContext();
    account.roles = m_session->roles();
    const AccountSession* session = m_session;
    account.isMember = [session](const QString& key) {
        return session->memberByEmail(key) != nullptr;
    };
    account.pendingInviter = [session](const QString& key) -> std::optional<QString> {
        const Invite* invite = session->pendingInviteByEmail(key);
        return invite ? std::optional<QString>(invite->invitedBy) : std::nullopt;
    };
    return account;
}

void BulkInviteDialog::updatePreview()
{
    m_debounce->stop();
    QList<InviteRow> rows = m_csvRows;
    if (rows.isEmpty()) {
        QStringList roleNames;
        for (const auto& id : RoleCheckList::checkedIds(m_roles))
            roleNames.append(m_session->roleName(id));
        rows = InvitePlan::rowsFromText(m_text->toPlainText(), roleNames);
    }
    m_plan->setPlan(InvitePlan::plan(rows, account()));
    QStringList counts;
    for (const auto& [fate, count] : m_plan->counts())
        counts.append(tr("%1: %2").arg(InvitePlan::fateLabel(fate)).arg(count));
    m_counts->setText(counts.join(QStringLiteral(" · ")));
    const int ready = int(m_plan->readyInvites().size());
    m_sendButton->setEnabled(ready > 0 && AccessRules::checkAction(m_session->actorContext(), AccountAction::Invite));
    m_sendButton->setText(ready > 0 ? tr("Send %n invitation(s)", nullptr, ready) : tr("Send"));
}

bool BulkInviteDialog::loadCsv(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_messages->showMessage(tr("Could not open %1: %2.").arg(QDir::toNativeSeparators(path), file.errorString()),
                                MessageBar::Kind::Error);
        return false;
    }
    auto rows = InvitePlan::rowsFromCsv(file.readAll());
    if (!rows) {
        m_messages->showMessage(rows.error().message, MessageBar::Kind::Error);
        return false;
    }
    m_messages->clear();
    m_text->clear();
    m_csvRows = rows.takeValue();
    m_sourceLabel->setText(tr("%1: %n row(s)", nullptr, int(m_csvRows.size())).arg(QFileInfo(path).fileName()));
    updatePreview();
    return true;
}

void BulkInviteDialog::chooseCsv()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open a CSV file"), QString(), tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        loadCsv(path);
}

void BulkInviteDialog::send()
{
    updatePreview(); // what is sent is what the rules say now
    const QList<NewInvite> ready = m_plan->readyInvites();
    if (ready.isEmpty())
        return;
    m_sendButton->setEnabled(false);
    auto control = std::make_shared<BulkControl>();
    QProgressDialog* progress = m_session->store()->capabilities().atomicBatches
        ? nullptr
        : BulkProgress::show(this, tr("Sending %n invitation(s)", nullptr, int(ready.size())), int(ready.size()),
                             control);
    onFinished(m_session->inviteEach(ready, control), this, [this, progress](const Result<InviteReport>& result) {
        if (progress)
            progress->deleteLater();
        updatePreview(); // who was invited now shows as such; sending again skips them
        if (!result) {
            // A local store refuses the whole list: nothing was sent, the list stays as it was.
            m_messages->showMessage(result.error().message, MessageBar::Kind::Error);
            return;
        }
        const InviteReport& report = result.value();
        Q_EMIT sent(report);
        if (report.refused.isEmpty() && report.notSent.isEmpty()) {
            m_messages->showMessage(tr("Invitations sent to %n people.", nullptr, int(report.sent.size())));
            return;
        }
        BulkReport summary;
        for (const auto& invite : report.sent)
            summary.done.append(invite.email);
        summary.refused = report.refused;
        summary.notSent = report.notSent;
        const QString text = tr("Sent %n invitation(s).", nullptr, int(report.sent.size())) + QLatin1Char(' ')
            + tr("Not sent: %n.", nullptr, int(report.refused.size() + report.notSent.size()));
        m_messages->showMessage(text, MessageBar::Kind::Error);
        auto* dialog = new BulkReportDialog(text, summary, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
}
