// The small HTTP/1.1 server behind `serve`, strict where the real API is: headers are capped, the caller is
// authenticated on the headers before any body is read, bodies are capped, and idle or half-sent connections
// are closed. Requests on one connection are answered in order; connections are served concurrently.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <QUrlQuery>

#include <functional>
#include <optional>

class QTcpSocket;

struct HttpRequest
{
    QByteArray method;
    QString path; // decoded
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
};

struct HttpResponse
{
    int status = 200;
    QByteArray body; // JSON
};

// What the bytes received so far say about the next request: its head, a refusal, or that more must come.
struct HttpHead
{
    enum class State {
        NeedMore,
        Refused,
        Complete,
    };
    State state = State::NeedMore;
    HttpRequest request; // without its body
    qsizetype bodyLength = 0;
    HttpResponse refusal;
};

class HttpListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpListener)

public:
    static constexpr qsizetype MaxHeaderBytes = 16 * 1024;
    static constexpr qsizetype MaxBodyBytes = 1024 * 1024;
    static constexpr int DefaultRequestTimeoutMs = 10000;

    // Looks at a request's headers alone; a response refuses it before its body is read.
    using Gate = std::function<std::optional<HttpResponse>(const HttpRequest& headersOnly)>;
    // Answers a whole request; `respond` may be called later, from this thread.
    using Handler = std::function<void(const HttpRequest& request, std::function<void(const HttpResponse&)> respond)>;

    HttpListener(Gate gate, Handler handler, QObject* parent = nullptr);

    // Reads one request's head from the front of `buffer` (and removes it there), within the header limit; the
    // caller judges the body's length once it knows who is asking.
    static HttpHead parseHead(QByteArray& buffer);

    // The port bound (useful with port 0), or 0.
    quint16 listen(const QHostAddress& address, quint16 port);
    QString errorString() const { return m_server.errorString(); }
    // From a request's first byte to its last, and the longest a connection may sit idle.
    void setRequestTimeout(int ms) { m_requestTimeoutMs = ms; }

private:
    struct Connection;
    void accept(QTcpSocket* socket);
    void readFrom(const std::shared_ptr<Connection>& connection);
    void send(const std::shared_ptr<Connection>& connection, const HttpResponse& response, bool close);

    QTcpServer m_server;
    Gate m_gate;
    Handler m_handler;
    int m_requestTimeoutMs = DefaultRequestTimeoutMs;
};

// An error body as the API shapes it: {"code": gRPC code, "message": …, "details": []}.
QByteArray apiErrorBody(int grpcCode, const QString& message);
