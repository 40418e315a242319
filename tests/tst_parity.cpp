// The parity matrix: every action, for every kind of actor and target, gets the same answer from the console and
// from every store (SQLite, PostgreSQL, and the cloud backend through `serve`), word for word.
//
// The console's answer is what it shows: the disabled action's tooltip, the invite dialog's inline problem, the
// role page's buttons. Where the console cannot show a target at all (a Base-only member sees no one), the stores
// must still agree with each other. Where the console allows an action, every store must accept it.
#include "accountsession.h"
#include "cloudfixture.h"
#include "cloudstore.h"
#include "consolefixture.h"
#include "invitedialog.h"
#include "mainwindow.h"
#include "managerolesdialog.h"
#include "messagebar.h"
#include "permissiontreemodel.h"
#include "postgrestestdb.h"
#include "roledetailspage.h"
#include "roleeditordialog.h"
#include "sqlfixture.h"
#include "testsupport.h"
#include "useractions.h"
#include "userfilterproxymodel.h"
#include "userspanel.h"
#include "usertablemodel.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLoggingCategory>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTreeView>
#include <QtTest>

#include <map>

namespace {

const QString Owner = QStringLiteral("owner@example.com");
const QString ProbeRole = QStringLiteral("Probe role");

// One answer: empty when allowed, else the refusal as an admin reads it.
struct Answer
{
    bool allowed = true;
    QString reason;
    int code = 0;

