// One request per client connection: read it whole, then answer a fault or pass it on and copy the answer back.
#include "faultyproxy.h"

#include <QTcpSocket>

#include <memory>

namespace {

// The length of a complete HTTP message in `buffer` (head, blank line, Content-Length body), or -1.
qsizetype completeLength(const QByteArray& buffer, qsizetype* headEnd)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return -1;
    qsizetype length = 0;
    for (const QByteArray& line : buffer.left(end).split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    *headEnd = end;
    return buffer.size() >= end + 4 + length ? end + 4 + length : -1;
}

QByteArray faultReply(int status, const QByteArray& extraHeaders)
{
    const QByteArray body = "{\"code\":14,\"message\":\"injected fault\",\"details\":[]}";
    return "HTTP/1.1 " + QByteArray::number(status)
        + " Fault\r\nContent-Type: application/json\r\nConnection: close\r\n" + extraHeaders
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

FaultyProxy::FaultyProxy(quint16 upstreamPort)
    : m_upstream(upstreamPort)
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* client = m_server.nextPendingConnection()) {
            client->setParent(this);
            auto buffer = std::make_shared<QByteArray>();
            connect(client, &QTcpSocket::readyRead, client, [this, client, buffer] {
                *buffer += client->readAll();
                qsizetype headEnd = 0;
                const qsizetype length = completeLength(*buffer, &headEnd);
                if (length < 0)
                    return;
                const QByteArray head = buffer->left(headEnd);
                const QByteArray body = buffer->mid(headEnd + 4, length - headEnd - 4);
                buffer->remove(0, length);
                handle(client, head, body);
            });
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        }
    });
}

void FaultyProxy::handle(QTcpSocket* client, const QByteArray& head, const QByteArray& body)
{
    const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
    const Request request{requestLine.value(0), requestLine.value(1), body};
    m_requests.append(request);
    if (!m_failMethod.isEmpty() && request.method == m_failMethod && request.target.contains(m_failTarget)) {
        client->write(faultReply(500, {}));
        client->disconnectFromHost();
        return;
    }
    if (request.method == "GET") {
        const int attempt = ++m_attempts[request.method + ' ' + request.target];
        if (attempt <= m_failGets) {
            client->write(faultReply(503, {}));
            client->disconnectFromHost();
            return;
        }
        if (m_throttleSeconds >= 0 && attempt == 1) {
            client->write(faultReply(429, "Retry-After: " + QByteArray::number(m_throttleSeconds) + "\r\n"));
            client->disconnectFromHost();
            return;
        }
    }
    forward(client, head, body);
}

void FaultyProxy::forward(QTcpSocket* client, QByteArray head, const QByteArray& body)
{
    // One request per upstream connection; the answer goes back whole, then both sides close.
    head.replace("Connection: keep-alive", "Connection: close");
    auto* upstream = new QTcpSocket(client);
    auto answer = std::make_shared<QByteArray>();
    connect(upstream, &QTcpSocket::connected, upstream,
            [upstream, head, body] { upstream->write(head + "\r\n\r\n" + body); });
    connect(upstream, &QTcpSocket::readyRead, upstream, [client, upstream, answer] {
        *answer += upstream->readAll();
        qsizetype headEnd = 0;
        if (completeLength(*answer, &headEnd) < 0)
            return;
        // The client must not reuse a connection this proxy is about to close.
        QByteArray reply = *answer;
        if (!reply.left(headEnd).toLower().contains("\r\nconnection:"))
            reply.insert(reply.indexOf("\r\n") + 2, "Connection: close\r\n");
        client->write(reply);
        client->disconnectFromHost();
        upstream->disconnectFromHost();
    });
    upstream->connectToHost(QHostAddress::LocalHost, m_upstream);
}
