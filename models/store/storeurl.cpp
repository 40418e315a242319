// Store URL parsing and the password-free display form.
#include "storeurl.h"

#include "secrets.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QUrl>

Result<StoreUrl> StoreUrl::parse(const QString& text)
{
    StoreUrl url;
    if (text.startsWith(QLatin1String("sqlite:"))) {
        url.kind = Kind::Sqlite;
        url.path = text.mid(7);
        if (url.path.startsWith(QLatin1String("//"))) {
            // sqlite:///abs/path is a URL with an empty host; sqlite://tmp/x.db names no host Roster could use.
            url.path = url.path.mid(2);
            if (!url.path.startsWith(QLatin1Char('/')))
                return usageError(tr("\"%1\" is not a file path: write sqlite:/path/to/roster.db or "
                                     "sqlite:///path/to/roster.db (or sqlite:relative/path.db).")
                                      .arg(text));
        }
        if (url.path.isEmpty())
            return usageError(tr("The store URL sqlite: needs a file path, as in sqlite:/path/to/roster.db."));
        url.path = QDir::cleanPath(QDir::current().absoluteFilePath(url.path));
        return url;
    }
    if (text.startsWith(QLatin1String("postgresql://")) || text.startsWith(QLatin1String("postgres://"))) {
        const QUrl parsed(text, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.host().isEmpty() || parsed.path().size() < 2)
            return usageError(tr("A PostgreSQL store URL looks like postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME."));
        url.kind = Kind::Postgresql;
        url.host = parsed.host();
        url.port = parsed.port(5432);
        url.database = parsed.path().mid(1);
        url.user = parsed.userName();
        url.password = parsed.password();
        Secrets::remember(url.password);
        return url;
    }
    if (text.startsWith(QLatin1String("cloud:"))) {
        url.kind = Kind::Cloud;
        url.accountId = text.mid(6);
        if (url.accountId.isEmpty())
            return usageError(tr("The store URL cloud: needs an account id, as in cloud:ACCOUNT_ID."));
        return url;
    }
    return usageError(tr("Unknown store URL \"%1\": use sqlite:PATH, postgresql://… or cloud:ACCOUNT_ID.")
                          .arg(text.section(QLatin1Char(':'), 0, 0)));
}

StoreUrl StoreUrl::defaultLocal()
{
    StoreUrl url;
    url.kind = Kind::Sqlite;
    url.path = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1String("/roster.db");
    return url;
}

QString StoreUrl::displayString() const
{
    switch (kind) {
    case Kind::Sqlite:
        return QLatin1String("sqlite:") + path;
    case Kind::Postgresql:
        return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
    case Kind::Cloud:
        return QLatin1String("cloud:") + accountId;
    }
    return {};
}