    static Answer of(const Error& error) { return {!error.isError(), error.message, int(error.code)}; }
    static Answer of(const Verdict& verdict) { return of(verdict.error()); }
    QString describe() const { return allowed ? QStringLiteral("allowed") : reason; }
};

// The permission an action needs, and the custom role (and member) that carries exactly it.
QString neededPermission(const QString& action)
{
    static const std::map<QString, QString> needs = {
        {QStringLiteral("invite"), QStringLiteral("write:invites")},
        {QStringLiteral("revoke"), QStringLiteral("delete:invites")},
        {QStringLiteral("accept"), QStringLiteral("write:invites")},
        {QStringLiteral("reject"), QStringLiteral("write:invites")},
        {QStringLiteral("change-roles"), QStringLiteral("write:roles")},
        {QStringLiteral("remove"), QStringLiteral("delete:users")},
        {QStringLiteral("create-role"), QStringLiteral("write:roles")},
        {QStringLiteral("rename-role"), QStringLiteral("write:roles")},
        {QStringLiteral("duplicate-role"), QStringLiteral("write:roles")},
        {QStringLiteral("edit-permissions"), QStringLiteral("write:roles")},
        {QStringLiteral("delete-role"), QStringLiteral("delete:roles")},
        {QStringLiteral("grant-admin"), QStringLiteral("write:roles")},
        {QStringLiteral("escalating-role"), QStringLiteral("write:roles")},
    };
    return needs.at(action);
}

QString customMember(const QString& permission)
{
    return QStringLiteral("c-%1@example.com").arg(QString(permission).replace(QLatin1Char(':'), QLatin1Char('-')));
}

const QStringList& customPermissions()
{
    static const QStringList permissions{QStringLiteral("write:invites"), QStringLiteral("delete:invites"),
                                         QStringLiteral("write:roles"), QStringLiteral("delete:users"),
                                         QStringLiteral("delete:roles")};
    return permissions;
}

// The account every row of the matrix starts from, made through the backend's own store as its Owner: Admin,
// Base-only and "other" members, one member per custom role (the permission plus the reads), a custom role to act
// on, and a pending invitation.
bool seed(StoreFixture& fixture)
{
    if (!fixture.resetAccount())
        return false;
    auto owner = fixture.storeFor();
    const auto join = [&](const QString& email, const QStringList& roles) {
        const auto invited = awaitFuture(owner->invite({email}, roles));
        if (!invited || invited.value().sent.isEmpty()) {
            qWarning("%s: cannot invite %s: %s", qPrintable(fixture.name()), qPrintable(email),
                     qPrintable(invited.error().message));
            return false;
        }
        const auto joined = awaitFuture(fixture.storeFor(email)->acceptInvite(invited.value().sent.first().id));
        if (!joined)
            qWarning("%s: %s cannot join: %s", qPrintable(fixture.name()), qPrintable(email),
                     qPrintable(joined.error().message));
        return joined.ok();
    };
    if (!awaitFuture(owner->createRole(
                         {ProbeRole, QStringLiteral("The role the matrix acts on"), {QStringLiteral("read:profile")}}))
             .ok())
        return false;
    for (const auto& permission : customPermissions()) {
        const auto role = awaitFuture(owner->createRole({QStringLiteral("Can ") + permission,
                                                         {},
                                                         {QStringLiteral("read:users"), QStringLiteral("read:invites"),
                                                          QStringLiteral("read:roles"), permission}}));
        if (!role || !join(customMember(permission), {role.value().id}))
            return false;
    }
    return join(QStringLiteral("admin@example.com"), {QStringLiteral("Admin")})
        && join(QStringLiteral("base@example.com"), {}) && join(QStringLiteral("other@example.com"), {})
        && awaitFuture(owner->invite({QStringLiteral("pending@example.com")}, {})).ok();
}

struct Probe
{
    QString actor; // owner, admin, custom, base, key
    QString action;
    QString target; // owner, self, other, pending, new, base-role, custom-role
};

QString actorEmail(const Probe& probe)
{
    if (probe.actor == QLatin1String("owner"))
        return Owner;
    if (probe.actor == QLatin1String("admin"))
        return QStringLiteral("admin@example.com");
    if (probe.actor == QLatin1String("base"))
        return QStringLiteral("base@example.com");
    if (probe.actor == QLatin1String("custom"))
        return customMember(neededPermission(probe.action));
    return {}; // the management key is nobody
}

QString targetEmail(const Probe& probe)
{
    if (probe.target == QLatin1String("owner"))
        return Owner;
    if (probe.target == QLatin1String("self"))
        return actorEmail(probe);
    if (probe.target == QLatin1String("other"))
        return QStringLiteral("other@example.com");
    if (probe.target == QLatin1String("pending"))
        return QStringLiteral("pending@example.com");
    if (probe.target == QLatin1String("new"))
        return QStringLiteral("newcomer@example.com");
    return {};
}

QString targetRole(const Probe& probe)
{
    return probe.target == QLatin1String("base-role") ? QStringLiteral("Base") : ProbeRole;
}

QList<Probe> probes(bool withManagementKey)
{
    const std::map<QString, QStringList> targets = {
        {QStringLiteral("invite"),
         {QStringLiteral("owner"), QStringLiteral("self"), QStringLiteral("other"), QStringLiteral("pending"),
          QStringLiteral("new")}},
        {QStringLiteral("revoke"), {QStringLiteral("pending")}},
        {QStringLiteral("accept"), {QStringLiteral("pending")}},
        {QStringLiteral("reject"), {QStringLiteral("pending")}},
        {QStringLiteral("change-roles"),
         {QStringLiteral("owner"), QStringLiteral("self"), QStringLiteral("other"), QStringLiteral("pending")}},
        {QStringLiteral("remove"),
         {QStringLiteral("owner"), QStringLiteral("self"), QStringLiteral("other"), QStringLiteral("pending")}},
        {QStringLiteral("create-role"), {QStringLiteral("new")}},
        {QStringLiteral("rename-role"), {QStringLiteral("base-role"), QStringLiteral("custom-role")}},
        {QStringLiteral("duplicate-role"), {QStringLiteral("base-role"), QStringLiteral("custom-role")}},
        {QStringLiteral("edit-permissions"), {QStringLiteral("base-role"), QStringLiteral("custom-role")}},
        {QStringLiteral("delete-role"), {QStringLiteral("base-role"), QStringLiteral("custom-role")}},
        // No escalation: giving someone Admin, and a role carrying write:account that only the Owner holds.
        {QStringLiteral("grant-admin"), {QStringLiteral("other")}},
        {QStringLiteral("escalating-role"), {QStringLiteral("new")}},
    };
    QStringList actors{QStringLiteral("owner"), QStringLiteral("admin"), QStringLiteral("custom"),
                       QStringLiteral("base")};
    if (withManagementKey)
        actors = {QStringLiteral("key")};
    QList<Probe> all;
    for (const auto& actor : actors) {
        for (const auto& [action, list] : targets) {
            for (const auto& target : list) {
                if (actor == QLatin1String("key") && target == QLatin1String("self"))
                    continue; // a management key has no row of its own
                all.append({actor, action, target});
            }
        }
    }
    return all;
}

// What a store answers to `probe`, acting through `store`.
Answer storeAnswer(AccountStore& store, const Probe& probe)
{
    const QString email = targetEmail(probe);
    const QString role = targetRole(probe);
    const PermissionSet probePermissions{QStringLiteral("read:profile")};
    const QString& a = probe.action;
    if (a == QLatin1String("invite"))
        return Answer::of(awaitFuture(store.invite({email}, {})).error());
    if (a == QLatin1String("revoke"))
        return Answer::of(awaitFuture(store.revokeInvite(email)).error());
    if (a == QLatin1String("accept"))
        return Answer::of(awaitFuture(store.acceptInvite(email)).error());
    if (a == QLatin1String("reject"))
        return Answer::of(awaitFuture(store.rejectInvite(email)).error());
    if (a == QLatin1String("change-roles"))
        return Answer::of(awaitFuture(store.updateMemberRoles(email, {ProbeRole}, {})).error());
    if (a == QLatin1String("remove"))
        return Answer::of(awaitFuture(store.removeMember(email)).error());
    if (a == QLatin1String("create-role"))
        return Answer::of(
            awaitFuture(store.createRole({QStringLiteral("Made by probe"), {}, probePermissions})).error());
    if (a == QLatin1String("rename-role"))
        return Answer::of(
            awaitFuture(store.updateRole(role, {role + QStringLiteral(" renamed"), {}, probePermissions})).error());
    if (a == QLatin1String("duplicate-role"))
        return Answer::of(awaitFuture(store.duplicateRole(role, QStringLiteral("Copy by probe"))).error());
    if (a == QLatin1String("edit-permissions"))
        return Answer::of(awaitFuture(store.updateRole(role, {role, {}, probePermissions})).error());
    if (a == QLatin1String("delete-role"))
        return Answer::of(awaitFuture(store.deleteRole(role)).error());
    if (a == QLatin1String("grant-admin"))
        return Answer::of(awaitFuture(store.updateMemberRoles(email, {QStringLiteral("Admin")}, {})).error());
    if (a == QLatin1String("escalating-role"))
        return Answer::of(
            awaitFuture(store.createRole({QStringLiteral("Account keepers"), {}, {QStringLiteral("write:account")}}))
                .error());
    return {false, QStringLiteral("unknown action ") + a, -1};
}

// The console, open as one actor: what it shows for each probe.
class ConsoleView
{
public:
    explicit ConsoleView(std::unique_ptr<AccountStore> store)
        : m_store(std::move(store))
        , m_session(m_store.get())
        , m_window(&m_session)
    {
        QSignalSpy loaded(&m_session, &AccountSession::reset);
        m_session.reload();
        m_loaded = loaded.wait(20000);
        m_window.show();
    }

