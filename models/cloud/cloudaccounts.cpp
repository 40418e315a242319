#include "cloudaccounts.h"

#include "apijson.h"
#include "cloudfuture.h"

#include <QJsonArray>

CloudAccounts::CloudAccounts(QObject* parent)
    : QObject(parent)
{
}

QFuture<Result<QList<Account>>> CloudAccounts::list(const QUrl& endpoint, const CloudCredential& credential)
{
    CloudOptions options;
    options.endpoint = endpoint;
    options.credential = credential;
    // Someone is waiting at a dialog: one retry at most, and no half-minute wait.
    options.timeoutMs = 15000;
    options.maxRetries = 1;
    auto* client = new CloudClient(options, this);
    return CloudFuture::then(client->get(QStringLiteral("/api/account/v1/accounts")),
                             [client](const Result<QJsonObject>& reply) -> Result<QList<Account>> {
                                 client->deleteLater();
                                 if (!reply)
                                     return reply.error();
                                 QList<Account> accounts;
                                 for (const auto& item : reply.value().value(QStringLiteral("items")).toArray()) {
                                     auto account = ApiJson::parseAccount(item.toObject());
                                     if (!account)
                                         return account.error();
                                     accounts.append(account.takeValue());
                                 }
                                 return accounts;
                             });
}

QString CloudAccounts::label(const Account& account)
{
    return account.name.isEmpty() ? account.id : tr("%1 (%2)").arg(account.name, account.id);
}
