// A loopback HTTP proxy in front of `roster-cli serve`: it records every request and can fail some on purpose, so
// that the cloud store meets a flaky network without any mock of the API.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>

class FaultyProxy final : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray target; // path and query
        QByteArray body;
    };

    explicit FaultyProxy(quint16 upstreamPort);
    quint16 port() const { return m_server.serverPort(); }

    // Each GET fails with 503 on its first `count` attempts (per method and target), then passes.
    void failFirstGetAttempts(int count) { m_failGets = count; }
    // Each GET target answers 429 with "Retry-After: `seconds`" once, then passes.
    void throttleEachGetOnce(int seconds) { m_throttleSeconds = seconds; }

    // Every `method` request whose target contains `targetPart` fails with 500, without reaching the server.
    void failRequests(const QByteArray& method, const QByteArray& targetPart)
    {
        m_failMethod = method;
        m_failTarget = targetPart;
    }

    const QList<Request>& requests() const { return m_requests; }
    void clear() { m_requests.clear(); }

private:
    void handle(QTcpSocket* client, const QByteArray& head, const QByteArray& body);
    void forward(QTcpSocket* client, QByteArray head, const QByteArray& body);

    QTcpServer m_server;
    quint16 m_upstream;
    int m_failGets = 0;
    int m_throttleSeconds = -1;
    QByteArray m_failMethod;
    QByteArray m_failTarget;
    QHash<QByteArray, int> m_attempts;
    QList<Request> m_requests;
};