    bool loaded() const { return m_loaded; }

    // Empty optional: the console cannot show this target to this actor.
    std::optional<Answer> answer(const Probe& probe)
    {
        const QString& a = probe.action;
        UsersPanel* users = m_window.userManagement();
        if (a == QLatin1String("invite")) {
            QAction* invite = users->inviteAction();
            if (!invite->isEnabled())
                return Answer{false, invite->toolTip()};
            InviteDialog dialog(&m_session, {}, &m_window);
            return Answer::of(dialog.verdictFor(targetEmail(probe)));
        }
        if (a == QLatin1String("accept") || a == QLatin1String("reject"))
            return std::nullopt; // the console is an admin's tool: invitees answer elsewhere
        if (a == QLatin1String("revoke") || a == QLatin1String("change-roles") || a == QLatin1String("remove"))
            return rowAnswer(users, probe);
        if (a == QLatin1String("create-role") || a == QLatin1String("escalating-role")) {
            auto* add = m_window.findChild<QAction*>(QStringLiteral("addRoleAction"));
            if (!add->isEnabled())
                return Answer{false, add->toolTip()};
            if (a == QLatin1String("create-role"))
                return Answer{};
            // The Add role dialog, with write:account ticked: what it says before anything is sent.
            RoleEditorDialog dialog(&m_session, RoleEditorDialog::Mode::Create, {}, &m_window);
            dialog.findChild<QLineEdit*>(QStringLiteral("roleNameLineEdit"))
                ->setText(QStringLiteral("Account keepers"));
            auto* tree = dialog.findChild<QTreeView*>(QStringLiteral("rolePermissionsTreeView"));
            auto* permissions = qobject_cast<PermissionTreeModel*>(tree->model());
            if (!permissions->setChecked(QStringLiteral("write:account"), true)) {
                // The box is locked: its tooltip is the rules' reason, said before anything is typed or sent.
                for (int category = 0; category < permissions->rowCount(); ++category) {
                    const QModelIndex parent = permissions->index(category, 0);
                    for (int row = 0; row < permissions->rowCount(parent); ++row) {
                        const QModelIndex box = permissions->index(row, 0, parent);
                        if (box.data(PermissionTreeModel::PermissionValueRole) == QStringLiteral("write:account"))
                            return Answer{false, box.data(Qt::ToolTipRole).toString()};
                    }
                }
                return Answer{false, QStringLiteral("write:account is locked without a reason")};
            }
            if (dialog.findChild<QPushButton*>(QStringLiteral("saveRoleButton"))->isEnabled())
                return Answer{};
            return Answer{false, dialog.findChild<MessageBar*>(QStringLiteral("roleEditorMessageBar"))->text()};
        }
        if (a == QLatin1String("grant-admin")) {
            const auto manage = rowAnswer(users, {probe.actor, QStringLiteral("change-roles"), probe.target});
            if (!manage || !manage->allowed)
                return manage;
            // Manage roles… on the row: the Admin box says whether it can be ticked, and why not.
            const QString email = targetEmail(probe);
            Member member;
            for (const auto& candidate : m_session.members()) {
                if (candidate.email == email)
                    member = candidate;
            }
            ManageRolesDialog dialog(&m_session, member, &m_window);
            auto* list = dialog.findChild<QListWidget*>(QStringLiteral("memberRolesListWidget"));
            for (int i = 0; i < list->count(); ++i) {
                if (list->item(i)->text() == QLatin1String("Admin"))
                    return (list->item(i)->flags() & Qt::ItemIsEnabled) ? Answer{}
                                                                        : Answer{false, list->item(i)->toolTip()};
            }
            return Answer{false, QStringLiteral("no Admin box in Manage roles")};
        }
        const Role* role = nullptr;
        for (const auto& candidate : m_session.roles()) {
            if (candidate.name == targetRole(probe))
                role = &candidate;
        }
        if (!role)
            return std::nullopt; // without read:roles the role pages are not there
        m_window.showRole(role->id);
        RoleDetailsPage* page = m_window.roleDetails();
        if (a == QLatin1String("edit-permissions")) {
            if (!page->permissionsModel()->isReadOnly())
                return Answer{};
            return Answer{false, page->findChild<QLabel*>(QStringLiteral("permissionsNoteLabel"))->text()};
        }
        const QString button = a == QLatin1String("rename-role") ? QStringLiteral("renameRoleButton")
            : a == QLatin1String("duplicate-role")               ? QStringLiteral("duplicateRoleButton")
                                                                 : QStringLiteral("deleteRoleButton");
        auto* pushButton = page->findChild<QPushButton*>(button);
        return pushButton->isEnabled() ? Answer{} : Answer{false, pushButton->toolTip()};
    }

private:
    std::optional<Answer> rowAnswer(UsersPanel* users, const Probe& probe)
    {
        const int source = users->model()->rowOf(rowId(users, targetEmail(probe)));
        if (source < 0)
            return std::nullopt; // this actor sees no such row
        const auto operation = probe.action == QLatin1String("revoke") ? UserActions::Operation::RevokeInvitation
            : probe.action == QLatin1String("remove")                  ? UserActions::Operation::RemoveFromAccount
                                                                       : UserActions::Operation::ManageRoles;
        const UserTableModel::Row& row = users->model()->rowAt(source);
        const Verdict verdict = users->actions()->verdict(operation, row);
        // The visible action on the selected row says the same, in its tooltip.
        users->view()->setCurrentIndex(users->proxy()->mapFromSource(users->model()->index(source, 0)));
        users->actions()->refresh();
        QAction* action = operation == UserActions::Operation::RevokeInvitation ? users->actions()->revokeAction()
            : operation == UserActions::Operation::RemoveFromAccount            ? users->actions()->removeAction()
                                                                                : users->actions()->manageRolesAction();
        if (action->isVisible() && !verdict) {
            if (action->isEnabled() || action->toolTip() != verdict.reason())
                return Answer{false,
                              QStringLiteral("tooltip \"%1\" differs from the rules' \"%2\"")
                                  .arg(action->toolTip(), verdict.reason())};
        }
        return Answer::of(verdict);
    }

