// Domain → API JSON, as account.swagger.json and iam.swagger.json define the messages.
#include "apijson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcApiJson, "roster.cloud.json")

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

QJsonObject account(const Account& account)
{
    return {{QStringLiteral("id"), account.id},
            {QStringLiteral("name"), account.name},
            {QStringLiteral("createdAt"), timestamp(account.createdAt)}};
}

static Error malformed(const QString& what)
{
    return backendFailure(
        QCoreApplication::translate("ApiJson", "Qdrant Cloud sent a reply Roster cannot read: %1.").arg(what));
}

static Result<QString> requiredString(const QJsonObject& json, const char* field)
{
    const QJsonValue value = json.value(QLatin1String(field));
    if (!value.isString() || value.toString().isEmpty())
        return malformed(QStringLiteral("\"%1\" is missing").arg(QLatin1String(field)));
    return value.toString();
}

QJsonObject createInviteBody(const QString& email, const QStringList& roleIds)
{
    return QJsonObject{{QStringLiteral("accountInvite"),
                        QJsonObject{{QStringLiteral("userEmail"), email},
                                    {QStringLiteral("userRoleIds"), QJsonArray::fromStringList(roleIds)}}}};
}

QJsonObject roleBody(const RoleDraft& draft)
{
    QJsonArray permissions;
    QStringList values = draft.permissions.values();
    values.sort();
    for (const auto& value : values)
        permissions.append(QJsonObject{{QStringLiteral("value"), value}});
    return QJsonObject{{QStringLiteral("role"),
                        QJsonObject{{QStringLiteral("name"), draft.name.trimmed()},
                                    {QStringLiteral("description"), draft.description.trimmed()},
                                    {QStringLiteral("roleType"), QStringLiteral("ROLE_TYPE_CUSTOM")},
                                    {QStringLiteral("permissions"), permissions}}}};
}

QJsonObject assignRolesBody(const QStringList& add, const QStringList& remove)
{
    return QJsonObject{{QStringLiteral("roleIdsToAdd"), QJsonArray::fromStringList(add)},
                       {QStringLiteral("roleIdsToDelete"), QJsonArray::fromStringList(remove)}};
}

Result<QDateTime> parseTimestamp(const QJsonValue& value, const QString& field)
{
    if (value.isUndefined() || value.isNull())
        return QDateTime(); // optional in the API; shown as unknown
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        return malformed(QStringLiteral("\"%1\" is not an RFC 3339 time").arg(field));
    return time.toUTC();
}

// createdAt and lastModifiedAt, the pair every API message carries.
static std::optional<Error> parseTimes(const QJsonObject& json, QDateTime* created, QDateTime* modified)
{
    const auto createdAt = parseTimestamp(json.value(QStringLiteral("createdAt")), QStringLiteral("createdAt"));
    if (!createdAt)
        return createdAt.error();
    const auto modifiedAt =
        parseTimestamp(json.value(QStringLiteral("lastModifiedAt")), QStringLiteral("lastModifiedAt"));
    if (!modifiedAt)
        return modifiedAt.error();
    *created = createdAt.value();
    *modified = modifiedAt.value();
    return std::nullopt;
}

// Says once per value that a reply held something this version does not know.
static void noteUnknownValue(const QString& what, const QString& value)
{
    static QSet<QString> noted;
    if (!noted.contains(what + value)) {
        noted.insert(what + value);
        qCWarning(lcApiJson) << "Qdrant Cloud sent an unknown" << what << value << "; shown as Unknown, read-only";
    }
}

Result<Member> parseUser(const QJsonObject& json)
{
    const auto id = requiredString(json, "id");
    const auto email = requiredString(json, "email");
    if (!id)
        return id.error();
    if (!email)
        return email.error();
    const auto created = parseTimestamp(json.value(QStringLiteral("createdAt")), QStringLiteral("createdAt"));
    if (!created)
        return created.error();
    const QString status = json.value(QStringLiteral("status")).toString(QStringLiteral("USER_STATUS_ACTIVE"));
    static const QStringList known = {QStringLiteral("USER_STATUS_UNSPECIFIED"), QStringLiteral("USER_STATUS_ACTIVE"),
                                      QStringLiteral("USER_STATUS_BLOCKED"), QStringLiteral("USER_STATUS_DELETED")};
    if (!known.contains(status))
        noteUnknownValue(QStringLiteral("user status"), status); // a member all the same
    Member member;
    member.id = id.value();
    member.email = email.value();
    member.joinedAt = created.value();
    return member;
}

