// serve: the Qdrant Cloud API's account and IAM paths over a local store, for tests and rehearsals.
#include "apiserver.h"
#include "cli.h"
#include "secrets.h"

#include <QHostAddress>

namespace {

class ServeCommand
{
    Q_DECLARE_TR_FUNCTIONS(ServeCommand)

public:
    static int serve(Cli& cli)
    {
        const QString listen = cli.isSet(QStringLiteral("listen")) ? cli.value(QStringLiteral("listen"))
                                                                   : QStringLiteral("127.0.0.1:8080");
        // HOST:PORT, or [IPv6]:PORT as in a URL.
        const bool bracketed = listen.startsWith(QLatin1Char('['));
        const qsizetype colon =
            bracketed ? listen.indexOf(QLatin1String("]:")) + 1 : listen.lastIndexOf(QLatin1Char(':'));
        const QString host = bracketed ? listen.mid(1, colon - 2) : listen.left(colon);
        bool ok = colon > 0;
        const uint port = ok ? listen.mid(colon + 1).toUInt(&ok) : 0;
        const QHostAddress address(host == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : host);
        if (!ok || port > 65535 || address.isNull())
            return cli.fail(usageError(
                tr("--listen takes HOST:PORT, as in 127.0.0.1:8080 or [::1]:8080, not \"%1\".").arg(listen)));
        // serve speaks plain HTTP and carries credentials: it stays on this computer.
        if (!address.isLoopback())
            return cli.fail(usageError(
                tr("serve speaks plain HTTP, so it listens on loopback only (127.0.0.1 or [::1]), not %1.").arg(host)));
        QHash<QString, QString> tokens;
        for (const auto& pair :
             qEnvironmentVariable("ROSTER_SERVE_TOKENS").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString token = pair.section(QLatin1Char('='), 0, 0).trimmed();
            const QString email = pair.section(QLatin1Char('='), 1).trimmed();
            if (!token.isEmpty() && !email.isEmpty()) {
                tokens.insert(token, email);
                Secrets::remember(token);
            }
        }
        QSet<QString> keys;
        for (const auto& key :
             qEnvironmentVariable("ROSTER_SERVE_API_KEYS").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!key.trimmed().isEmpty()) {
                keys.insert(key.trimmed());
                Secrets::remember(key.trimmed());
            }
        }
        if (tokens.isEmpty() && keys.isEmpty())
            return cli.fail(usageError(
                tr("serve needs credentials to accept: set ROSTER_SERVE_API_KEYS and/or ROSTER_SERVE_TOKENS.")));
        ApiServer server(cli.url(), tokens, keys);
        server.setLatency(qEnvironmentVariableIntValue("ROSTER_SERVE_LATENCY_MS"));
        // How long a connection may sit idle or half-sent before it is closed (tests shorten it).
        if (const int timeout = qEnvironmentVariableIntValue("ROSTER_SERVE_REQUEST_TIMEOUT_MS"); timeout > 0)
            server.setRequestTimeout(timeout);
        const auto bound = server.start(address, quint16(port));
        if (!bound)
            return cli.fail(bound.error());
        Cli::out() << tr("Serving %1 on http://%2:%3")
                          .arg(cli.url().displayString(),
                               address.protocol() == QAbstractSocket::IPv6Protocol
                                   ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                                   : address.toString())
                          .arg(bound.value())
                   << Qt::endl;
        return QCoreApplication::exec();
    }
};

} // namespace

QList<Cli::Command> serveCommands()
{
    return {{{QStringLiteral("serve")},
             QStringLiteral("serve [--listen 127.0.0.1:PORT]"),
             0,
             0,
             {{QStringLiteral("listen"), QStringLiteral("HOST:PORT")}},
             &ServeCommand::serve,
             Cli::Needs::LocalUrl}};
}