    static QString rowId(UsersPanel* users, const QString& email)
    {
        for (int row = 0; row < users->model()->rowCount(); ++row) {
            if (users->model()->rowAt(row).email == email)
                return users->model()->rowAt(row).id;
        }
        return {};
    }

    std::unique_ptr<AccountStore> m_store;
    AccountSession m_session;
    MainWindow m_window;
    bool m_loaded = false;
};

QString name(const Probe& probe)
{
    return probe.actor + QLatin1Char(' ') + probe.action + QLatin1Char(' ') + probe.target;
}

} // namespace

class TestParity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ConsoleFixture::prepareApplication();
        // Thousands of store calls: their diagnostics would drown the matrix's own report.
        QLoggingCategory::setFilterRules(QStringLiteral("roster.*.debug=false\nroster.*.info=false"));
        const QString postgres = qEnvironmentVariable("ROSTER_TEST_POSTGRES_URL");
        QVERIFY2(!postgres.isEmpty(), "ROSTER_TEST_POSTGRES_URL is not set: scripts/test.sh starts the server");
        const auto url = freshPostgresDatabase(QStringLiteral("roster_parity"));
        QVERIFY2(url.ok(), qPrintable(url.error().message)); // fails, never skips
        m_backends.emplace_back(std::make_unique<SqlFixture>());
        m_backends.emplace_back(std::make_unique<SqlFixture>(url.value()));
        m_backends.emplace_back(std::make_unique<CloudFixture>());
    }

    // Owner, Admin, a custom role with the permission, Base only: the console over SQLite, then all three stores.
    void everyActionAnswersAlikeEverywhere()
    {
        SqlFixture consoleAccount;
        QVERIFY(seed(consoleAccount));
        QHash<QString, Answer> console;
        QHash<QString, bool> shown;
        for (const auto& actor :
             {QStringLiteral("owner"), QStringLiteral("admin"), QStringLiteral("custom"), QStringLiteral("base")}) {
            // The custom actor differs per action: one console per (actor, custom member).
            QHash<QString, std::shared_ptr<ConsoleView>> views;
            for (const auto& probe : probes(false)) {
                if (probe.actor != actor)
                    continue;
                const QString email = actorEmail(probe);
                if (!views.contains(email)) {
                    views.insert(email, std::make_shared<ConsoleView>(consoleAccount.storeFor(email)));
                    QVERIFY2(views.value(email)->loaded(), qPrintable(email));
                }
                const auto answer = views.value(email)->answer(probe);
                shown.insert(name(probe), answer.has_value());
                if (answer)
                    console.insert(name(probe), *answer);
            }
        }
        compareStores(probes(false), console, shown);
        // No escalation is among what was compared, in the rules' own words.
        QCOMPARE(console.value(QStringLiteral("admin escalating-role new")).reason,
                 QStringLiteral("A role can carry only permissions you hold yourself; you lack write:account."));
        QVERIFY(console.value(QStringLiteral("owner escalating-role new")).allowed);
        QVERIFY2(console.value(QStringLiteral("custom grant-admin other"))
                     .reason.startsWith(QStringLiteral("You cannot grant the Admin role: it carries ")),
                 qPrintable(console.value(QStringLiteral("custom grant-admin other")).reason));
        QVERIFY(console.value(QStringLiteral("admin grant-admin other")).allowed);
    }

    // A management key exists on the cloud backend only: its console and the cloud store through `serve`.
    void managementKeyAnswersAlike()
    {
        auto* cloud = static_cast<CloudFixture*>(m_backends.back().get());
        QVERIFY(seed(*cloud));
        QHash<QString, Answer> console;
        QHash<QString, bool> shown;
        {
            ConsoleView view(cloud->managementKeyStore());
            QVERIFY(view.loaded());
            for (const auto& probe : probes(true)) {
                const auto answer = view.answer(probe);
                shown.insert(name(probe), answer.has_value());
                if (answer)
                    console.insert(name(probe), *answer);
            }
        }
        int checked = 0;
        bool dirty = false;
        for (const auto& probe : probes(true)) {
            if (dirty) {
                QVERIFY(seed(*cloud));
                dirty = false;
            }
            auto store = cloud->managementKeyStore();
            const Answer answer = storeAnswer(*store, probe);
            dirty = answer.allowed;
            if (shown.value(name(probe))) {
                QVERIFY2(answer.allowed == console.value(name(probe)).allowed
                             && answer.reason == console.value(name(probe)).reason,
                         qPrintable(QStringLiteral("%1: console says \"%2\", cloud says \"%3\"")
                                        .arg(name(probe), console.value(name(probe)).describe(), answer.describe())));
                ++checked;
            }
        }
        // The key may neither invite nor remove, and says so before anything is sent.
        QCOMPARE(console.value(QStringLiteral("key invite new")).reason,
                 QStringLiteral("Invitations can be sent only by a signed-in user, not with a management key."));
        QCOMPARE(console.value(QStringLiteral("key remove other")).reason,
                 QStringLiteral("Members can be removed only by a signed-in user, not with a management key."));
        QVERIFY(console.value(QStringLiteral("key revoke pending")).allowed);
        qInfo("management key: %d combinations compared", checked);
    }

