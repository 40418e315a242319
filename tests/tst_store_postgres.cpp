// The store contract suite on a real PostgreSQL server.
#include "postgrestestdb.h"
#include "sqlfixture.h"
#include "storecontract.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const auto url = freshPostgresDatabase(QStringLiteral("roster_contract"));
    if (!url) {
        std::fprintf(stderr, "FAIL: %s\n", qPrintable(url.error().message));
        return 1;
    }
    SqlFixture fixture(url.value());
    return runStoreContract(&fixture, argc, argv);
}
