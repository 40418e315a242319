// Which Qdrant Cloud accounts a credential can see (ListAccounts), so that nobody has to paste an account's id.
#pragma once

#include "cloudclient.h"
#include "domain.h"

#include <QFuture>
#include <QObject>

class CloudAccounts final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloudAccounts)

public:
    explicit CloudAccounts(QObject* parent = nullptr);

    // Asks `endpoint` with `credential`. Each call has a client of its own, gone once the answer is in; a
    // credential is never kept here.
    QFuture<Result<QList<Account>>> list(const QUrl& endpoint, const CloudCredential& credential);

    // "Production (0f3c…)", or the id alone when the account has no name.
    static QString label(const Account& account);
};
