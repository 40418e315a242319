// Stores secrets under one service name; the key names the profile, never the secret.
#include "credentialvault.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QEventLoop>

namespace CredentialVault {

static const QString Service = QStringLiteral("io.github.roster.Roster");

Result<QString> read(const QString& key)
{
    QKeychain::ReadPasswordJob job(Service);
    job.setAutoDelete(false);
    job.setKey(key);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (job.error() == QKeychain::EntryNotFound)
        return QString();
    if (job.error() != QKeychain::NoError)
        return backendFailure(QCoreApplication::translate("CredentialVault", "The system keychain is not available: %1")
                                  .arg(job.errorString()));
    return job.textData();
}

Outcome write(const QString& key, const QString& secret)
{
    QKeychain::WritePasswordJob job(Service);
    job.setAutoDelete(false);
    job.setKey(key);
    job.setTextData(secret);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (job.error() != QKeychain::NoError)
        return backendFailure(QCoreApplication::translate("CredentialVault",
                                                          "The credential could not be saved in the "
                                                          "system keychain: %1")
                                  .arg(job.errorString()));
    return Done{};
}

} // namespace CredentialVault
