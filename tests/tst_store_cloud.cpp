// The store contract suite on the cloud backend: CloudStore over real HTTP to `roster-cli serve`.
#include "cloudfixture.h"
#include "storecontract.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    CloudFixture fixture;
    return runStoreContract(&fixture, argc, argv);
}
