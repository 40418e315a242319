// The SQL engine's connection, transactions and acting user; see sqlaccountengine.h for the threading contract.
#include "sqlaccountengine.h"

#include "secrets.h"
#include "sqlengine_p.h"
#include "sqlschema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QTimer>
#include <QUrl>

Q_LOGGING_CATEGORY(lcStore, "roster.store")

using namespace SqlEngine;

SqlAccountEngine::SqlAccountEngine(const StoreUrl& url, const SqlActor& actor)
    : m_url(url)
    , m_actor{actor.email.trimmed(), actor.managementKey}
    , m_connectionName(QLatin1String("roster-") + newId())
    , m_instanceId(newId())
{
    Secrets::remember(url.password); // typed into the connection dialog, perhaps, rather than into a URL
}

SqlAccountEngine::~SqlAccountEngine()
{
    delete m_changePoll;
    delete m_idleCheckpoint;
    if (QSqlDatabase::contains(m_connectionName)) {
        database().close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QSqlDatabase SqlAccountEngine::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Outcome SqlAccountEngine::openSqlite(OpenMode mode)
{
    const QFileInfo file(m_url.path);
    const bool isNew = !file.exists();
    if (isNew && mode == OpenMode::MustExist)
        return notFound(tr("No file at %1.").arg(m_url.path));
    if (!isNew && !file.isFile())
        return backendFailure(tr("%1 is not a Roster account file.").arg(m_url.path));
    if (isNew) {
        // The folder and the file hold every member's address and the audit trail: only their owner reads them.
        const QString folder = file.absolutePath();
        const bool folderIsNew = !QFileInfo::exists(folder);
        if (!QDir().mkpath(folder))
            return backendFailure(tr("The folder %1 cannot be created.").arg(folder));
        if (folderIsNew)
            QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile create(m_url.path);
        if (!create.open(QIODevice::WriteOnly))
            return backendFailure(tr("The account file %1 cannot be created.").arg(m_url.path));
        create.close();
        QFile::setPermissions(m_url.path, QFile::ReadOwner | QFile::WriteOwner);
    }
    // A file we may not write (or whose folder we may not write, which WAL needs) is still readable.
    m_readOnly = !isNew && (!file.isWritable() || !QFileInfo(file.absolutePath()).isWritable());
    auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (m_readOnly) {
        // immutable: no lock files beside it, which a read-only folder could not hold anyway.
        db.setDatabaseName(QLatin1String("file:") + QUrl::fromLocalFile(m_url.path).path()
                           + QLatin1String("?immutable=1"));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
    } else {
        db.setDatabaseName(m_url.path);
        // Another process may hold the write lock for a moment: wait for it instead of failing.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    }
    if (!db.open())
        return backendFailure(tr("The account file %1 cannot be opened.").arg(m_url.path));
    QSqlQuery probe(db);
    if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
        qCWarning(lcStore) << "not an SQLite database:" << probe.lastError().text();
        return backendFailure(tr("%1 is not a Roster account file, or it is damaged.").arg(m_url.path));
    }
    // Qt's SQLite driver reads text as UTF-16: storing it so skips a conversion of every value, which halves the
    // time to load 100,000 members. Only a new, empty file takes the setting.
    if (isNew)
        probe.exec(QStringLiteral("PRAGMA encoding = 'UTF-16le'"));
    // Per connection, and no write: what every connection to the file must agree on.
    for (const auto* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"}) {
        if (!probe.exec(QString::fromLatin1(pragma)))
            return backendFailure(tr("The account file %1 cannot be used; it may be damaged.").arg(m_url.path));
    }
    return Done{};
}

Outcome SqlAccountEngine::openPostgres()
{
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
    return Done{};
}

Outcome SqlAccountEngine::open(OpenMode mode)
{
    Outcome opened = m_url.kind == StoreUrl::Kind::Sqlite ? openSqlite(mode)
        : m_url.kind == StoreUrl::Kind::Postgresql        ? openPostgres()
                                                   : Outcome(usageError(tr("This store is not an SQL database.")));
    if (!opened)
        return opened;
    auto db = database();
    const int installed = SqlSchema::installedVersion(db);
    if (installed < 0)
        return backendFailure(tr("%1 is not a Roster account store, or it is damaged.").arg(m_url.displayString()));
    if (installed > SqlSchema::currentVersion())
        return backendFailure(tr("The account store was written by a newer Roster (schema %1); this version "
                                 "understands schema %2. It was left as it was.")
                                  .arg(installed)
                                  .arg(SqlSchema::currentVersion()));
    // Reading never writes: a store without Roster's tables stays as it is until an account is created in it.
    m_hasSchema = installed > 0;
    if (installed == SqlSchema::currentVersion() || (installed == 0 && mode == OpenMode::MustExist))
        return Done{};
    return prepareForWriting();
}

Outcome SqlAccountEngine::prepareForWriting()
{
    if (m_readOnly)
        return readOnlyRefusal();
    auto db = database();
    if (m_url.kind == StoreUrl::Kind::Sqlite) {
        QSqlQuery wal(db);
        if (!wal.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
            return backendFailure(tr("The account file %1 cannot be written.").arg(m_url.path));
    }
    const Outcome migrated = SqlSchema::migrate(db);
    m_hasSchema = migrated.ok();
    return migrated;
}

Error SqlAccountEngine::readOnlyRefusal() const
{
    return backendFailure(
        tr("The account file %1 is read-only here; it can be read, but nothing was changed.").arg(m_url.path));
}

QSqlQuery SqlAccountEngine::run(const QString& sql, const QVariantList& binds)
{
    QSqlQuery query = prepared(sql);
    execute(query, binds);
    return query;
}

QSqlQuery SqlAccountEngine::prepared(const QString& sql)
{
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        qCWarning(lcStore) << "prepare failed:" << query.lastError().text();
        fail(storageError(query.lastError(),
                          tr("The account database could not complete the operation; nothing was changed.")));
    }
    return query;
}

void SqlAccountEngine::execute(QSqlQuery& query, const QVariantList& binds)
{
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant& value = binds.at(i);
        // Drivers bind a null QString as SQL NULL; the schema wants '' for "no text".
        const bool nullText = !value.isNull() && value.typeId() == QMetaType::QString && value.toString().isNull();
        query.bindValue(i, nullText ? QVariant(QLatin1String("")) : value);
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
        fail(storageError(query.lastError(),
                          tr("The account database could not complete the operation; nothing was changed.")));
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

Result<bool> SqlAccountEngine::isInitialized()
{
    if (!m_hasSchema)
        return false;
    return readOnly<bool>([&] {
        auto query = run(QStringLiteral("SELECT count(*) FROM account"));
        return nextRow(query) && query.value(0).toInt() > 0;
    });
}

void SqlAccountEngine::checkBeforeWriting()
{
    if (m_integrityChecked || m_url.kind != StoreUrl::Kind::Sqlite)
        return;
    // quick_check reads every page (about 0.1 s for 100,000 members), once per connection: a file damaged where
    // this change does not look must still not be written into.
    const QString verdict = quickCheck();
    if (verdict != QLatin1String("ok")) {
        qCWarning(lcStore) << "quick_check:" << verdict;
        fail(backendFailure(tr("The store file is damaged (%1); nothing was changed. `roster-cli check` tells more.")
                                .arg(verdict.simplified())));
    }
    m_integrityChecked = true;
}

void SqlAccountEngine::prepareForChanges()
{
    if (m_url.kind != StoreUrl::Kind::Sqlite || !database().isOpen())
        return;
    // The console's first change would otherwise wait for the whole file to be read; a damaged file is left
    // unchecked here, so that the change itself is refused with the reason.
    if (!m_integrityChecked && quickCheck() == QLatin1String("ok"))
        m_integrityChecked = true;
    // SQLite folds the WAL back into the file inside whichever commit crosses 1,000 pages: a send that happens to
    // be that commit waits for it. The console checkpoints a second after its last change instead; other
    // connections (roster-cli, other consoles) keep SQLite's automatic checkpoints.
    if (m_idleCheckpoint)
        return;
    QSqlQuery off(database());
    if (!off.exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0")))
        return;
    m_idleCheckpoint = new QTimer;
    m_idleCheckpoint->setSingleShot(true);
    m_idleCheckpoint->setInterval(1000);
    QObject::connect(m_idleCheckpoint, &QTimer::timeout, m_idleCheckpoint, [this] {
        QSqlQuery checkpoint(database());
        if (!checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")))
            qCInfo(lcStore) << "checkpoint:" << checkpoint.lastError().text();
    });
}

void SqlAccountEngine::committed()
{
    if (m_idleCheckpoint)
        m_idleCheckpoint->start(); // the WAL is folded back once the admin pauses
}

QString SqlAccountEngine::quickCheck()
{
    QSqlQuery check(database());
    const bool ran = check.exec(QStringLiteral("PRAGMA quick_check(1)")) && check.next();
    return ran ? check.value(0).toString() : check.lastError().databaseText();
}

Result<QStringList> SqlAccountEngine::checkIntegrity()
{
    QStringList problems;
    auto db = database();
    if (m_url.kind == StoreUrl::Kind::Sqlite) {
        QSqlQuery check(db);
        if (!check.exec(QStringLiteral("PRAGMA integrity_check(20)")))
            return QStringList{check.lastError().databaseText()};
        while (check.next()) {
            if (check.value(0).toString() != QLatin1String("ok"))
                problems.append(check.value(0).toString().simplified());
        }
        if (check.lastError().isValid())
            problems.append(check.lastError().databaseText());
        if (!problems.isEmpty())
            return problems;
    }
    if (!m_hasSchema)
        return QStringList{tr("The store holds no Roster account.")};
    // Roster's own invariants, on every backend: one Owner, and every membership pointing at a member and a role.
    const auto invariants = readOnly<QStringList>([&] {
        QStringList found;
        auto owners = run(QStringLiteral("SELECT count(*) FROM member_roles mr JOIN roles r ON r.id = mr.role_id"
                                         " WHERE r.system_key = 'owner'"));
        if (nextRow(owners) && owners.value(0).toInt() != 1)
            found.append(tr("The account has %1 Owners instead of one.").arg(owners.value(0).toInt()));
        owners.finish();
        for (const auto* table : {"account", "roles", "role_permissions", "members", "member_roles", "invites",
                                  "invite_roles", "audit_events"}) {
            // Reads every row: a table that cannot be read in full is reported, not skipped.
            auto rows = run(QStringLiteral("SELECT * FROM ") + QLatin1String(table));
            while (nextRow(rows)) { }
        }
        return found;
    });
    if (!invariants)
        return QStringList{invariants.error().message};
    return invariants.value();
}

Account SqlAccountEngine::loadAccountRow()
{
    auto query = run(QStringLiteral("SELECT id, name, created_at, invite_lifetime_days FROM account"));
    if (!nextRow(query))
        fail(notFound(tr("This store holds no account yet; create one with `roster-cli init`.")));
    return {query.value(0).toString(), query.value(1).toString(), fromMs(query.value(2)), query.value(3).toInt()};
}

QDateTime SqlAccountEngine::expiryFor(qint64 createdAtMs)
{
    auto query = run(QStringLiteral("SELECT invite_lifetime_days FROM account"));
    return nextRow(query) ? inviteExpiry(fromMs(createdAtMs), query.value(0).toInt()) : QDateTime();
}

Result<Account> SqlAccountEngine::setInviteLifetime(int days)
{
    return transact<Account>([&] {
        const ActorContext current = requireAction(AccountAction::SetInviteLifetime);
        require(AccessRules::canSetInviteLifetime(current, days));
        const Account before = loadAccountRow();
        if (before.inviteLifetimeDays == days)
            return before; // nothing to change, nothing to log
        run(QStringLiteral("UPDATE account SET invite_lifetime_days = ?"), {days});
        audit(auditName(current), QStringLiteral("account.invite_lifetime"), before.name,
              QStringLiteral("invitations last %1 days (were %2)").arg(days).arg(before.inviteLifetimeDays));
        Account after = before;
        after.inviteLifetimeDays = days;
        return after;
    });
}

Result<Account> SqlAccountEngine::initialize(const QString& accountName, const QString& ownerEmail)
{
    const QString email = ownerEmail.trimmed();
    if (auto verdict = AccessRules::checkEmail(email); !verdict)
        return verdict;
    if (!m_hasSchema) {
        if (const Outcome prepared = prepareForWriting(); !prepared)
            return prepared.error();
    }
    return transact<Account>([&] { return createAccount(accountName, email); });
}

Account SqlAccountEngine::createAccount(const QString& accountName, const QString& email)
{
    const QString name = accountName.trimmed().isEmpty() ? tr("My account") : accountName.trimmed();
    auto existing = run(QStringLiteral("SELECT count(*) FROM account"));
    if (nextRow(existing) && existing.value(0).toInt() > 0)
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
}

BackendCapabilities SqlAccountEngine::capabilities() const
{
    BackendCapabilities capabilities;
    // Behind `serve`, a management key meets the cloud API's own limits.
    capabilities.signedInUser = !m_actor.managementKey;
    return capabilities;
}

PermissionSet SqlAccountEngine::permissionsOf(const QString& memberId)
{
    PermissionSet permissions;
    auto query = run(QStringLiteral("SELECT DISTINCT rp.permission FROM member_roles mr"
                                    " JOIN role_permissions rp ON rp.role_id = mr.role_id WHERE mr.member_id = ?"),
                     {memberId});
    while (nextRow(query))
        permissions.insert(query.value(0).toString());
    return permissions;
}

QString SqlAccountEngine::ownerMemberId()
{
    auto query = run(QStringLiteral("SELECT mr.member_id FROM member_roles mr JOIN roles r ON r.id = mr.role_id"
                                    " WHERE r.system_key = 'owner'"));
    if (nextRow(query))
        return query.value(0).toString();
    loadAccountRow(); // fails with "no account yet" when that is the reason
    fail(backendFailure(tr("This account has no Owner, so the store is damaged; nothing was changed.")));
}

ActorContext SqlAccountEngine::context()
{
    ActorContext context;
    context.backend = capabilities();
    context.ownerId = ownerMemberId();
    if (m_actor.managementKey) {
        // A management key is no person; it acts with the Owner's permissions.
        context.permissions = permissionsOf(context.ownerId);
        return context;
    }
    const auto member = memberByEmailOrId(m_actor.email.isEmpty() ? context.ownerId : m_actor.email);
    if (!member) {
        context.actorEmail = m_actor.email; // someone signed in who is not a member: an invitee, say
        return context;
    }
    context.actorId = member->id;
    context.actorEmail = member->email;
    context.permissions = permissionsOf(member->id);
    return context;
}

ActorContext SqlAccountEngine::requireAction(AccountAction action)
{
    const ActorContext actor = context();
    if (actor.actorId.isEmpty() && !m_actor.managementKey)
        fail(notFound(
            tr("%1 is not an active member of this account, so Roster cannot act as them.").arg(m_actor.email)));
    require(AccessRules::checkAction(actor, action));
    return actor;
}

QString SqlAccountEngine::auditName(const ActorContext& actor)
{
    // Audit details are stored data, kept in one language rather than the admin's locale.
    return actor.actorEmail.isEmpty() ? QStringLiteral("management key") : actor.actorEmail;
}

void SqlAccountEngine::audit(const QString& actor, const QString& action, const QString& target, const QString& detail)
{
    run(QStringLiteral("INSERT INTO audit_events (id, at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)"),
        {newId(), nowMs(), actor, action, target, detail});
}
