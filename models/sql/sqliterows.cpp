#include "sqliterows.h"

#include "sqlengine_p.h"

#include <QSqlDriver>
#include <sqlite3.h>

sqlite3* SqliteRows::handleOf(const QSqlDatabase& db)
{
    // Qt's documented way to reach a driver's native handle. Qt's SQLite plug-in and this program link the same
    // system libsqlite3, so the handle is good for its functions.
    if (db.driverName() != QLatin1String("QSQLITE") || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.constData());
}

SqliteRows::SqliteRows(sqlite3* db, const char* sql, const QStringList& values)
    : m_db(db)
{
    int status = sqlite3_prepare_v2(db, sql, -1, &m_statement, nullptr);
    for (int i = 0; status == SQLITE_OK && i < values.size(); ++i) {
        const QString& value = values.at(i);
        status = sqlite3_bind_text16(m_statement, i + 1, value.utf16(), int(value.size() * sizeof(char16_t)),
                                     SQLITE_TRANSIENT);
    }
    if (status != SQLITE_OK) {
        // No destructor runs for an object whose constructor throws: the statement is freed here.
        const QSqlError error = lastError();
        sqlite3_finalize(m_statement);
        SqlEngine::failToRead(error);
    }
}

SqliteRows::~SqliteRows()
{
    sqlite3_finalize(m_statement);
}

bool SqliteRows::next()
{
    const int stepped = sqlite3_step(m_statement);
    if (stepped == SQLITE_ROW)
        return true;
    if (stepped == SQLITE_DONE)
        return false;
    SqlEngine::failToRead(lastError());
}

QStringView SqliteRows::text(int column) const
{
    // UTF-16, as Roster's files store text (so SQLite usually converts nothing), in a buffer SQLite keeps until
    // the next step.
    const auto* units = static_cast<const char16_t*>(sqlite3_column_text16(m_statement, column));
    const int bytes = sqlite3_column_bytes16(m_statement, column);
    return units ? QStringView(units, bytes / qsizetype(sizeof(char16_t))) : QStringView();
}

qint64 SqliteRows::integer(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QSqlError SqliteRows::lastError() const
{
    // As Qt's driver reports it, so that storageError() names a damaged file by SQLite's code.
    return QSqlError(QStringLiteral("SQLite"), QString::fromUtf8(sqlite3_errmsg(m_db)), QSqlError::StatementError,
                     QString::number(sqlite3_extended_errcode(m_db)));
}
