// serve: the Qdrant Cloud API's account and IAM paths over a local store, for tests and rehearsals.
#include "apiserver.h"
#include "cli.h"
#include "listenaddress.h"
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
        const auto listenAt = ListenAddress::parse(listen);
        if (!listenAt)
            return cli.fail(listenAt.error());
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
        const auto bound = server.start(listenAt.value().address, listenAt.value().port);
        if (!bound)
            return cli.fail(bound.error());
        const QString endpoint = QStringLiteral("http://%1:%2").arg(listenAt.value().urlHost()).arg(bound.value());
        Cli::out() << tr("Serving %1 on %2").arg(cli.url().displayString(), endpoint) << Qt::endl;
        // What to give the console or roster-cli to reach this account through the API.
        Cli::out() << tr("Account %1: connect with --store cloud:%1 --endpoint %2").arg(server.accountId(), endpoint)
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
