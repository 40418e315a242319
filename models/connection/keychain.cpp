// QtKeychain's jobs, as futures that finish on the caller's thread.
#include "keychain.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPromise>

Q_LOGGING_CATEGORY(lcKeychain, "roster.keychain")

namespace {

const QString Service = QStringLiteral("io.github.roster.Roster");

// Runs `job`, then hands it to `finish` once it is done; the job deletes itself afterwards.
template <typename Finish>
void runJob(QKeychain::Job* job, Finish finish)
{
    job->setAutoDelete(true);
    QObject::connect(job, &QKeychain::Job::finished, job, [finish](QKeychain::Job* done) { finish(done); });
    job->start();
}

} // namespace

QFuture<Result<QString>> SystemKeychain::read(const QString& key)
{
    auto promise = std::make_shared<QPromise<Result<QString>>>();
    promise->start();
    auto* job = new QKeychain::ReadPasswordJob(Service);
    job->setKey(key);
    runJob(job, [promise](QKeychain::Job* done) {
        Result<QString> result = QString();
        if (done->error() == QKeychain::NoError) {
            result = static_cast<QKeychain::ReadPasswordJob*>(done)->textData();
        } else if (done->error() != QKeychain::EntryNotFound) {
            qCInfo(lcKeychain) << "keychain read failed:" << done->errorString();
            result = backendFailure(QCoreApplication::translate("Keychain", "The system keychain is not available: %1")
                                        .arg(done->errorString()));
        }
        promise->addResult(result);
        promise->finish();
    });
    return promise->future();
}

QFuture<Outcome> SystemKeychain::write(const QString& key, const QString& secret)
{
    auto promise = std::make_shared<QPromise<Outcome>>();
    promise->start();
    auto* job = new QKeychain::WritePasswordJob(Service);
    job->setKey(key);
    job->setTextData(secret);
    runJob(job, [promise](QKeychain::Job* done) {
        Outcome result = Done{};
        if (done->error() != QKeychain::NoError)
            result = backendFailure(
                QCoreApplication::translate("Keychain", "The credential could not be saved in the system keychain: %1")
                    .arg(done->errorString()));
        promise->addResult(result);
        promise->finish();
    });
    return promise->future();
}
