// A loopback HTTP server that answers each request with the next scripted reply, for fault tests.
#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpServer>

class ScriptedServer final : public QObject
{
    Q_OBJECT

public:
    struct Reply
    {
        Reply(int status = 200, QByteArray body = {}, QList<QPair<QByteArray, QByteArray>> headers = {})
            : status(status)
            , body(std::move(body))
            , headers(std::move(headers))
        {
        }

        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool hang = false; // never answer: the client's timeout must fire
        bool truncate = false; // promise more bytes than are sent, then close
    };

    ScriptedServer();
    quint16 port() const { return m_server.serverPort(); }
    void enqueue(const Reply& reply) { m_script.append(reply); }
    // "GET /api/…" for each request received, in order.
    const QStringList& requests() const { return m_requests; }

private:
    void serve(QTcpSocket* socket);

    QTcpServer m_server;
    QList<Reply> m_script;
    QStringList m_requests;
};
