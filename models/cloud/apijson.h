// Protobuf-JSON shapes of the Qdrant Cloud API (lowerCamelCase, enums by name, RFC 3339 UTC times).
#pragma once

#include "domain.h"
#include "result.h"

#include <QJsonObject>

namespace ApiJson {
QString timestamp(const QDateTime& time);
QString inviteStatusEnum(InviteStatus status); // ACCOUNT_INVITE_STATUS_PENDING…
QJsonObject role(const Role& role, const QString& accountId = {});
QJsonObject invite(const Invite& invite, const QString& accountId = {});
QJsonObject user(const Member& member);
QJsonObject permission(const Permission& permission);
QJsonObject auditEvent(const AuditEvent& event);
QJsonObject account(const Account& account);

// Request bodies, with exactly the fields the swagger body schemas define: what the path already says (the account
// id, a role's id) is not repeated, and read-only fields are never sent.
QJsonObject createInviteBody(const QString& email, const QStringList& roleIds); // AccountServiceCreateAccountInviteBody
QJsonObject roleBody(const RoleDraft& draft); // IAMServiceCreateRoleBody and IAMServiceUpdateRoleBody
QJsonObject assignRolesBody(const QStringList& add, const QStringList& remove); // IAMServiceAssignUserRolesBody

// API JSON → domain. Strict: a missing required field or an unknown enum value is an error, so a
// malformed reply never becomes a half-filled row on screen.
Result<Member> parseUser(const QJsonObject& json);
Result<Invite> parseInvite(const QJsonObject& json);
Result<Role> parseRole(const QJsonObject& json);
Result<Account> parseAccount(const QJsonObject& json);
Result<QDateTime> parseTimestamp(const QJsonValue& value, const QString& field);
// An error body {"code", "message", "details"}: the message, or empty when the body is not one.
QString errorMessage(const QByteArray& body);
} // namespace ApiJson
