// The SQL implementation of the account operations; see sqlaccountengine.h for the threading contract.
#include "sqlaccountengine.h"

#include "accessrules.h"
#include "sqlschema.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <QUuid>

Q_LOGGING_CATEGORY(lcStore, "roster.store")

namespace {

// Thrown inside a transaction body and turned back into a value at the transaction boundary.
struct Failure
{
    Error error;
};

// A unique index refused a row another writer inserted first.
struct ConstraintViolation
{
};

// PostgreSQL could not serialize this transaction against a concurrent one; running it again is safe.
struct SerializationFailure
{
};

bool isSerializationFailure(const QSqlError& error)
{
    // 40001 serialization_failure, 40P01 deadlock_detected.
    return error.nativeErrorCode() == QLatin1String("40001") || error.nativeErrorCode() == QLatin1String("40P01");
}

constexpr int MaxTransactionAttempts = 8;

[[noreturn]] void fail(Error error)
{
    throw Failure{std::move(error)};
}

void require(const Verdict& verdict)
{
    if (!verdict)
        fail(verdict.error());
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QDateTime fromMs(const QVariant& value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

bool isConstraintViolation(const QSqlError& error)
{
    // SQLite: 19 SQLITE_CONSTRAINT, 2067 _UNIQUE, 1555 _PRIMARYKEY; PostgreSQL: 23505 unique_violation.
    static const QStringList codes = {QStringLiteral("19"), QStringLiteral("2067"), QStringLiteral("1555"),
                                      QStringLiteral("23505")};
    return codes.contains(error.nativeErrorCode());
}

// Role ids repeat across 100,000 rows: share one string per role instead of a copy per row.
class IdInterner
{
public:
    QString intern(const QString& id)
    {
        auto it = m_ids.constFind(id);
        if (it == m_ids.constEnd())
            it = m_ids.insert(id, id);
        return *it;
    }

private:
    QHash<QString, QString> m_ids;
};

} // namespace

SqlAccountEngine::SqlAccountEngine(const StoreUrl& url, const QString& actorEmail)
    : m_url(url)
    , m_actorEmail(actorEmail.trimmed())
    , m_connectionName(QLatin1String("roster-") + newId())
    , m_instanceId(newId())
{
}

SqlAccountEngine::~SqlAccountEngine()
{
    delete m_changePoll;
    if (QSqlDatabase::contains(m_connectionName)) {
        database().close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QSqlDatabase SqlAccountEngine::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Outcome SqlAccountEngine::open(OpenMode mode)
{
    if (m_url.kind == StoreUrl::Kind::Sqlite) {
        const QFileInfo file(m_url.path);
        const bool isNew = !file.exists();
        if (isNew) {
            if (mode == OpenMode::MustExist)
                return notFound(tr("There is no account at %1; create one with `roster-cli init`.").arg(m_url.path));
            if (!QDir().mkpath(file.absolutePath()))
                return backendFailure(tr("The folder %1 cannot be created.").arg(file.absolutePath()));
        }
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(m_url.path);
        // Another process may hold the write lock for a moment: wait for it instead of failing.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            return backendFailure(tr("The account file %1 cannot be opened.").arg(m_url.path));
        QSqlQuery probe(db);
        if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
            qCWarning(lcStore) << "not an SQLite database:" << probe.lastError().text();
            return backendFailure(tr("%1 is not a Roster account file, or it is damaged.").arg(m_url.path));
        }
        // Qt's SQLite driver reads text as UTF-16: storing it so skips a conversion of every value, which
        // halves the time to load 100,000 members. Only a new, empty file takes the setting.
        if (isNew)
            probe.exec(QStringLiteral("PRAGMA encoding = 'UTF-16le'"));
        for (const auto* pragma :
             {"PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"}) {
            if (!probe.exec(QString::fromLatin1(pragma)))
                return backendFailure(
                    tr("The account file %1 cannot be used: it is read-only or damaged.").arg(m_url.path));
        }
    } else if (m_url.kind == StoreUrl::Kind::Postgresql) {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
        if (!db.isValid())
            return backendFailure(tr("PostgreSQL support is not installed (Qt's QPSQL driver is missing)."));
        db.setHostName(m_url.host);
        db.setPort(m_url.port);
        db.setDatabaseName(m_url.database);
        db.setUserName(m_url.user);
        if (!m_url.password.isEmpty())
            db.setPassword(m_url.password);
        db.setConnectOptions(QStringLiteral("connect_timeout=10"));
        if (!db.open()) {
            qCWarning(lcStore) << "PostgreSQL connection failed:" << db.lastError().databaseText();
            return backendFailure(tr("The PostgreSQL database %1 cannot be reached.").arg(m_url.displayString()));
        }
    } else {
        return usageError(tr("This store is not an SQL database."));
    }
    auto db = database();
    return SqlSchema::migrate(db);
}

QSqlQuery SqlAccountEngine::run(const QString& sql, const QVariantList& binds)
{
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        qCWarning(lcStore) << "prepare failed:" << query.lastError().text();
        fail(backendFailure(tr("The account database could not complete the operation; nothing was changed.")));
    }
    for (const auto& value : binds) {
        // Drivers bind a null QString as SQL NULL; the schema wants '' for "no text".
        const bool nullText = !value.isNull() && value.typeId() == QMetaType::QString && value.toString().isNull();
        query.addBindValue(nullText ? QVariant(QLatin1String("")) : value);
    }
    if (!query.exec()) {
        // A failed statement aborts a PostgreSQL transaction, and QPSQL cannot even free its prepared
        // statements until it ends; end it now, before the queries unwind (the later ROLLBACK is a no-op).
        if (m_url.kind == StoreUrl::Kind::Postgresql) {
            QSqlQuery rollback(database());
            rollback.exec(QStringLiteral("ROLLBACK"));
            m_rolledBack = true;
        }
        if (isSerializationFailure(query.lastError()))
            throw SerializationFailure{};
        if (isConstraintViolation(query.lastError()))
            throw ConstraintViolation{};
        qCWarning(lcStore) << "query failed:" << query.lastError().text();
        fail(backendFailure(tr("The account database could not complete the operation; nothing was changed.")));
    }
    return query;
}

template <typename T, typename Body>
Result<T> SqlAccountEngine::transact(Body&& body)
{
    auto db = database();
    if (!db.isOpen())
        return backendFailure(tr("The account database is not open."));
    // IMMEDIATE takes SQLite's write lock up front, so two writers queue instead of deadlocking;
    // PostgreSQL runs SERIALIZABLE and the loser of a conflict runs the whole body again.
    const QString begin = m_url.kind == StoreUrl::Kind::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                               : QStringLiteral("BEGIN ISOLATION LEVEL SERIALIZABLE");
    QSqlQuery control(db);
    const auto rollback = [&] {
        if (std::exchange(m_rolledBack, false))
            return; // run() already ended the aborted transaction
        QSqlQuery undo(db);
        undo.exec(QStringLiteral("ROLLBACK"));
    };
    for (int attempt = 1;; ++attempt) {
        m_rolledBack = false;
        if (!control.exec(begin)) {
            qCWarning(lcStore) << "begin failed:" << control.lastError().text();
            return backendFailure(tr("The account database is busy or unavailable; nothing was changed."));
        }
        try {
            T value = body();
            // Inside the transaction: PostgreSQL delivers the notification only if the change commits.
            if (m_url.kind == StoreUrl::Kind::Postgresql)
                run(QStringLiteral("SELECT pg_notify('roster_changes', ?)"), {m_instanceId});
            if (control.exec(QStringLiteral("COMMIT")))
                return value;
            // A failed COMMIT ends a PostgreSQL transaction by itself; SQLite's stays open until rolled back.
            if (m_url.kind == StoreUrl::Kind::Sqlite)
                rollback();
            if (!isSerializationFailure(control.lastError())) {
                qCWarning(lcStore) << "commit failed:" << control.lastError().text();
                return backendFailure(tr("The change could not be saved; nothing was changed."));
            }
        } catch (const Failure& failure) {
            rollback();
            return failure.error;
        } catch (const ConstraintViolation&) {
            rollback();
            return refused(tr("Someone else made a conflicting change at the same moment; nothing was changed. "
                              "Reload and try again."));
        } catch (const SerializationFailure&) {
            rollback();
        }
        if (attempt == MaxTransactionAttempts) {
            qCWarning(lcStore) << "gave up after" << attempt << "serialization failures";
            return refused(tr("Other admins are changing the account right now; nothing was changed. Try again."));
        }
        // Back off with jitter so that two retrying writers do not collide again in step.
        QThread::msleep(quint64((2u << attempt) + QRandomGenerator::global()->bounded(5u << attempt)));
    }
}

template <typename T, typename Body>
Result<T> SqlAccountEngine::readOnly(Body&& body)
{
    auto db = database();
    if (!db.isOpen())
        return backendFailure(tr("The account database is not open."));
    // One transaction, so that the several SELECTs of a page see one consistent state.
    QSqlQuery control(db);
    const QString begin = m_url.kind == StoreUrl::Kind::Sqlite
        ? QStringLiteral("BEGIN")
        : QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!control.exec(begin))
        return backendFailure(tr("The account database is busy or unavailable."));
    m_rolledBack = false;
    try {
        T value = body();
        control.exec(QStringLiteral("COMMIT"));
        return value;
    } catch (const Failure& failure) {
        if (!std::exchange(m_rolledBack, false))
            control.exec(QStringLiteral("ROLLBACK"));
        return failure.error;
    } catch (const ConstraintViolation&) {
        if (!std::exchange(m_rolledBack, false))
            control.exec(QStringLiteral("ROLLBACK"));
        return backendFailure(tr("The account database could not be read."));
    } catch (const SerializationFailure&) {
        if (!std::exchange(m_rolledBack, false))
            control.exec(QStringLiteral("ROLLBACK"));
        return backendFailure(tr("The account database could not be read; try again."));
    }
}

void SqlAccountEngine::watchChanges(std::function<void()> onChange)
{
    auto db = database();
    if (!db.isOpen())
        return;
    if (m_url.kind == StoreUrl::Kind::Postgresql) {
        QSqlDriver* driver = db.driver();
        if (!driver->subscribeToNotification(QStringLiteral("roster_changes"))) {
            qCWarning(lcStore) << "cannot listen for changes:" << driver->lastError().text();
            return;
        }
        const QString self = m_instanceId;
        QObject::connect(driver, &QSqlDriver::notification, driver,
                         [self, onChange](const QString&, QSqlDriver::NotificationSource, const QVariant& payload) {
                             if (payload.toString() != self) // our own commits are already applied
                                 onChange();
                         });
        return;
    }
    // SQLite has no notifications; data_version changes when another connection commits.
    const auto version = [this]() -> qint64 {
        QSqlQuery query(database());
        return query.exec(QStringLiteral("PRAGMA data_version")) && query.next() ? query.value(0).toLongLong() : -1;
    };
    m_changePoll = new QTimer;
    m_changePoll->setInterval(250);
    QObject::connect(m_changePoll, &QTimer::timeout, m_changePoll, [version, onChange, last = version()]() mutable {
        const qint64 current = version();
        if (current != last && current >= 0) {
            last = current;
            onChange();
        }
    });
    m_changePoll->start();
}

// ---------------------------------------------------------------------------------------------
// Account and actor

Result<bool> SqlAccountEngine::isInitialized()
{
    return readOnly<bool>([&] {
        auto query = run(QStringLiteral("SELECT count(*) FROM account"));
        return query.next() && query.value(0).toInt() > 0;
    });
}

Account SqlAccountEngine::loadAccountRow()
{
    auto query = run(QStringLiteral("SELECT id, name, created_at FROM account"));
    if (!query.next())
        fail(notFound(tr("This store holds no account yet; create one with `roster-cli init`.")));
    return {query.value(0).toString(), query.value(1).toString(), fromMs(query.value(2))};
}

Result<Account> SqlAccountEngine::initialize(const QString& accountName, const QString& ownerEmail)
{
    const QString email = ownerEmail.trimmed();
    if (auto verdict = AccessRules::checkEmail(email); !verdict)
        return verdict;
    const QString name = accountName.trimmed().isEmpty() ? tr("My account") : accountName.trimmed();
    return transact<Account>([&] {
        auto existing = run(QStringLiteral("SELECT count(*) FROM account"));
        if (existing.next() && existing.value(0).toInt() > 0)
            fail(refused(tr("This store already holds an account.")));
        const qint64 now = nowMs();
        const Account account{newId(), name, fromMs(now)};
        run(QStringLiteral("INSERT INTO account (id, name, created_at) VALUES (?, ?, ?)"), {account.id, name, now});
        const auto& catalogue = PermissionCatalogue::builtIn();
        // Stored names are the canonical English ones, as the cloud API spells them.
        const std::pair<SystemRole, QString> systemRoles[] = {{SystemRole::Base, QStringLiteral("Base")},
                                                              {SystemRole::Admin, QStringLiteral("Admin")},
                                                              {SystemRole::Owner, QStringLiteral("Owner")}};
        QHash<SystemRole, QString> ids;
        for (const auto& [system, roleName] : systemRoles) {
            Role role;
            role.id = newId();
            role.name = roleName;
            role.system = system;
            role.permissions = AccessRules::systemRolePermissions(system, catalogue).values();
            role.createdAt = role.updatedAt = fromMs(now);
            insertRole(role);
            ids.insert(system, role.id);
        }
        const QString ownerId = newId();
        run(QStringLiteral("INSERT INTO members (id, email, email_key, invited_by, joined_at) VALUES (?, ?, ?, '', ?)"),
            {ownerId, email, emailKey(email), now});
        for (auto system : {SystemRole::Base, SystemRole::Owner})
            run(QStringLiteral("INSERT INTO member_roles (member_id, role_id) VALUES (?, ?)"),
                {ownerId, ids.value(system)});
        audit(email, QStringLiteral("account.create"), name);
        return account;
    });
}

SqlAccountEngine::Actor SqlAccountEngine::actor()
{
    std::optional<Member> member;
    if (m_actorEmail.isEmpty()) {
        auto query = run(QStringLiteral("SELECT m.id FROM members m JOIN member_roles mr ON mr.member_id = m.id"
                                        " JOIN roles r ON r.id = mr.role_id WHERE r.system_key = 'owner'"));
        if (query.next())
            member = memberByEmailOrId(query.value(0).toString());
        if (!member)
            loadAccountRow(); // fails with "no account yet" when that is the reason
    } else {
        member = memberByEmailOrId(m_actorEmail);
    }
    if (!member)
        fail(notFound(
            tr("%1 is not an active member of this account, so Roster cannot act as them.").arg(m_actorEmail)));
    Actor result{*member, {}};
    auto query = run(QStringLiteral("SELECT DISTINCT rp.permission FROM member_roles mr"
                                    " JOIN role_permissions rp ON rp.role_id = mr.role_id WHERE mr.member_id = ?"),
                     {member->id});
    while (query.next())
        result.permissions.insert(query.value(0).toString());
    return result;
}

SqlAccountEngine::Actor SqlAccountEngine::requireActor(AccountAction action)
{
    Actor current = actor();
    require(AccessRules::checkPermission(current.permissions, action));
    return current;
}

void SqlAccountEngine::audit(const QString& actor, const QString& action, const QString& target, const QString& detail)
{
    run(QStringLiteral("INSERT INTO audit_events (id, at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)"),
        {newId(), nowMs(), actor, action, target, detail});
}

// ---------------------------------------------------------------------------------------------
// Loading

QList<Role> SqlAccountEngine::loadRoles()
{
    QList<Role> roles;
    QHash<QString, qsizetype> index;
    auto query = run(QStringLiteral("SELECT id, name, description, system_key, created_at, updated_at FROM roles"));
    while (query.next()) {
        Role role;
        role.id = query.value(0).toString();
        role.name = query.value(1).toString();
        role.description = query.value(2).toString();
        role.system = systemRoleFromKey(query.value(3).toString());
        role.createdAt = fromMs(query.value(4));
        role.updatedAt = fromMs(query.value(5));
        index.insert(role.id, roles.size());
        roles.append(role);
    }
    auto permissions = run(QStringLiteral("SELECT role_id, permission FROM role_permissions"));
    while (permissions.next()) {
        const auto it = index.constFind(permissions.value(0).toString());
        if (it != index.constEnd())
            roles[*it].permissions.append(permissions.value(1).toString());
    }
    // System roles first, in the console's order (Owner, Admin, Base), then custom roles by name.
    const auto rank = [](const Role& role) {
        switch (role.system) {
        case SystemRole::Owner:
            return 0;
        case SystemRole::Admin:
            return 1;
        case SystemRole::Base:
            return 2;
        case SystemRole::None:
            break;
        }
        return 3;
    };
    for (auto& role : roles)
        role.permissions.sort();
    std::sort(roles.begin(), roles.end(), [&](const Role& a, const Role& b) {
        if (rank(a) != rank(b))
            return rank(a) < rank(b);
        return a.name.localeAwareCompare(b.name) < 0;
    });
    return roles;
}

Role SqlAccountEngine::loadRole(const QString& roleIdOrName)
{
    const QList<Role> roles = loadRoles();
    if (const Role* role = findRole(roles, roleIdOrName))
        return *role;
    fail(notFound(tr("There is no role \"%1\".").arg(roleIdOrName)));
}

QList<Role> SqlAccountEngine::resolveRoles(const QStringList& roleIds)
{
    QList<Role> result;
    if (roleIds.isEmpty())
        return result;
    const QList<Role> all = loadRoles();
    for (const auto& wanted : roleIds) {
        const Role* role = findRole(all, wanted);
        if (!role)
            fail(notFound(tr("There is no role \"%1\".").arg(wanted)));
        result.append(*role);
    }
    return result;
}

std::optional<Member> SqlAccountEngine::memberByEmailOrId(const QString& emailOrId)
{
    auto query =
        run(QStringLiteral("SELECT id, email, invited_by, joined_at FROM members WHERE id = ? OR email_key = ?"),
            {emailOrId.trimmed(), emailKey(emailOrId)});
    if (!query.next())
        return std::nullopt;
    Member member{
        query.value(0).toString(), query.value(1).toString(), {}, query.value(2).toString(), fromMs(query.value(3))};
    return loadMemberRoles(member);
}

Member SqlAccountEngine::loadMemberRoles(Member member)
{
    member.roleIds.clear();
    auto query = run(QStringLiteral("SELECT role_id FROM member_roles WHERE member_id = ?"), {member.id});
    while (query.next())
        member.roleIds.append(query.value(0).toString());
    return member;
}

std::optional<Invite> SqlAccountEngine::inviteByEmailOrId(const QString& emailOrId)
{
    // An id wins; for an email, its pending invite, else its newest one.
    auto query = run(QStringLiteral("SELECT id, email, status, invited_by, created_at, updated_at FROM invites"
                                    " WHERE id = ? OR email_key = ?"
                                    " ORDER BY CASE WHEN id = ? THEN 0 WHEN status = 'PENDING' THEN 1 ELSE 2 END,"
                                    " created_at DESC"),
                     {emailOrId.trimmed(), emailKey(emailOrId), emailOrId.trimmed()});
    if (!query.next())
        return std::nullopt;
    Invite invite;
    invite.id = query.value(0).toString();
    invite.email = query.value(1).toString();
    inviteStatusFromName(query.value(2).toString(), &invite.status);
    invite.invitedBy = query.value(3).toString();
    invite.createdAt = fromMs(query.value(4));
    invite.updatedAt = fromMs(query.value(5));
    query.finish();
    auto roles = run(QStringLiteral("SELECT role_id FROM invite_roles WHERE invite_id = ?"), {invite.id});
    while (roles.next())
        invite.roleIds.append(roles.value(0).toString());
    return invite;
}

QList<Member> SqlAccountEngine::loadMembers(const QString& roleFilterId)
{
    // Two queries whatever the member count: the members, then every membership, joined in memory.
    QList<Member> members;
    QHash<QString, qsizetype> index;
    const bool filtered = !roleFilterId.isEmpty();
    auto query = filtered ? run(QStringLiteral("SELECT m.id, m.email, m.invited_by, m.joined_at FROM members m"
                                               " JOIN member_roles f ON f.member_id = m.id WHERE f.role_id = ?"),
                                {roleFilterId})
                          : run(QStringLiteral("SELECT id, email, invited_by, joined_at FROM members"));
    while (query.next()) {
        index.insert(query.value(0).toString(), members.size());
        members.append(Member{query.value(0).toString(),
                              query.value(1).toString(),
                              {},
                              query.value(2).toString(),
                              fromMs(query.value(3))});
    }
    IdInterner interner;
    auto roles = filtered
        ? run(QStringLiteral("SELECT mr.member_id, mr.role_id FROM member_roles mr"
                             " JOIN member_roles f ON f.member_id = mr.member_id WHERE f.role_id = ?"),
              {roleFilterId})
        : run(QStringLiteral("SELECT member_id, role_id FROM member_roles"));
    while (roles.next()) {
        const auto it = index.constFind(roles.value(0).toString());
        if (it != index.constEnd())
            members[*it].roleIds.append(interner.intern(roles.value(1).toString()));
    }
    return members;
}

QList<Invite> SqlAccountEngine::loadInvites(std::optional<InviteStatus> status, const QString& roleFilterId)
{
    QList<Invite> invites;
    QHash<QString, qsizetype> index;
    QString where = QStringLiteral(" WHERE 1 = 1");
    QVariantList binds;
    if (status) {
        where += QStringLiteral(" AND i.status = ?");
        binds.append(inviteStatusName(*status));
    }
    if (!roleFilterId.isEmpty()) {
        where += QStringLiteral(" AND i.id IN (SELECT invite_id FROM invite_roles WHERE role_id = ?)");
        binds.append(roleFilterId);
    }
    auto query = run(QStringLiteral("SELECT i.id, i.email, i.status, i.invited_by, i.created_at, i.updated_at"
                                    " FROM invites i")
                         + where + QStringLiteral(" ORDER BY i.created_at DESC"),
                     binds);
    while (query.next()) {
        Invite invite;
        invite.id = query.value(0).toString();
        invite.email = query.value(1).toString();
        inviteStatusFromName(query.value(2).toString(), &invite.status);
        invite.invitedBy = query.value(3).toString();
        invite.createdAt = fromMs(query.value(4));
        invite.updatedAt = fromMs(query.value(5));
        index.insert(invite.id, invites.size());
        invites.append(invite);
    }
    IdInterner interner;
    auto roles = run(QStringLiteral("SELECT ir.invite_id, ir.role_id FROM invite_roles ir JOIN invites i"
                                    " ON i.id = ir.invite_id")
                         + where,
                     binds);
    while (roles.next()) {
        const auto it = index.constFind(roles.value(0).toString());
        if (it != index.constEnd())
            invites[*it].roleIds.append(interner.intern(roles.value(1).toString()));
    }
    return invites;
}

bool SqlAccountEngine::isOwner(const Member& member)
{
    return member.roleIds.contains(roleIdOf(SystemRole::Owner));
}

RoleUsage SqlAccountEngine::countUsage(const QString& roleId)
{
    RoleUsage usage;
    auto members = run(QStringLiteral("SELECT count(*) FROM member_roles WHERE role_id = ?"), {roleId});
    usage.members = members.next() ? members.value(0).toInt() : 0;
    auto invites = run(QStringLiteral("SELECT count(*) FROM invite_roles ir JOIN invites i ON i.id = ir.invite_id"
                                      " WHERE ir.role_id = ? AND i.status = 'PENDING'"),
                       {roleId});
    usage.pendingInvites = invites.next() ? invites.value(0).toInt() : 0;
    return usage;
}

QString SqlAccountEngine::roleIdOf(SystemRole role)
{
    auto query = run(QStringLiteral("SELECT id FROM roles WHERE system_key = ?"), {systemRoleKey(role)});
    return query.next() ? query.value(0).toString() : QString();
}

// ---------------------------------------------------------------------------------------------
// Reads

Result<AccountSnapshot> SqlAccountEngine::loadAccount()
{
    return readOnly<AccountSnapshot>([&] {
        AccountSnapshot snapshot;
        snapshot.account = loadAccountRow();
        const Actor current = actor();
        snapshot.actor = current.member;
        snapshot.actorPermissions = current.permissions;
        const auto& permissions = current.permissions;
        snapshot.rolesVisible = AccessRules::checkPermission(permissions, AccountAction::SeeRoles).isAllowed();
        snapshot.membersVisible = AccessRules::checkPermission(permissions, AccountAction::SeeMembers).isAllowed();
        snapshot.invitesVisible = AccessRules::checkPermission(permissions, AccountAction::SeeInvites).isAllowed();
        if (snapshot.rolesVisible)
            snapshot.roles = loadRoles();
        if (snapshot.membersVisible)
            snapshot.members = loadMembers({});
        if (snapshot.invitesVisible)
            snapshot.pendingInvites = loadInvites(InviteStatus::Pending, {});
        auto mark = run(QStringLiteral("SELECT max(at) FROM audit_events"));
        if (mark.next() && !mark.value(0).isNull())
            snapshot.auditMark = fromMs(mark.value(0));
        if (!snapshot.rolesVisible) {
            // A user's roles are role information: hidden without read:roles.
            for (auto& member : snapshot.members)
                member.roleIds.clear();
            for (auto& invite : snapshot.pendingInvites)
                invite.roleIds.clear();
        }
        return snapshot;
    });
}

Result<PermissionSet> SqlAccountEngine::effectivePermissions()
{
    return readOnly<PermissionSet>([&] { return actor().permissions; });
}

Result<QList<Member>> SqlAccountEngine::listMembers()
{
    return readOnly<QList<Member>>([&] {
        requireActor(AccountAction::SeeMembers);
        return loadMembers({});
    });
}

Result<QList<Role>> SqlAccountEngine::listRoles()
{
    return readOnly<QList<Role>>([&] {
        requireActor(AccountAction::SeeRoles);
        return loadRoles();
    });
}

Result<RoleDetails> SqlAccountEngine::roleDetails(const QString& roleId)
{
    return readOnly<RoleDetails>([&] {
        const Actor current = requireActor(AccountAction::SeeRoles);
        RoleDetails details;
        details.role = loadRole(roleId);
        if (AccessRules::checkPermission(current.permissions, AccountAction::SeeMembers))
            details.members = loadMembers(details.role.id);
        if (AccessRules::checkPermission(current.permissions, AccountAction::SeeInvites))
            details.pendingInvites = loadInvites(InviteStatus::Pending, details.role.id);
        return details;
    });
}

Result<Member> SqlAccountEngine::findMember(const QString& emailOrId)
{
    return readOnly<Member>([&] {
        requireActor(AccountAction::SeeMembers);
        if (auto member = memberByEmailOrId(emailOrId))
            return *member;
        if (auto invite = inviteByEmailOrId(emailOrId); invite && invite->status == InviteStatus::Pending)
            fail(refused(tr("%1 has not joined yet: the invitation is still pending.").arg(invite->email)));
        fail(notFound(tr("%1 is not a member of this account.").arg(emailOrId)));
    });
}

Result<Invite> SqlAccountEngine::findInvite(const QString& emailOrId)
{
    return readOnly<Invite>([&] {
        requireActor(AccountAction::SeeInvites);
        if (auto invite = inviteByEmailOrId(emailOrId))
            return *invite;
        fail(notFound(tr("There is no invitation for %1.").arg(emailOrId)));
    });
}

Result<QList<Invite>> SqlAccountEngine::listInvites(std::optional<InviteStatus> status)
{
    return readOnly<QList<Invite>>([&] {
        requireActor(AccountAction::SeeInvites);
        return loadInvites(status, {});
    });
}

Result<QList<Permission>> SqlAccountEngine::permissionCatalogue()
{
    return readOnly<QList<Permission>>([&] {
        requireActor(AccountAction::SeeRoles);
        return PermissionCatalogue::builtIn().permissions();
    });
}

Result<QList<AuditEvent>> SqlAccountEngine::auditLog(int limit)
{
    return readOnly<QList<AuditEvent>>([&] {
        requireActor(AccountAction::SeeAuditLog);
        QList<AuditEvent> events;
        auto query = run(QStringLiteral("SELECT id, at, actor, action, target, detail FROM audit_events"
                                        " ORDER BY at DESC, id LIMIT ?"),
                         {qMax(0, limit)});
        while (query.next()) {
            events.append({query.value(0).toString(), fromMs(query.value(1)), query.value(2).toString(),
                           query.value(3).toString(), query.value(4).toString(), query.value(5).toString()});
        }
        return events;
    });
}

Result<RoleUsage> SqlAccountEngine::roleUsage(const QString& roleId)
{
    return readOnly<RoleUsage>([&] {
        requireActor(AccountAction::SeeRoles);
        return countUsage(loadRole(roleId).id);
    });
}

// ---------------------------------------------------------------------------------------------
// Invitations

Result<QList<Invite>> SqlAccountEngine::invite(const QStringList& emails, const QStringList& roleIds)
{
    return transact<QList<Invite>>([&] {
        const Actor current = requireActor(AccountAction::Invite);
        // Every address is checked before anything is written: one bad address refuses the whole batch.
        require(AccessRules::checkInviteBatch(emails));
        const QList<Role> roles = resolveRoles(roleIds);
        require(AccessRules::checkInviteRoles(roles));
        const QStringList storedRoles = AccessRules::storedInviteRoles(roles);
        QList<Invite> created;
        for (const auto& raw : emails) {
            const QString email = raw.trimmed();
            auto member = run(QStringLiteral("SELECT count(*) FROM members WHERE email_key = ?"), {emailKey(email)});
            const bool isMember = member.next() && member.value(0).toInt() > 0;
            auto pending =
                run(QStringLiteral("SELECT invited_by FROM invites WHERE email_key = ? AND status = 'PENDING'"),
                    {emailKey(email)});
            const bool isPending = pending.next();
            require(AccessRules::checkInvitee(email, isMember, isPending,
                                              isPending ? pending.value(0).toString() : QString()));
            Invite invite;
            invite.id = newId();
            invite.email = email;
            invite.status = InviteStatus::Pending;
            invite.roleIds = storedRoles;
            invite.invitedBy = current.member.email;
            const qint64 now = nowMs();
            invite.createdAt = invite.updatedAt = fromMs(now);
            try {
                run(QStringLiteral(
                        "INSERT INTO invites (id, email, email_key, status, invited_by, created_at, updated_at)"
                        " VALUES (?, ?, ?, 'PENDING', ?, ?, ?)"),
                    {invite.id, email, emailKey(email), invite.invitedBy, now, now});
            } catch (const ConstraintViolation&) {
                // Another admin's invite for the same address committed between our check and this insert.
                fail(refused(tr("%1 was invited by another admin a moment ago.").arg(email)));
            }
            for (const auto& roleId : storedRoles)
                run(QStringLiteral("INSERT INTO invite_roles (invite_id, role_id) VALUES (?, ?)"), {invite.id, roleId});
            QStringList roleNames;
            for (const auto& role : roles)
                roleNames.append(role.name);
            audit(current.member.email, QStringLiteral("invite.create"), email, roleNames.join(QStringLiteral(", ")));
            created.append(invite);
        }
        return created;
    });
}

Result<Invite> SqlAccountEngine::revokeInvite(const QString& inviteId)
{
    return transact<Invite>([&] {
        const Actor current = requireActor(AccountAction::RevokeInvite);
        auto invite = inviteByEmailOrId(inviteId);
        if (!invite)
            fail(notFound(tr("There is no invitation for %1.").arg(inviteId)));
        require(AccessRules::checkInviteTransition(*invite, InviteStatus::Canceled));
        const qint64 now = nowMs();
        run(QStringLiteral(
                "UPDATE invites SET status = 'CANCELED', updated_at = ? WHERE id = ? AND status = 'PENDING'"),
            {now, invite->id});
        invite->status = InviteStatus::Canceled;
        invite->updatedAt = fromMs(now);
        audit(current.member.email, QStringLiteral("invite.revoke"), invite->email);
        return *invite;
    });
}

Result<Member> SqlAccountEngine::acceptInvite(const QString& inviteId)
{
    // The invitee acts here, not an admin: no permission of the actor is needed.
    return transact<Member>([&] {
        auto invite = inviteByEmailOrId(inviteId);
        if (!invite)
            fail(notFound(tr("There is no invitation for %1.").arg(inviteId)));
        require(AccessRules::checkInviteTransition(*invite, InviteStatus::Accepted));
        if (memberByEmailOrId(invite->email))
            fail(refused(tr("%1 is already a member of this account.").arg(invite->email)));
        const qint64 now = nowMs();
        run(QStringLiteral("UPDATE invites SET status = 'ACCEPTED', updated_at = ? WHERE id = ?"), {now, invite->id});
        Member member{newId(), invite->email, {}, invite->invitedBy, fromMs(now)};
        try {
            run(QStringLiteral(
                    "INSERT INTO members (id, email, email_key, invited_by, joined_at) VALUES (?, ?, ?, ?, ?)"),
                {member.id, member.email, emailKey(member.email), member.invitedBy, now});
        } catch (const ConstraintViolation&) {
            fail(refused(tr("%1 joined the account a moment ago.").arg(invite->email)));
        }
        // Base always; the invite's roles that still exist (deleted roles left invite_roles by cascade).
        QStringList roleIds{roleIdOf(SystemRole::Base)};
        for (const auto& roleId : invite->roleIds) {
            if (!roleIds.contains(roleId))
                roleIds.append(roleId);
        }
        for (const auto& roleId : roleIds)
            run(QStringLiteral("INSERT INTO member_roles (member_id, role_id) VALUES (?, ?)"), {member.id, roleId});
        member.roleIds = roleIds;
        audit(invite->email, QStringLiteral("invite.accept"), invite->email);
        return member;
    });
}

Result<Invite> SqlAccountEngine::rejectInvite(const QString& inviteId)
{
    return transact<Invite>([&] {
        auto invite = inviteByEmailOrId(inviteId);
        if (!invite)
            fail(notFound(tr("There is no invitation for %1.").arg(inviteId)));
        require(AccessRules::checkInviteTransition(*invite, InviteStatus::Rejected));
        const qint64 now = nowMs();
        run(QStringLiteral("UPDATE invites SET status = 'REJECTED', updated_at = ? WHERE id = ?"), {now, invite->id});
        invite->status = InviteStatus::Rejected;
        invite->updatedAt = fromMs(now);
        audit(invite->email, QStringLiteral("invite.reject"), invite->email);
        return *invite;
    });
}

// ---------------------------------------------------------------------------------------------
// Members

Result<Member> SqlAccountEngine::updateMemberRoles(const QString& memberId, const QStringList& addRoleIds,
                                                   const QStringList& removeRoleIds)
{
    return transact<Member>([&] {
        const Actor current = requireActor(AccountAction::ChangeMemberRoles);
        auto member = memberByEmailOrId(memberId);
        if (!member) {
            if (auto invite = inviteByEmailOrId(memberId); invite && invite->status == InviteStatus::Pending)
                fail(refused(tr("%1 has not joined yet; the roles of a pending invitation cannot be changed.")
                                 .arg(invite->email)));
            fail(notFound(tr("%1 is not a member of this account.").arg(memberId)));
        }
        const QList<Role> toAdd = resolveRoles(addRoleIds);
        const QList<Role> toRemove = resolveRoles(removeRoleIds);
        const auto change = AccessRules::planRoleChange(*member, toAdd, toRemove);
        if (!change)
            fail(change.error());
        if (change.value().isEmpty())
            return *member;
        for (const auto& roleId : change.value().remove)
            run(QStringLiteral("DELETE FROM member_roles WHERE member_id = ? AND role_id = ?"), {member->id, roleId});
        for (const auto& roleId : change.value().add)
            run(QStringLiteral("INSERT INTO member_roles (member_id, role_id) VALUES (?, ?)"), {member->id, roleId});
        QStringList detail;
        for (const auto& role : toAdd) {
            if (change.value().add.contains(role.id))
                detail.append(QLatin1Char('+') + role.name);
        }
        for (const auto& role : toRemove) {
            if (change.value().remove.contains(role.id))
                detail.append(QLatin1Char('-') + role.name);
        }
        audit(current.member.email, QStringLiteral("member.roles"), member->email, detail.join(QLatin1Char(' ')));
        return loadMemberRoles(*member);
    });
}

Outcome SqlAccountEngine::removeMember(const QString& memberId)
{
    return transact<Done>([&] {
        const Actor current = requireActor(AccountAction::RemoveMember);
        auto member = memberByEmailOrId(memberId);
        if (!member) {
            if (auto invite = inviteByEmailOrId(memberId); invite && invite->status == InviteStatus::Pending)
                fail(AccessRules::checkRemovePendingInvite(*invite).error());
            fail(notFound(tr("%1 is not a member of this account.").arg(memberId)));
        }
        require(AccessRules::checkRemoveMember(current.member.id, *member, isOwner(*member)));
        run(QStringLiteral("DELETE FROM members WHERE id = ?"), {member->id});
        audit(current.member.email, QStringLiteral("member.remove"), member->email);
        return Done{};
    });
}

// ---------------------------------------------------------------------------------------------
// Roles

void SqlAccountEngine::insertRole(const Role& role)
{
    run(QStringLiteral("INSERT INTO roles (id, name, name_key, description, system_key, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)"),
        {role.id, role.name, roleNameKey(role.name), role.description,
         role.isSystem() ? QVariant(systemRoleKey(role.system)) : QVariant(QMetaType(QMetaType::QString)),
         role.createdAt.toMSecsSinceEpoch(), role.updatedAt.toMSecsSinceEpoch()});
    for (const auto& permission : role.permissions)
        run(QStringLiteral("INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)"), {role.id, permission});
}

static QStringList takenNames(const QList<Role>& roles, const QString& exceptRoleId)
{
    QStringList names;
    for (const auto& role : roles) {
        if (role.id != exceptRoleId)
            names.append(role.name);
    }
    return names;
}

Result<Role> SqlAccountEngine::createRole(const RoleDraft& draft)
{
    return transact<Role>([&] {
        const Actor current = requireActor(AccountAction::EditRole);
        const auto& catalogue = PermissionCatalogue::builtIn();
        require(AccessRules::checkRoleDraft(draft, catalogue));
        require(AccessRules::checkRoleNameFree(draft.name, takenNames(loadRoles(), {})));
        Role role;
        role.id = newId();
        role.name = draft.name.trimmed();
        role.description = draft.description.trimmed();
        role.permissions = AccessRules::withImpliedReads(draft.permissions, catalogue).values();
        role.permissions.sort();
        role.createdAt = role.updatedAt = fromMs(nowMs());
        try {
            insertRole(role);
        } catch (const ConstraintViolation&) {
            fail(refused(tr("A role named \"%1\" was created by another admin a moment ago.").arg(role.name)));
        }
        audit(current.member.email, QStringLiteral("role.create"), role.name, role.permissions.join(QLatin1Char(' ')));
        return role;
    });
}

Result<Role> SqlAccountEngine::updateRole(const QString& roleId, const RoleDraft& draft)
{
    return transact<Role>([&] {
        const Actor current = requireActor(AccountAction::EditRole);
        Role role = loadRole(roleId);
        require(AccessRules::checkRoleMutable(role));
        const auto& catalogue = PermissionCatalogue::builtIn();
        require(AccessRules::checkRoleDraft(draft, catalogue));
        require(AccessRules::checkRoleNameFree(draft.name, takenNames(loadRoles(), role.id)));
        const QString oldName = role.name;
        role.name = draft.name.trimmed();
        role.description = draft.description.trimmed();
        role.permissions = AccessRules::withImpliedReads(draft.permissions, catalogue).values();
        role.permissions.sort();
        const qint64 now = nowMs();
        role.updatedAt = fromMs(now);
        run(QStringLiteral("UPDATE roles SET name = ?, name_key = ?, description = ?, updated_at = ? WHERE id = ?"),
            {role.name, roleNameKey(role.name), role.description, now, role.id});
        run(QStringLiteral("DELETE FROM role_permissions WHERE role_id = ?"), {role.id});
        for (const auto& permission : role.permissions)
            run(QStringLiteral("INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)"),
                {role.id, permission});
        audit(current.member.email, QStringLiteral("role.update"), oldName,
              oldName == role.name
                  ? role.permissions.join(QLatin1Char(' '))
                  : QStringLiteral("renamed to %1; %2").arg(role.name, role.permissions.join(QLatin1Char(' '))));
        return role;
    });
}

QString SqlAccountEngine::freeDuplicateName(const QString& base)
{
    return AccessRules::freeDuplicateName(base, takenNames(loadRoles(), {}));
}

Result<Role> SqlAccountEngine::duplicateRole(const QString& roleId, const QString& newName)
{
    return transact<Role>([&] {
        const Actor current = requireActor(AccountAction::EditRole);
        const Role source = loadRole(roleId);
        const QString name = newName.trimmed().isEmpty() ? freeDuplicateName(source.name) : newName.trimmed();
        const RoleDraft draft{name, source.description,
                              PermissionSet(source.permissions.cbegin(), source.permissions.cend())};
        const auto& catalogue = PermissionCatalogue::builtIn();
        require(AccessRules::checkRoleDraft(draft, catalogue));
        require(AccessRules::checkRoleNameFree(name, takenNames(loadRoles(), {})));
        Role copy;
        copy.id = newId();
        copy.name = name;
        copy.description = source.description;
        copy.permissions = source.permissions;
        copy.createdAt = copy.updatedAt = fromMs(nowMs());
        try {
            insertRole(copy);
        } catch (const ConstraintViolation&) {
            fail(refused(tr("A role named \"%1\" was created by another admin a moment ago.").arg(name)));
        }
        audit(current.member.email, QStringLiteral("role.duplicate"), copy.name,
              QStringLiteral("copy of %1").arg(source.name));
        return copy;
    });
}

Result<RoleUsage> SqlAccountEngine::deleteRole(const QString& roleId)
{
    return transact<RoleUsage>([&] {
        const Actor current = requireActor(AccountAction::DeleteRole);
        const Role role = loadRole(roleId);
        require(AccessRules::checkRoleMutable(role));
        const RoleUsage usage = countUsage(role.id);
        // The foreign keys cascade: memberships and invite roles go with the role, in this transaction.
        run(QStringLiteral("DELETE FROM roles WHERE id = ?"), {role.id});
        // Audit details are stored data, kept in one language rather than the admin's locale.
        audit(current.member.email, QStringLiteral("role.delete"), role.name,
              QStringLiteral("unassigned from %1 members, removed from %2 pending invitations")
                  .arg(usage.members)
                  .arg(usage.pendingInvites));
        return usage;
    });
}

// ---------------------------------------------------------------------------------------------
// Demo data

Result<DemoSummary> SqlAccountEngine::seedDemo(const DemoSpec& spec)
{
    if (spec.members < 0 || spec.invites < 0 || spec.customRoles < 0)
        return usageError(tr("seed-demo counts cannot be negative."));
    const auto initialized = isInitialized();
    if (!initialized)
        return initialized.error();
    if (!initialized.value()) {
        const auto account = initialize(tr("Demo account"), spec.ownerEmail);
        if (!account)
            return account.error();
    }
    return transact<DemoSummary>([&] {
        auto count = run(QStringLiteral("SELECT (SELECT count(*) FROM members) + (SELECT count(*) FROM invites)"
                                        " + (SELECT count(*) FROM roles WHERE system_key IS NULL)"));
        if (count.next() && count.value(0).toInt() > 1)
            fail(
                refused(tr("seed-demo fills a new account only; this one already has members, invitations or roles.")));
        count.finish();
        const Actor owner = actor();
        const DemoData data = DemoGenerator::generate(spec, roleIdOf(SystemRole::Base), roleIdOf(SystemRole::Admin));
        for (const auto& role : data.customRoles)
            insertRole(role);
        QSqlQuery insertMember(database());
        insertMember.prepare(
            QStringLiteral("INSERT INTO members (id, email, email_key, invited_by, joined_at) VALUES (?, ?, ?, ?, ?)"));
        QSqlQuery insertMembership(database());
        insertMembership.prepare(QStringLiteral("INSERT INTO member_roles (member_id, role_id) VALUES (?, ?)"));
        const auto execOrFail = [&](QSqlQuery& query) {
            if (!query.exec()) {
                qCWarning(lcStore) << "seed insert failed:" << query.lastError().text();
                fail(backendFailure(tr("The demo data could not be written; nothing was changed.")));
            }
        };
        for (const auto& member : data.members) {
            insertMember.bindValue(0, member.id);
            insertMember.bindValue(1, member.email);
            insertMember.bindValue(2, emailKey(member.email));
            insertMember.bindValue(3, member.invitedBy);
            insertMember.bindValue(4, member.joinedAt.toMSecsSinceEpoch());
            execOrFail(insertMember);
            for (const auto& roleId : member.roleIds) {
                insertMembership.bindValue(0, member.id);
                insertMembership.bindValue(1, roleId);
                execOrFail(insertMembership);
            }
        }
        QSqlQuery insertInvite(database());
        insertInvite.prepare(QStringLiteral("INSERT INTO invites (id, email, email_key, status, invited_by, created_at,"
                                            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
        QSqlQuery insertInviteRole(database());
        insertInviteRole.prepare(QStringLiteral("INSERT INTO invite_roles (invite_id, role_id) VALUES (?, ?)"));
        DemoSummary summary;
        summary.members = int(data.members.size());
        summary.customRoles = int(data.customRoles.size());
        for (const auto& invite : data.invites) {
            insertInvite.bindValue(0, invite.id);
            insertInvite.bindValue(1, invite.email);
            insertInvite.bindValue(2, emailKey(invite.email));
            insertInvite.bindValue(3, inviteStatusName(invite.status));
            insertInvite.bindValue(4, invite.invitedBy);
            insertInvite.bindValue(5, invite.createdAt.toMSecsSinceEpoch());
            insertInvite.bindValue(6, invite.updatedAt.toMSecsSinceEpoch());
            execOrFail(insertInvite);
            for (const auto& roleId : invite.roleIds) {
                insertInviteRole.bindValue(0, invite.id);
                insertInviteRole.bindValue(1, roleId);
                execOrFail(insertInviteRole);
            }
            if (invite.status == InviteStatus::Pending)
                ++summary.pendingInvites;
            else
                ++summary.closedInvites;
        }
        audit(owner.member.email, QStringLiteral("account.seed"), QStringLiteral("demo data"),
              QStringLiteral("%1 members, %2 invitations, %3 custom roles")
                  .arg(summary.members)
                  .arg(summary.pendingInvites + summary.closedInvites)
                  .arg(summary.customRoles));
        return summary;
    });
}
