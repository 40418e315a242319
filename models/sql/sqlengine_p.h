// What the SQL engine's files share: errors as exceptions inside a transaction body, the transaction scaffolds, and
// small conversions. Private to models/sql.
#pragma once

#include "sqlaccountengine.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace SqlEngine {

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

inline bool isSerializationFailure(const QSqlError& error)
{
    // 40001 serialization_failure, 40P01 deadlock_detected.
    return error.nativeErrorCode() == QLatin1String("40001") || error.nativeErrorCode() == QLatin1String("40P01");
}

// Enough for two admins' long queues of changes to the same rows to get through on a loaded machine (an ASan
// build on two busy cores gave up at 8); the back-off below is capped, so the worst wait stays a few seconds.
inline constexpr int MaxTransactionAttempts = 12;

[[noreturn]] inline void fail(Error error)
{
    throw Failure{std::move(error)};
}

inline void require(const Verdict& verdict)
{
    if (!verdict)
        fail(verdict.error());
}

inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// Values per IN list: far under SQLite's 32,766 and PostgreSQL's 65,535 bound values, and few round trips for
// 10,000 addresses.
constexpr int BatchRows = 1000;

// Rows per PostgreSQL insertRows() statement, each column bound as one array: about a megabyte a column.
constexpr int ArrayRows = 20000;

// "?, ?, ?": `count` placeholders for an IN list.
inline QString placeholders(int count)
{
    QString marks;
    marks.reserve(count * 3);
    for (int i = 0; i < count; ++i)
        marks += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    return marks;
}

// The columns inviteFromRow() reads, from `invites i`: the last one is when a pending invitation expires
// (created_at plus the account's lifetime), computed by the database in the same query.
constexpr const char InviteColumns[] =
    "i.id, i.email, i.status, i.invited_by, i.created_at, i.updated_at,"
    " i.created_at + (SELECT CAST(a.invite_lifetime_days AS BIGINT) FROM account a) * 86400000";

inline qint64 nowMs()
{
    return Clock::nowMs(); // a test's clock, when one is set
}

inline QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

inline QDateTime fromMs(const QVariant& value)
{
    return fromMs(value.toLongLong());
}

inline bool isConstraintViolation(const QSqlError& error)
{
    // SQLite: 19 SQLITE_CONSTRAINT, 2067 _UNIQUE, 1555 _PRIMARYKEY; PostgreSQL: 23505 unique_violation.
    static const QStringList codes = {QStringLiteral("19"), QStringLiteral("2067"), QStringLiteral("1555"),
                                      QStringLiteral("23505")};
    return codes.contains(error.nativeErrorCode());
}

// What a failed statement means to an admin: a damaged or read-only store is said so, anything else is generic.
inline Error storageError(const QSqlError& error, const QString& fallback)
{
    const QString code = error.nativeErrorCode();
    // SQLite: 11 SQLITE_CORRUPT (and its extended codes end in 11), 26 SQLITE_NOTADB.
    if (code == QLatin1String("11") || code == QLatin1String("26") || code.endsWith(QLatin1String("11")))
        return backendFailure(QCoreApplication::translate("SqlAccountEngine",
                                                          "The store file is damaged (%1). `roster-cli check` tells "
                                                          "more.")
                                  .arg(error.databaseText().simplified()));
    return backendFailure(fallback);
}

[[noreturn]] inline void failToRead(const QSqlError& error)
{
    qCWarning(lcStore) << "reading rows failed:" << error.text();
    fail(storageError(error,
                      QCoreApplication::translate("SqlAccountEngine", "The account database could not be read.")));
}

// Steps `query` to its next row. A step that fails is an error, never the end of the rows: a damaged file must not
// read as a shorter list.
inline bool nextRow(QSqlQuery& query)
{
    if (query.next())
        return true;
    if (query.lastError().isValid())
        failToRead(query.lastError());
    return false;
}

