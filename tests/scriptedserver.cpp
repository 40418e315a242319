// Reads one request per connection, writes the next scripted reply, and closes.
#include "scriptedserver.h"

#include <QTcpSocket>

ScriptedServer::ScriptedServer()
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            auto buffer = std::make_shared<QByteArray>();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                *buffer += socket->readAll();
                const int end = int(buffer->indexOf("\r\n\r\n"));
                if (end < 0)
                    return;
                const QByteArray head = buffer->left(end);
                int length = 0;
                for (const QByteArray& line : head.split('\n')) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toInt();
                }
                if (buffer->size() < end + 4 + length)
                    return;
                m_requests.append(QString::fromLatin1(head.left(head.indexOf(" HTTP/"))));
                buffer->clear();
                serve(socket);
            });
        }
    });
}

void ScriptedServer::serve(QTcpSocket* socket)
{
    const Reply reply = m_script.isEmpty()
        ? Reply{500, QByteArrayLiteral("{\"code\":13,\"message\":\"script ran out\"}")}
        : m_script.takeFirst();
    if (reply.hang)
        return;
    QByteArray response = "HTTP/1.1 " + QByteArray::number(reply.status) + " Scripted\r\n";
    response += "Content-Type: application/json\r\nConnection: close\r\n";
    for (const auto& [name, value] : reply.headers)
        response += name + ": " + value + "\r\n";
    const qsizetype promised = reply.truncate ? reply.body.size() + 100 : reply.body.size();
    response += "Content-Length: " + QByteArray::number(promised) + "\r\n\r\n" + reply.body;
    socket->write(response);
    socket->flush();
    socket->disconnectFromHost();
}
