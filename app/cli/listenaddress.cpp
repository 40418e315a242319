// HOST:PORT, with IPv6 hosts in brackets as in a URL.
#include "listenaddress.h"

Result<ListenAddress> ListenAddress::parse(const QString& text)
{
    const bool bracketed = text.startsWith(QLatin1Char('['));
    const qsizetype colon = bracketed ? text.indexOf(QLatin1String("]:")) + 1 : text.lastIndexOf(QLatin1Char(':'));
    const QString host = bracketed ? text.mid(1, colon - 2) : text.left(colon);
    bool ok = colon > 0;
    const uint port = ok ? text.mid(colon + 1).toUInt(&ok) : 0;
    const QHostAddress address(host == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : host);
    if (!ok || port > 65535 || address.isNull())
        return usageError(tr("--listen takes HOST:PORT, as in 127.0.0.1:8080 or [::1]:8080, not \"%1\".").arg(text));
    if (!address.isLoopback())
        return usageError(
            tr("serve speaks plain HTTP, so it listens on loopback only (127.0.0.1 or [::1]), not %1.").arg(host));
    return ListenAddress{address, quint16(port)};
}

QString ListenAddress::urlHost() const
{
    return address.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
        : address.toString();
}
