#include "auditpage.h"

#include "accessrules.h"
#include "accountsession.h"
#include "auditlogmodel.h"

#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {
// A date edit at its minimum shows "Any" and means "no bound".
const QDate NoDate(2000, 1, 1);

QDateEdit* dateFilter(const QString& objectName, const QString& accessibleName, QWidget* parent)
{
    auto* edit = new QDateEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    edit->setCalendarPopup(true);
    edit->setMinimumDate(NoDate);
    edit->setSpecialValueText(AuditPage::tr("Any"));
    edit->setDate(NoDate);
    return edit;
}
} // namespace

AuditPage::AuditPage(AccountSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new AuditLogModel(session->store(), this))
    , m_notice(new QLabel(this))
    , m_actor(new QLineEdit(this))
    , m_action(new QComboBox(this))
    , m_target(new QLineEdit(this))
    , m_since(dateFilter(QStringLiteral("auditSinceDateEdit"), tr("Events from this day"), this))
    , m_until(dateFilter(QStringLiteral("auditUntilDateEdit"), tr("Events up to this day"), this))
    , m_search(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
    , m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("auditPage"));
    auto* title = new QLabel(tr("Audit log"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    m_notice->setObjectName(QStringLiteral("auditNoticeLabel"));
    m_notice->setWordWrap(true);

    m_actor->setObjectName(QStringLiteral("auditActorLineEdit"));
    m_actor->setAccessibleName(tr("Filter by who acted"));
    m_actor->setPlaceholderText(tr("email"));
    m_actor->setClearButtonEnabled(true);
    m_action->setObjectName(QStringLiteral("auditActionComboBox"));
    m_action->setAccessibleName(tr("Filter by action"));
    m_action->addItem(tr("Any action"), QString());
    m_action->addItem(tr("Invitations"), QStringLiteral("invite."));
    m_action->addItem(tr("Members"), QStringLiteral("member."));
    m_action->addItem(tr("Roles"), QStringLiteral("role."));
    m_action->addItem(tr("Account"), QStringLiteral("account."));
    for (const char* action :
         {"invite.create", "invite.resend", "invite.revoke", "invite.accept", "invite.reject", "member.roles",
          "member.remove", "role.create", "role.duplicate", "role.update", "role.delete", "account.invite_lifetime"}) {
        const QString value = QString::fromLatin1(action);
        m_action->addItem(QStringLiteral("  ") + AuditLogModel::actionLabel(value), value);
    }
    m_target->setObjectName(QStringLiteral("auditTargetLineEdit"));
    m_target->setAccessibleName(tr("Filter by whom or what it was done to"));
    m_target->setPlaceholderText(tr("email or role"));
    m_target->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("auditSearchLineEdit"));
    m_search->setAccessibleName(tr("Search the audit log"));
    m_search->setPlaceholderText(tr("Search"));
    m_search->setClearButtonEnabled(true);

    auto* filters = new QGridLayout;
    const auto labelled = [this, filters](const QString& text, QWidget* field, int row, int column) {
        auto* label = new QLabel(text, this);
        label->setBuddy(field);
        filters->addWidget(label, row, column * 2);
        filters->addWidget(field, row, column * 2 + 1);
    };
    labelled(tr("&Who:"), m_actor, 0, 0);
    labelled(tr("&Action:"), m_action, 0, 1);
    labelled(tr("&To:"), m_target, 0, 2);
    labelled(tr("&From:"), m_since, 1, 0);
    labelled(tr("&Until:"), m_until, 1, 1);
    labelled(tr("Searc&h:"), m_search, 1, 2);
    filters->setColumnStretch(1, 1);
    filters->setColumnStretch(5, 1);

    m_view->setObjectName(QStringLiteral("auditTableView"));
    m_view->setAccessibleName(tr("Audit log"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->setTabKeyNavigation(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    const int chars = m_view->fontMetrics().averageCharWidth();
    m_view->horizontalHeader()->resizeSection(AuditLogModel::WhenColumn,
                                              m_view->fontMetrics().horizontalAdvance(QLocale().toString(
                                                  QDateTime(QDate(2026, 12, 28), QTime(23, 59)), QLocale::ShortFormat))
                                                  + chars * 3);
    m_view->horizontalHeader()->resizeSection(AuditLogModel::ActorColumn, chars * 28);
    m_view->horizontalHeader()->resizeSection(AuditLogModel::ActionColumn, chars * 24);
    m_view->horizontalHeader()->resizeSection(AuditLogModel::TargetColumn, chars * 28);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_status->setObjectName(QStringLiteral("auditStatusLabel"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_notice);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    // Filters apply shortly after the last change, once, not at every keystroke.
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, &AuditPage::applyFilters);
    for (QLineEdit* edit : {m_actor, m_target, m_search})
        connect(edit, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_action, &QComboBox::currentIndexChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_since, &QDateEdit::dateChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_until, &QDateEdit::dateChanged, m_debounce, qOverload<>(&QTimer::start));

    connect(m_model, &AuditLogModel::loadFailed, this,
            [this](const Error& error) { m_status->setText(error.message); });
    const auto updateStatus = [this] {
        if (m_model->isLoading())
            m_status->setText(tr("Loading…"));
        else if (m_model->canFetchMore({}))
            m_status->setText(tr("%n event(s) shown; more load as you scroll.", nullptr, m_model->rowCount()));
        else
            m_status->setText(tr("%n event(s).", nullptr, m_model->rowCount()));
    };
    connect(m_model, &AuditLogModel::loadingChanged, this, updateStatus);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateStatus);
    // Another admin's change (PostgreSQL's notifications), or our own: the newest events go on top.
    connect(session, &AccountSession::changedByOthers, m_model, &AuditLogModel::fetchNewer);
    connect(session, &AccountSession::busyChanged, this, [this](bool busy) {
        if (!busy && isVisible())
            m_model->fetchNewer();
    });
    connect(session, &AccountSession::reset, this, &AuditPage::refreshNotice);
    refreshNotice();
}

void AuditPage::refreshNotice()
{
    // Said before anything is asked of the store: why this page may stay empty.
    const ActorContext actor = m_session->actorContext();
    QString refusal;
    if (actor.backend.auditLog) {
        if (const Verdict allowed = AccessRules::checkAction(actor, AccountAction::SeeAuditLog); !allowed)
            refusal = allowed.reason();
    }
    if (!refusal.isEmpty())
        m_notice->setText(refusal);
    else if (!actor.backend.auditLog)
        m_notice->setText(tr("The Qdrant Cloud API exposes no events. Shown here are the changes made from this "
                             "computer, with their outcome, from Roster's local journal: not the account's full "
                             "history."));
    else
        m_notice->setText(tr("Every change to the account, newest first."));
    const bool readable = refusal.isEmpty();
    for (QWidget* filter : std::initializer_list<QWidget*>{m_actor, m_action, m_target, m_since, m_until, m_search})
        filter->setEnabled(readable);
}

void AuditPage::reload()
{
    refreshNotice();
    if (m_session->isLoaded() && m_actor->isEnabled())
        applyFilters();
}

void AuditPage::applyFilters()
{
    m_debounce->stop();
    AuditQuery filter;
    filter.actor = m_actor->text().trimmed();
    filter.action = m_action->currentData().toString();
    filter.target = m_target->text().trimmed();
    filter.search = m_search->text().trimmed();
    // Whole local days, stored in UTC: the conversion happens here, once.
    if (m_since->date() != NoDate)
        filter.since = startOfLocalDay(m_since->date());
    if (m_until->date() != NoDate)
        filter.until = startOfLocalDay(m_until->date().addDays(1));
    m_model->setFilter(filter);
}
