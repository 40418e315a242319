// Where `serve` listens: HOST:PORT or [IPv6]:PORT, on this computer only.
#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QHostAddress>

struct ListenAddress
{
    Q_DECLARE_TR_FUNCTIONS(ListenAddress)

public:
    QHostAddress address;
    quint16 port = 0;

    // Refuses anything but a loopback address: serve speaks plain HTTP and carries credentials.
    static Result<ListenAddress> parse(const QString& text);
    // "127.0.0.1" or "[::1]", as a URL spells the host.
    QString urlHost() const;
};
