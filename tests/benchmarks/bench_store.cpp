// Prints store figures on one backend: seeding, listing 100,000 members with their roles, and
// invites per second from two concurrent writers. A benchmark: it prints, it asserts nothing.
#include "awaitfuture.h"
#include "sqlstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_store STORE_URL [MEMBERS]\n");
        return 1;
    }
    const auto url = StoreUrl::parse(QString::fromLocal8Bit(argv[1]));
    if (!url)
        return 1;
    const int members = argc > 2 ? QByteArray(argv[2]).toInt() : 100000;
    SqlStore store(url.value(), {});
    if (!awaitFuture(store.open(SqlAccountEngine::OpenMode::CreateIfMissing)))
        return 1;
    QElapsedTimer timer;
    timer.start();
    const auto seeded = awaitFuture(store.seedDemo({members, 2000, 8, 1, QStringLiteral("owner@example.com")}));
    if (!seeded) {
        std::fprintf(stderr, "%s\n", qPrintable(seeded.error().message));
        return 1;
    }
    std::printf("[%s] seed %d members: %.1f s\n", argv[1], members, timer.nsecsElapsed() / 1e9);

    QList<double> loads;
    for (int i = 0; i < 3; ++i) {
        timer.restart();
        const auto snapshot = awaitFuture(store.loadAccount());
        loads.append(timer.nsecsElapsed() / 1e6);
        if (i == 0)
            std::printf("[%s] members with roles: %lld rows\n", argv[1],
                        static_cast<long long>(snapshot.value().members.size()));
    }
    std::sort(loads.begin(), loads.end());
    std::printf("[%s] list members with their roles: median %.0f ms (min %.0f, max %.0f)\n", argv[1], loads.at(1),
                loads.first(), loads.last());

    // Two admins, two connections, each sending one invite per transaction as fast as it can.
    SqlStore second(url.value(), {});
    if (!awaitFuture(second.open(SqlAccountEngine::OpenMode::MustExist)))
        return 1;
    constexpr int PerWriter = 500;
    QList<QFuture<Result<InviteReport>>> futures;
    timer.restart();
    for (int i = 0; i < PerWriter; ++i) {
        futures.append(store.invite({QStringLiteral("writer1.%1@bench.example.com").arg(i)}, {}));
        futures.append(second.invite({QStringLiteral("writer2.%1@bench.example.com").arg(i)}, {}));
    }
    int refused = 0;
    for (auto& future : futures)
        refused += awaitFuture(future).ok() ? 0 : 1;
    const double seconds = timer.nsecsElapsed() / 1e9;
    std::printf("[%s] two concurrent writers: %d invites in %.2f s = %.0f invites/s (%d refused)\n", argv[1],
                2 * PerWriter, seconds, 2 * PerWriter / seconds, refused);
    return 0;
}
