// `roster-cli serve`: the account and IAM paths of the Qdrant Cloud API, answered over an SQL store.
#pragma once

#include "result.h"
#include "storeurl.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QSet>

#include <memory>

class SqlStore;

class ApiServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)

public:
    // `tokens` maps a user token to the member it signs in; `keys` are management keys.
    ApiServer(const StoreUrl& url, QHash<QString, QString> tokens, QSet<QString> keys, QObject* parent = nullptr);
    ~ApiServer() override;

    // Reads the account, then listens; returns the port (useful with port 0).
    Result<quint16> start(const QHostAddress& address, quint16 port);
    // Delays every answer by `ms` without blocking others, to rehearse a slow network.
    void setLatency(int ms) { m_latencyMs = ms; }

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Caller
    {
        bool managementKey = false;
        QString email; // empty for a management key: it acts with the Owner's rights
    };
    struct Reply
    {
        int status = 200;
        QJsonObject body;
    };

    std::optional<Caller> authenticate(const QHttpServerRequest& request) const;
    SqlStore* storeFor(const Caller& caller);
    Reply route(const QHttpServerRequest& request, const Caller& caller);
    Reply accountRoute(const QHttpServerRequest& request, const QStringList& path, SqlStore* store);
    Reply iamRoute(const QHttpServerRequest& request, const QStringList& path, SqlStore* store);
    static Reply failure(const Error& error);

    StoreUrl m_url;
    QHash<QString, QString> m_tokens;
    QSet<QString> m_keys;
    QString m_accountId;
    int m_latencyMs = 0;
    QHash<QString, std::shared_ptr<SqlStore>> m_stores; // one connection per caller identity
};
