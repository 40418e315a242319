// `roster-cli serve`: the account and IAM paths of the Qdrant Cloud API, answered over an SQL store.
#pragma once

#include "domain.h"
#include "httplistener.h"
#include "result.h"
#include "storeurl.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QSet>
#include <QThreadPool>

#include <memory>
#include <optional>

class SqlStore;

class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)

public:
    // `tokens` maps a user token to the person it signs in; `keys` are management keys.
    ApiServer(const StoreUrl& url, QHash<QString, QString> tokens, QSet<QString> keys, QObject* parent = nullptr);
    ~ApiServer() override;

    // Reads the account, then listens; returns the port (useful with port 0).
    Result<quint16> start(const QHostAddress& address, quint16 port);
    // Delays every answer by `ms` without blocking others, to rehearse a slow network.
    void setLatency(int ms) { m_latencyMs = ms; }
    void setRequestTimeout(int ms) { m_listener.setRequestTimeout(ms); }
    QString accountId() const { return m_account.id; }
    // Answers `request` at once, on this thread, as the listener would: the fuzzer's way in, without sockets.
    HttpResponse answerNow(const HttpRequest& request);

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
    // The caller's own connection, and one with the Owner's rights for what any signed-in user may read.
    struct Stores
    {
        SqlStore* caller = nullptr;
        SqlStore* owner = nullptr;
    };

    std::optional<Caller> authenticate(const HttpRequest& request) const;
    std::optional<HttpResponse> admit(const HttpRequest& request) const;
    void answer(const HttpRequest& request, std::function<void(const HttpResponse&)> respond);
    Stores storesFor(const Caller& caller);
    Reply route(const HttpRequest& request, const Caller& caller, const Stores& stores) const;
    Reply accountRoute(const HttpRequest& request, const QStringList& path, SqlStore* store) const;
    Reply iamRoute(const HttpRequest& request, const QStringList& path, SqlStore* store) const;
    static Reply failure(const Error& error);

    StoreUrl m_url;
    QHash<QString, QString> m_tokens;
    QSet<QString> m_keys;
    Account m_account;
    int m_latencyMs = 0;
    QHash<QString, QList<std::shared_ptr<SqlStore>>> m_stores; // a few connections per caller identity
    QHash<QString, int> m_turns;
    QThreadPool m_pool;
    HttpListener m_listener;
};