// Values that repeat across 100,000 rows (role ids, inviters): share one string per value instead of a copy per row.
class IdInterner
{
public:
    QString intern(const QString& id)
    {
        auto it = m_ids.constFind(id);
        if (it == m_ids.constEnd())
            it = m_ids.insert(id, id); // the key views the string the value keeps
        return *it;
    }
    // A value read in place (SqliteRows::text): a string is made only for a value not seen before.
    QString intern(QStringView id)
    {
        auto it = m_ids.constFind(id);
        if (it == m_ids.constEnd()) {
            const QString kept = id.toString();
            it = m_ids.insert(kept, kept);
        }
        return *it;
    }

private:
    QHash<QStringView, QString> m_ids;
};

// An invitation from a row of InviteColumns, without its roles.
Invite inviteFromRow(const QSqlQuery& query);

// The audit line's detail for a role change, "+Ops -Admin": one wording for a single change and a bulk one.
QString roleChangeDetail(const RoleChange& change, const QList<Role>& toAdd, const QList<Role>& toRemove);

// One batch of a bulk change's targets, [start, end), bound for "id IN (…) OR email_key IN (…)": the ids as typed
// (trimmed), then their email keys, so that a batch finds people by id and by address alike.
QVariantList idsThenEmailKeys(const QStringList& targets, qsizetype start, qsizetype end);

} // namespace SqlEngine

template <typename T, typename Body>
Result<T> SqlAccountEngine::transact(Body&& body)
{
    auto db = database();
    if (!db.isOpen())
        return backendFailure(tr("The account database is not open."));
    if (m_readOnly)
        return readOnlyRefusal();
    // A store without Roster's tables holds no account; writing into it would only leave tables behind.
    if (!m_hasSchema)
        return notFound(tr("This store holds no account yet; create one with `roster-cli init`."));
    try {
        checkBeforeWriting();
    } catch (const SqlEngine::Failure& failure) {
        return failure.error;
    }
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
            if (control.exec(QStringLiteral("COMMIT"))) {
                committed();
                return value;
            }
            // A failed COMMIT ends a PostgreSQL transaction by itself; SQLite's stays open until rolled back.
            if (m_url.kind == StoreUrl::Kind::Sqlite)
                rollback();
            if (!SqlEngine::isSerializationFailure(control.lastError())) {
                qCWarning(lcStore) << "commit failed:" << control.lastError().text();
                return backendFailure(tr("The change could not be saved; nothing was changed."));
            }
        } catch (const SqlEngine::Failure& failure) {
            rollback();
            return failure.error;
        } catch (const SqlEngine::ConstraintViolation&) {
            rollback();
            return refused(tr("Someone else made a conflicting change at the same moment; nothing was changed. "
                              "Reload and try again."));
        } catch (const SqlEngine::SerializationFailure&) {
            rollback();
        }
        if (attempt == SqlEngine::MaxTransactionAttempts) {
            qCWarning(lcStore) << "gave up after" << attempt << "serialization failures";
            return refused(tr("Other admins are changing the account right now; nothing was changed. Try again."));
        }
        // Back off with jitter so that two retrying writers do not collide again in step.
        const int step = std::min(attempt, 7);
        QThread::msleep(quint64((2u << step) + QRandomGenerator::global()->bounded(5u << step)));
    }
}

template <typename T, typename Body>
Result<T> SqlAccountEngine::readOnly(Body&& body)
{
    auto db = database();
    if (!db.isOpen())
        return backendFailure(tr("The account database is not open."));
    if (!m_hasSchema)
        return notFound(tr("This store holds no account yet; create one with `roster-cli init`."));
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
    } catch (const SqlEngine::Failure& failure) {
        if (!std::exchange(m_rolledBack, false))
            control.exec(QStringLiteral("ROLLBACK"));
        return failure.error;
    } catch (const SqlEngine::ConstraintViolation&) {
        if (!std::exchange(m_rolledBack, false))
            control.exec(QStringLiteral("ROLLBACK"));
        return backendFailure(tr("The account database could not be read."));
    } catch (const SqlEngine::SerializationFailure&) {
        if (!std::exchange(m_rolledBack, false))
            control.exec(QStringLiteral("ROLLBACK"));
        return backendFailure(tr("The account database could not be read; try again."));
    }
}
