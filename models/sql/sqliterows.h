// Rows read straight through SQLite's C API, on the connection Qt's driver opened, for the reads that take the whole
// account. There QSqlQuery cost more than SQLite itself: a QVariant per value, each row copied into a cache, and
// a new string for every id that was only looked up. Statements are prepared and values bound, as everywhere else.
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>
#include <QStringView>

struct sqlite3;
struct sqlite3_stmt;

class SqliteRows
{
    Q_DISABLE_COPY_MOVE(SqliteRows)

public:
    // The connection's own handle, or null when `db` is not a SQLite connection.
    static sqlite3* handleOf(const QSqlDatabase& db);

    // Prepares `sql` and binds `values` as text, in order. Fails (SqlEngine::fail) when SQLite refuses the statement.
    SqliteRows(sqlite3* db, const char* sql, const QStringList& values = {});
    ~SqliteRows();

    // The next row, or false after the last. A failed step fails the read: a damaged file must not read as a
    // shorter list.
    bool next();

    // Valid until the next call of next().
    QStringView text(int column) const;
    QString string(int column) const { return text(column).toString(); }
    qint64 integer(int column) const;

private:
    QSqlError lastError() const;

    sqlite3* m_db;
    sqlite3_stmt* m_statement = nullptr;
};
