// Sends requests, reads error() before anything else, maps HTTP/gRPC failures to admin-readable errors.
#include "cloudclient.h"

#include "apijson.h"
#include "secrets.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QPromise>
#include <QRandomGenerator>
#include <QTimer>

Q_LOGGING_CATEGORY(lcCloud, "roster.cloud")

namespace {

bool isLoopback(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

CloudCredential CloudCredential::fromEnvironment()
{
    CloudCredential credential;
    if (qEnvironmentVariableIsSet("QDRANT_CLOUD_TOKEN")) {
        credential.kind = Kind::UserToken;
        credential.secret = qEnvironmentVariable("QDRANT_CLOUD_TOKEN");
    } else if (qEnvironmentVariableIsSet("QDRANT_CLOUD_API_KEY")) {
        credential.kind = Kind::ManagementKey;
        credential.secret = qEnvironmentVariable("QDRANT_CLOUD_API_KEY");
    }
    return credential;
}

struct CloudClient::Call
{
    QByteArray method;
    QUrl url;
    QByteArray body;
    bool retryable = false;
    int attempt = 0;
    QPromise<Result<QJsonObject>> promise;
};

Result<QUrl> CloudClient::checkEndpoint(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return usageError(tr("\"%1\" is not a valid endpoint URL.").arg(text));
    if (url.scheme() == QLatin1String("https"))
        return url;
    if (url.scheme() == QLatin1String("http") && isLoopback(url.host()))
        return url;
    if (url.scheme() == QLatin1String("http"))
        return usageError(
            tr("Plain http:// is accepted only for this computer (loopback); use https:// for %1.").arg(url.host()));
    return usageError(tr("The endpoint must be an https:// URL."));
}

CloudClient::CloudClient(const CloudOptions& options, QObject* parent)
    : QObject(parent)
    , m_options(options)
{
    Secrets::remember(options.credential.secret);
    // Redirects may not downgrade to http or leave for another origin with our credentials.
    m_network.setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
}

QFuture<Result<QJsonObject>> CloudClient::get(const QString& path, const QUrlQuery& query)
{
    auto call = std::make_shared<Call>();
    call->method = "GET";
    call->url = m_options.endpoint.resolved(QUrl(path));
    call->url.setQuery(query);
    call->retryable = true;
    call->promise.start();
    auto future = call->promise.future();
    start(call);
    return future;
}

QFuture<Result<QJsonObject>> CloudClient::send(const QByteArray& method, const QString& path, const QJsonObject& body)
{
    auto call = std::make_shared<Call>();
    call->method = method;
    call->url = m_options.endpoint.resolved(QUrl(path));
    if (method != "DELETE")
        call->body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    call->promise.start();
    auto future = call->promise.future();
    start(call);
    return future;
}

void CloudClient::start(const std::shared_ptr<Call>& call)
{
    QNetworkRequest request(call->url);
    const QByteArray scheme = m_options.credential.kind == CloudCredential::Kind::ManagementKey ? "apikey " : "Bearer ";
    request.setRawHeader("Authorization", scheme + m_options.credential.secret.toUtf8());
    request.setRawHeader("Accept", "application/json");
    if (!call->body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(m_options.timeoutMs);
    ++call->attempt;
    ++m_requests;
    if (m_inFlight++ == 0)
        Q_EMIT busyChanged(true);
    qCDebug(lcCloud) << call->method << call->url.path(); // never the headers: they carry the credential
    QNetworkReply* reply = m_network.sendCustomRequest(request, call->method, call->body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, call] {
        reply->deleteLater();
        if (--m_inFlight == 0)
            Q_EMIT busyChanged(false);
        const QNetworkReply::NetworkError error = reply->error();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status == 0) {
            // No HTTP answer at all: timeout, refused connection, TLS failure.
            if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError)
                return finish(call,
                              backendFailure(tr("Qdrant Cloud did not answer within %1 s; nothing was changed "
                                                "on this side. Try again.")
                                                 .arg(m_options.timeoutMs / 1000.0)));
            if (error == QNetworkReply::SslHandshakeFailedError)
                return finish(call,
                              backendFailure(tr("The TLS certificate of %1 cannot be trusted: %2")
                                                 .arg(call->url.host(), reply->errorString())));
            const bool transient = call->retryable && call->attempt <= m_options.maxRetries;
            if (transient) {
                const int delay = backoffMs(call->attempt);
                return retryLater(call, delay,
                                  tr("Qdrant Cloud is not reachable; retrying in %1 s.").arg(qMax(1, delay / 1000)));
            }
            return finish(call, backendFailure(tr("Qdrant Cloud is not reachable: %1").arg(reply->errorString())));
        }
        if (status >= 200 && status < 300) {
            if (body.trimmed().isEmpty())
                return finish(call, QJsonObject());
            QJsonParseError parse;
            const QJsonDocument document = QJsonDocument::fromJson(body, &parse);
            if (parse.error != QJsonParseError::NoError || !document.isObject())
                return finish(
                    call,
                    backendFailure(tr("Qdrant Cloud sent a reply Roster cannot read (%1); nothing "
                                      "was changed here.")
                                       .arg(parse.error != QJsonParseError::NoError ? parse.errorString()
                                                                                    : tr("not a JSON object"))));
            return finish(call, document.object());
        }
        const bool transientStatus = status == 429 || status == 502 || status == 503 || status == 504;
        if (transientStatus && call->retryable && call->attempt <= m_options.maxRetries) {
            // The server's Retry-After wins over our own back-off.
            bool ok = false;
            const int retryAfter = reply->rawHeader("Retry-After").trimmed().toInt(&ok);
            const int delay = ok ? qBound(0, retryAfter, 60) * 1000 : backoffMs(call->attempt);
            return retryLater(
                call, delay,
                tr("Qdrant Cloud is busy (HTTP %1); retrying in %2 s.").arg(status).arg(qMax(1, delay / 1000)));
        }
        const QString message = ApiJson::errorMessage(body);
        const QString detail = message.isEmpty() ? tr("HTTP %1").arg(status) : message;
        switch (status) {
        case 400:
        case 409:
        case 412:
        case 422:
            return finish(call, refused(detail));
        case 401:
            return finish(call, permissionDenied(tr("Qdrant Cloud did not accept the credentials: %1").arg(detail)));
        case 403:
            return finish(call, permissionDenied(detail));
        case 404:
            return finish(call, notFound(detail));
        default:
            return finish(call, backendFailure(tr("Qdrant Cloud failed (HTTP %1): %2").arg(status).arg(detail)));
        }
    });
}

int CloudClient::backoffMs(int attempt) const
{
    const qint64 ceiling = qint64(m_options.retryBaseMs) << qBound(0, attempt - 1, 16);
    return int(QRandomGenerator::global()->bounded(qMin(ceiling, qint64(60000)) + 1));
}

void CloudClient::retryLater(const std::shared_ptr<Call>& call, int delayMs, const QString& message)
{
    Q_EMIT retrying(message);
    Q_EMIT retryScheduled(call->url.path(), delayMs);
    QTimer::singleShot(delayMs, this, [this, call] { start(call); });
}

void CloudClient::finish(const std::shared_ptr<Call>& call, Result<QJsonObject> result)
{
    if (!result)
        qCInfo(lcCloud) << call->method << call->url.path() << "failed:" << result.error().message;
    call->promise.addResult(std::move(result));
    call->promise.finish();
}
