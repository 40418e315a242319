// Parses requests incrementally from each socket, so nothing is held beyond the limits before it is refused.
#include "httplistener.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    default:
        return "Status";
    }
}

class Http
{
    Q_DECLARE_TR_FUNCTIONS(Http)
};

} // namespace

QByteArray apiErrorBody(int grpcCode, const QString& message)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("code"), grpcCode},
                                     {QStringLiteral("message"), message},
                                     {QStringLiteral("details"), QJsonArray()}})
        .toJson(QJsonDocument::Compact);
}

struct HttpListener::Connection
{
    QTcpSocket* socket = nullptr;
    QByteArray buffer;
    QTimer* deadline = nullptr; // from a request's first byte (or the connection's start) to its last
    std::optional<HttpRequest> pending; // headers read and admitted; waiting for the body
    qsizetype bodyLength = 0;
    bool busy = false; // a request is being answered: the next waits in the buffer
    bool closing = false;
};

HttpListener::HttpListener(Gate gate, Handler handler, QObject* parent)
    : QObject(parent)
    , m_gate(std::move(gate))
    , m_handler(std::move(handler))
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server.nextPendingConnection())
            accept(socket);
    });
}

quint16 HttpListener::listen(const QHostAddress& address, quint16 port)
{
    return m_server.listen(address, port) ? m_server.serverPort() : 0;
}

void HttpListener::accept(QTcpSocket* socket)
{
    auto connection = std::make_shared<Connection>();
    connection->socket = socket;
    socket->setParent(this);
    // Qt reads no further ahead than this: a client sending a gigabyte is held back by TCP, not buffered here.
    socket->setReadBufferSize(MaxHeaderBytes + MaxBodyBytes + 1);
    connection->deadline = new QTimer(socket);
    connection->deadline->setSingleShot(true);
    connection->deadline->setInterval(m_requestTimeoutMs);
    // An idle or half-sent connection holds nothing for long.
    connect(connection->deadline, &QTimer::timeout, socket, [socket] { socket->abort(); });
    connection->deadline->start();
    connect(socket, &QTcpSocket::readyRead, this, [this, connection] { readFrom(connection); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

HttpHead HttpListener::parseHead(QByteArray& buffer)
{
    const auto refuse = [](int status, const QString& message) {
        HttpHead head;
        head.state = HttpHead::State::Refused;
        head.refusal = {status, apiErrorBody(3, message)};
        return head;
    };
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (buffer.size() > MaxHeaderBytes)
            return refuse(431, Http::tr("The request's headers are too large."));
        return {};
    }
    if (end > MaxHeaderBytes)
        return refuse(431, Http::tr("The request's headers are too large."));
    const QByteArray bytes = buffer.left(end);
    buffer.remove(0, end + 4);
    const QList<QByteArray> lines = bytes.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
        return refuse(400, Http::tr("This is not an HTTP/1.1 request."));
    HttpHead head;
    head.state = HttpHead::State::Complete;
    head.request.method = requestLine.at(0);
    const QUrl target = QUrl::fromEncoded(requestLine.at(1));
    head.request.path = target.path();
    head.request.query = QUrlQuery(target);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            head.request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                        lines.at(i).mid(colon + 1).trimmed());
    }
    if (head.request.headers.contains("transfer-encoding"))
        return refuse(411, Http::tr("Send a Content-Length; chunked bodies are not taken."));
    bool ok = true;
    head.bodyLength = head.request.headers.value("content-length", "0").toLongLong(&ok);
    if (!ok || head.bodyLength < 0)
        return refuse(400, Http::tr("The Content-Length is not a number."));
    return head;
}

void HttpListener::readFrom(const std::shared_ptr<Connection>& connection)
{
    QTcpSocket* socket = connection->socket;
    if (connection->closing)
        return;
    // Read no more than a limit beyond what is allowed: a 1 GB body is refused, not buffered.
    const qsizetype room = (connection->pending ? connection->bodyLength : MaxHeaderBytes) - connection->buffer.size();
    connection->buffer += socket->read(qMax<qsizetype>(room, 0) + 1);
    if (connection->busy)
        return;
    if (!connection->pending) {
        HttpHead head = parseHead(connection->buffer);
        if (head.state == HttpHead::State::NeedMore)
            return;
        if (head.state == HttpHead::State::Refused)
            return send(connection, head.refusal, true);
        // Who is asking is known from the headers: a stranger's body is never read, nor is one too large.
        if (const auto refusal = m_gate(head.request))
            return send(connection, *refusal, true);
        if (head.bodyLength > MaxBodyBytes)
            return send(connection,
                        {413, apiErrorBody(3, Http::tr("The request body is larger than %1 bytes.").arg(MaxBodyBytes))},
                        true);
        connection->pending = head.request;
        connection->bodyLength = head.bodyLength;
    }
    if (connection->buffer.size() < connection->bodyLength) {
        connection->buffer += socket->read(connection->bodyLength - connection->buffer.size());
        if (connection->buffer.size() < connection->bodyLength)
            return;
    }
    HttpRequest request = *connection->pending;
    request.body = connection->buffer.left(connection->bodyLength);
    connection->buffer.remove(0, connection->bodyLength);
    connection->pending.reset();
    connection->bodyLength = 0;
    connection->busy = true;
    connection->deadline->stop(); // the server's own time is not the client's
    const bool close = request.headers.value("connection").toLower() == "close";
    QPointer<QTcpSocket> alive(socket);
    m_handler(request, [this, connection, close, alive](const HttpResponse& response) {
        if (!alive) // the client gave up meanwhile
            return;
        send(connection, response, close);
    });
}

void HttpListener::send(const std::shared_ptr<Connection>& connection, const HttpResponse& response, bool close)
{
    QTcpSocket* socket = connection->socket;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    head += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (close)
        head += "Connection: close\r\n";
    socket->write(head + "\r\n" + response.body);
    connection->busy = false;
    if (close) {
        connection->closing = true;
        socket->disconnectFromHost();
        return;
    }
    // The next request, if one already waits, and a fresh deadline for it.
    connection->deadline->start();
    if (!connection->buffer.isEmpty() || socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(
            this, [this, connection] { readFrom(connection); }, Qt::QueuedConnection);
}