Result<Account> parseAccount(const QJsonObject& json)
{
    const auto id = requiredString(json, "id");
    if (!id)
        return id.error();
    Account account;
    account.id = id.value();
    // The name is optional in the swagger; an account without one is shown by its id.
    account.name = json.value(QStringLiteral("name")).toString();
    if (json.contains(QStringLiteral("createdAt"))) {
        const auto created = parseTimestamp(json.value(QStringLiteral("createdAt")), QStringLiteral("createdAt"));
        if (!created)
            return created.error();
        account.createdAt = created.value();
    }
    return account;
}

Result<Invite> parseInvite(const QJsonObject& json)
{
    const auto id = requiredString(json, "id");
    const auto email = requiredString(json, "userEmail");
    if (!id)
        return id.error();
    if (!email)
        return email.error();
    const QString status = json.value(QStringLiteral("status")).toString();
    Invite invite;
    // A status Qdrant adds later (an expiry, say) must not make the whole account unreadable: the invitation is
    // shown as Unknown, read-only.
    if (!status.startsWith(QLatin1String("ACCOUNT_INVITE_STATUS_"))
        || !inviteStatusFromName(status.mid(22), &invite.status) || invite.status == InviteStatus::Unknown) {
        invite.status = InviteStatus::Unknown;
        invite.unknownStatus = status.isEmpty() ? QStringLiteral("(none)") : status;
        noteUnknownValue(QStringLiteral("invitation status"), invite.unknownStatus);
    }
    invite.id = id.value();
    invite.email = email.value();
    for (const auto& roleId : json.value(QStringLiteral("userRoleIds")).toArray())
        invite.roleIds.append(roleId.toString());
    invite.invitedBy = json.value(QStringLiteral("createdByEmail")).toString();
    if (auto error = parseTimes(json, &invite.createdAt, &invite.updatedAt))
        return *error;
    return invite;
}

Result<Role> parseRole(const QJsonObject& json)
{
    const auto id = requiredString(json, "id");
    const auto name = requiredString(json, "name");
    if (!id)
        return id.error();
    if (!name)
        return name.error();
    Role role;
    role.id = id.value();
    role.name = name.value();
    role.description = json.value(QStringLiteral("description")).toString();
    const QString type = json.value(QStringLiteral("roleType")).toString();
    if (type == QLatin1String("ROLE_TYPE_SYSTEM")) {
        const QString sub = json.value(QStringLiteral("subType")).toString();
        for (auto system : {SystemRole::Base, SystemRole::Admin, SystemRole::Owner}) {
            if (sub == subTypeEnum(system))
                role.system = system;
        }
        if (role.system == SystemRole::None) {
            role.unknownType = sub.isEmpty() ? type : sub;
            noteUnknownValue(QStringLiteral("system role"), role.unknownType);
        }
    } else if (type != QLatin1String("ROLE_TYPE_CUSTOM")) {
        role.unknownType = type.isEmpty() ? QStringLiteral("(none)") : type;
        noteUnknownValue(QStringLiteral("role type"), role.unknownType);
    }
    for (const auto& permission : json.value(QStringLiteral("permissions")).toArray()) {
        const QString value = permission.toObject().value(QStringLiteral("value")).toString();
        if (value.isEmpty())
            return malformed(QStringLiteral("a permission of role %1 has no value").arg(role.name));
        role.permissions.append(value);
    }
    role.permissions.sort();
    if (auto error = parseTimes(json, &role.createdAt, &role.updatedAt))
        return *error;
    return role;
}

QString errorMessage(const QByteArray& body)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    return json.value(QStringLiteral("message")).toString();
}

} // namespace ApiJson