private:
    void compareStores(const QList<Probe>& all, const QHash<QString, Answer>& console,
                       const QHash<QString, bool>& shown)
    {
        // Each backend answers every probe; an accepted probe changed the account, so the next starts afresh.
        QHash<QString, QList<Answer>> answers;
        for (auto& backend : m_backends) {
            bool dirty = true;
            for (const auto& probe : all) {
                if (dirty) {
                    QVERIFY2(seed(*backend), qPrintable(backend->name()));
                    dirty = false;
                }
                auto store = backend->storeFor(actorEmail(probe));
                QVERIFY(store);
                const Answer answer = storeAnswer(*store, probe);
                answers[name(probe)].append(answer);
                dirty = answer.allowed;
            }
        }
        int withConsole = 0, refusals = 0;
        for (const auto& probe : all) {
            const QList<Answer>& each = answers.value(name(probe));
            QCOMPARE(each.size(), int(m_backends.size()));
            for (int i = 1; i < each.size(); ++i) {
                QVERIFY2(each.at(i).allowed == each.first().allowed && each.at(i).reason == each.first().reason
                             && each.at(i).code == each.first().code,
                         qPrintable(QStringLiteral("%1: %2 says \"%3\" (%4), %5 says \"%6\" (%7)")
                                        .arg(name(probe), m_backends.front()->name(), each.first().describe())
                                        .arg(each.first().code)
                                        .arg(m_backends.at(i)->name(), each.at(i).describe())
                                        .arg(each.at(i).code)));
            }
            refusals += each.first().allowed ? 0 : 1;
            if (!shown.value(name(probe)))
                continue;
            const Answer& shownAnswer = console.value(name(probe));
            QVERIFY2(shownAnswer.allowed == each.first().allowed && shownAnswer.reason == each.first().reason,
                     qPrintable(QStringLiteral("%1: the console says \"%2\", the stores say \"%3\"")
                                    .arg(name(probe), shownAnswer.describe(), each.first().describe())));
            ++withConsole;
        }
        qInfo("%lld combinations, %d refused, %d compared with the console, on %d backends",
              static_cast<long long>(all.size()), refusals, withConsole, int(m_backends.size()));
        // The matrix must exercise both sides: refusals of each kind, and accepted actions.
        QVERIFY(refusals > 20);
        QVERIFY(all.size() - refusals > 10);
        QVERIFY(withConsole > 40);
    }

    std::vector<std::unique_ptr<StoreFixture>> m_backends;
};

QTEST_MAIN(TestParity)
#include "tst_parity.moc"
