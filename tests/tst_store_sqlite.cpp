// The store contract suite on a real SQLite file.
#include "sqlfixture.h"
#include "storecontract.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    SqlFixture fixture;
    return runStoreContract(&fixture, argc, argv);
}
