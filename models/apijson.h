// Protobuf-JSON shapes of the Qdrant Cloud API (lowerCamelCase, enums by name, RFC 3339 UTC times).
#pragma once

#include "domain.h"

#include <QJsonObject>

namespace ApiJson {
QString timestamp(const QDateTime& time);
QString inviteStatusEnum(InviteStatus status); // ACCOUNT_INVITE_STATUS_PENDING…
QJsonObject role(const Role& role, const QString& accountId = {});
QJsonObject invite(const Invite& invite, const QString& accountId = {});
QJsonObject user(const Member& member);
QJsonObject permission(const Permission& permission);
QJsonObject auditEvent(const AuditEvent& event);
} // namespace ApiJson
