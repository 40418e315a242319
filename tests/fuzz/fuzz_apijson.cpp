// Fuzzes the readers of Qdrant Cloud replies: any bytes must give a value or a clear error, never a crash.
#include "apijson.h"

#include <QJsonArray>
#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    ApiJson::errorMessage(bytes);
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    QList<QJsonObject> objects{document.object()};
    for (const auto& item : document.array())
        objects.append(item.toObject());
    for (const auto& field : {"user", "role", "accountInvite", "invite"})
        objects.append(document.object().value(QLatin1String(field)).toObject());
    for (const auto& object : objects) {
        (void)ApiJson::parseUser(object);
        (void)ApiJson::parseInvite(object);
        (void)ApiJson::parseRole(object);
        (void)ApiJson::parseTimestamp(object.value(QStringLiteral("createdAt")), QStringLiteral("createdAt"));
    }
    return 0;
}
