// Domain → API JSON, as account.swagger.json and iam.swagger.json define the messages.
#include "apijson.h"

#include <QJsonArray>

namespace ApiJson {

QString timestamp(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QString inviteStatusEnum(InviteStatus status)
{
    return QLatin1String("ACCOUNT_INVITE_STATUS_") + inviteStatusName(status);
}

static QString subTypeEnum(SystemRole system)
{
    switch (system) {
    case SystemRole::Owner:
        return QStringLiteral("SYSTEM_ROLE_SUB_TYPE_OWNER");
    case SystemRole::Admin:
        return QStringLiteral("SYSTEM_ROLE_SUB_TYPE_ADMIN");
    case SystemRole::Base:
        return QStringLiteral("SYSTEM_ROLE_SUB_TYPE_BASE");
    case SystemRole::None:
        break;
    }
    return QStringLiteral("SYSTEM_ROLE_SUB_TYPE_UNSPECIFIED");
}

QJsonObject role(const Role& role, const QString& accountId)
{
    QJsonArray permissions;
    for (const auto& value : role.permissions)
        permissions.append(QJsonObject{{QStringLiteral("value"), value}});
    QJsonObject json{{QStringLiteral("id"), role.id},
                     {QStringLiteral("name"), role.name},
                     {QStringLiteral("description"), role.description},
                     {QStringLiteral("roleType"),
                      role.isSystem() ? QStringLiteral("ROLE_TYPE_SYSTEM") : QStringLiteral("ROLE_TYPE_CUSTOM")},
                     {QStringLiteral("permissions"), permissions},
                     {QStringLiteral("createdAt"), timestamp(role.createdAt)},
                     {QStringLiteral("lastModifiedAt"), timestamp(role.updatedAt)}};
    if (role.isSystem())
        json.insert(QStringLiteral("subType"), subTypeEnum(role.system));
    if (!accountId.isEmpty())
        json.insert(QStringLiteral("accountId"), accountId);
    return json;
}

QJsonObject invite(const Invite& invite, const QString& accountId)
{
    QJsonObject json{{QStringLiteral("id"), invite.id},
                     {QStringLiteral("userEmail"), invite.email},
                     {QStringLiteral("userRoleIds"), QJsonArray::fromStringList(invite.roleIds)},
                     {QStringLiteral("status"), inviteStatusEnum(invite.status)},
                     {QStringLiteral("createdByEmail"), invite.invitedBy},
                     {QStringLiteral("createdAt"), timestamp(invite.createdAt)},
                     {QStringLiteral("lastModifiedAt"), timestamp(invite.updatedAt)}};
    if (!accountId.isEmpty())
        json.insert(QStringLiteral("accountId"), accountId);
    return json;
}

QJsonObject user(const Member& member)
{
    return {{QStringLiteral("id"), member.id},
            {QStringLiteral("email"), member.email},
            {QStringLiteral("status"), QStringLiteral("USER_STATUS_ACTIVE")},
            {QStringLiteral("createdAt"), timestamp(member.joinedAt)}};
}

QJsonObject permission(const Permission& permission)
{
    return {{QStringLiteral("value"), permission.value}, {QStringLiteral("category"), permission.category}};
}

QJsonObject auditEvent(const AuditEvent& event)
{
    return {{QStringLiteral("id"), event.id},         {QStringLiteral("at"), timestamp(event.at)},
            {QStringLiteral("actor"), event.actor},   {QStringLiteral("action"), event.action},
            {QStringLiteral("target"), event.target}, {QStringLiteral("detail"), event.detail}};
}

} // namespace ApiJson
