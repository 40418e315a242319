// The one HTTP client of the Qdrant Cloud backend: credentials, timeouts, retries and error mapping.
#pragma once

#include "result.h"

#include <QFuture>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

struct CloudCredential
{
    enum class Kind {
        ManagementKey, // Authorization: apikey KEY
        UserToken, // Authorization: Bearer TOKEN
    };
    Kind kind = Kind::UserToken;
    QString secret; // never logged, never shown

    // From $QDRANT_CLOUD_TOKEN, else $QDRANT_CLOUD_API_KEY; empty secret when neither is set.
    static CloudCredential fromEnvironment();
};

struct CloudOptions
{
    QUrl endpoint;
    QString accountId;
    CloudCredential credential;
    int timeoutMs = 30000;
    int retryBaseMs = 1000; // the first back-off's ceiling when the server gives no Retry-After
    int maxRetries = 3;
    QString journalPath; // the journal of changes made from here; empty: CloudJournal::defaultPath()
};

class CloudClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloudClient)

public:
    static constexpr const char* DefaultEndpoint = "https://api.cloud.qdrant.io";

    // https://, or http:// on a loopback host only: credentials never cross a network in clear text.
    static Result<QUrl> checkEndpoint(const QString& text);

    CloudClient(const CloudOptions& options, QObject* parent = nullptr);

    const CloudOptions& options() const { return m_options; }
    // GETs are retried on 429, 502, 503 and 504, honouring Retry-After, at most maxRetries times.
    QFuture<Result<QJsonObject>> get(const QString& path, const QUrlQuery& query = {});
    // Mutations are sent once: a lost reply is reported, never replayed.
    QFuture<Result<QJsonObject>> send(const QByteArray& method, const QString& path, const QJsonObject& body = {});

    int requestCount() const { return m_requests; }
    int requestsInFlight() const { return m_inFlight; }

Q_SIGNALS:
    void busyChanged(bool busy);
    // "Qdrant Cloud is not reachable; retrying in 4 s"
    void retrying(const QString& message);
    // The same, for whoever measures: which path is sent again, after how many milliseconds.
    void retryScheduled(const QString& path, int delayMs);

private:
    struct Call;
    void start(const std::shared_ptr<Call>& call);
    void finish(const std::shared_ptr<Call>& call, Result<QJsonObject> result);
    // Sends `call` again after `delayMs`, and says so.
    void retryLater(const std::shared_ptr<Call>& call, int delayMs, const QString& message);
    // Exponential back-off with full jitter: a random wait up to retryBaseMs · 2^(attempt−1), so requests that
    // failed together do not come back together.
    int backoffMs(int attempt) const;

    CloudOptions m_options;
    QNetworkAccessManager m_network;
    int m_requests = 0;
    int m_inFlight = 0;
};
