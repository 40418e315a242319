// Prints how long User Management takes to load over the cloud API: requests and wall time, with the
// latency that ROSTER_SERVE_LATENCY_MS adds to every answer of `roster-cli serve`. Figures, no assertions.
#include "awaitfuture.h"
#include "cloudstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // Figures only: the client's request log (one line per call) is for diagnosing, with QT_LOGGING_RULES.
    QLoggingCategory::setFilterRules(QStringLiteral("roster.*.debug=false"));
    // The token comes from the environment, as the programs take it: never on a command line.
    const QString token = qEnvironmentVariable("QDRANT_CLOUD_TOKEN");
    if (argc < 3 || token.isEmpty()) {
        std::fprintf(stderr, "usage: QDRANT_CLOUD_TOKEN=TOKEN bench_cloud ENDPOINT ACCOUNT_ID\n");
        return 1;
    }
    CloudOptions options;
    options.endpoint = QUrl(QString::fromLocal8Bit(argv[1]));
    options.accountId = QString::fromLocal8Bit(argv[2]);
    options.credential = {CloudCredential::Kind::UserToken, token};
    for (int run = 0; run < 3; ++run) {
        CloudStore store(options);
        QElapsedTimer timer;
        timer.start();
        const auto snapshot = awaitFuture(store.loadAccount());
        if (!snapshot) {
            std::fprintf(stderr, "%s\n", qPrintable(snapshot.error().message));
            return 1;
        }
        std::printf("User Management over the API: %lld members, %lld roles, %d requests, %.0f ms\n",
                    static_cast<long long>(snapshot.value().members.size()),
                    static_cast<long long>(snapshot.value().roles.size()), store.client()->requestCount(),
                    timer.nsecsElapsed() / 1e6);
    }
    return 0;
}
