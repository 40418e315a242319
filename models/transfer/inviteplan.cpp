// Judges each row: the address, the input's own duplicates, then whether it is already so in the account (then it is
// skipped, whatever it asks), then its roles.
#include "inviteplan.h"

InvitePlan::Account InvitePlan::Account::fromPeople(const ActorContext& actor, const QList<Role>& roles,
                                                    const QList<Member>& members, const QList<Invite>& pendingInvites)
{
    QSet<QString> memberKeys;
    memberKeys.reserve(members.size());
    for (const auto& member : members)
        memberKeys.insert(emailKey(member.email));
    QHash<QString, QString> inviters;
    for (const auto& invite : pendingInvites)
        inviters.insert(emailKey(invite.email), invite.invitedBy);
    Account account;
    account.actor = actor;
    account.roles = roles;
    account.isMember = [memberKeys](const QString& key) {
        return memberKeys.contains(key);
    };
    account.pendingInviter = [inviters](const QString& key) -> std::optional<QString> {
        const auto inviter = inviters.constFind(key);
        return inviter == inviters.cend() ? std::nullopt : std::optional<QString>(*inviter);
    };
    return account;
}

QList<PlannedInvite> InvitePlan::plan(const QList<InviteRow>& rows, const Account& account)
{
    QList<PlannedInvite> planned;
    planned.reserve(rows.size());
    QSet<QString> seen;
    for (const auto& row : rows) {
        PlannedInvite item{row, PlannedInvite::Fate::Ready, {}, {}};
        const QString key = emailKey(row.email);
        const auto set = [&](PlannedInvite::Fate fate, const QString& reason) {
            item.fate = fate;
            item.reason = reason;
        };
        QList<Role> roles;
        QString unknownRole;
        for (const auto& name : row.roleNames) {
            if (const Role* role = findRole(account.roles, name)) {
                roles.append(*role);
                item.roleIds.append(role->id);
            } else if (unknownRole.isEmpty()) {
                unknownRole = name;
            }
        }
        const std::optional<QString> inviter = account.pendingInviter(key);
        const bool member = account.isMember(key);
        const bool pending = inviter.has_value();
        if (const Verdict address = AccessRules::checkEmail(row.email.trimmed()); !address) {
            set(PlannedInvite::Fate::InvalidAddress, address.reason());
        } else if (seen.contains(key)) {
            set(PlannedInvite::Fate::Duplicate,
                AccessRules::checkInviteAddresses({row.email, row.email}).last().reason());
        } else if (const Verdict invitee =
                       AccessRules::checkInvitee(row.email.trimmed(), member, pending, pending ? *inviter : QString());
                   !invitee) {
            // Already so, whatever roles the row asks for: a file run again (an export read back, say) changes
            // nothing for these people.
            set(member ? PlannedInvite::Fate::AlreadyMember : PlannedInvite::Fate::AlreadyInvited, invitee.reason());
        } else if (!unknownRole.isEmpty()) {
            set(PlannedInvite::Fate::UnknownRole, tr("There is no role \"%1\".").arg(unknownRole));
        } else {
            const Verdict granted = AccessRules::canInviteWithRoles(account.actor, roles);
            const bool asksOwner = std::any_of(roles.cbegin(), roles.cend(),
                                               [](const Role& role) { return role.system == SystemRole::Owner; });
            if (!granted)
                set(asksOwner ? PlannedInvite::Fate::OwnerRequested : PlannedInvite::Fate::NotGrantable,
                    granted.reason());
        }
        seen.insert(key);
        planned.append(item);
    }
    return planned;
}

Result<QList<InviteRow>> InvitePlan::rowsFromCsv(const QByteArray& data)
{
    auto records = Csv::parse(data);
    if (!records)
        return records.error();
    int emailColumn = 0;
    int rolesColumn = 1;
    QList<InviteRow> rows;
    for (int i = 0; i < records.value().size(); ++i) {
        const Csv::Record& record = records.value().at(i);
        if (i == 0) {
            // A header names its columns, in any case and order; without one, email comes first, then roles.
            QStringList lower;
            for (const auto& field : record.fields)
                lower.append(field.toLower());
            if (lower.contains(QStringLiteral("email"))) {
                emailColumn = int(lower.indexOf(QStringLiteral("email")));
                rolesColumn = int(lower.indexOf(QStringLiteral("roles")));
                continue;
            }
        }
        if (record.fields.value(emailColumn).startsWith(QLatin1Char('#')))
            continue; // a comment line
        QStringList roles;
        if (rolesColumn >= 0) {
            for (const auto& role : record.fields.value(rolesColumn).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
                if (!role.trimmed().isEmpty())
                    roles.append(role.trimmed());
            }
        }
        rows.append({record.line, Csv::unneutralised(record.fields.value(emailColumn).trimmed()), roles});
    }
    return rows;
}

QList<InviteRow> InvitePlan::rowsFromText(const QString& text, const QStringList& roleNames)
{
    QList<InviteRow> rows;
    int position = 0;
    for (const auto& email : AccessRules::splitEmails(text))
        rows.append({++position, email, roleNames});
    return rows;
}

QString InvitePlan::fateName(PlannedInvite::Fate fate)
{
    switch (fate) {
    case PlannedInvite::Fate::Ready:
        return QStringLiteral("ready");
    case PlannedInvite::Fate::InvalidAddress:
        return QStringLiteral("invalid address");
    case PlannedInvite::Fate::UnknownRole:
        return QStringLiteral("unknown role");
    case PlannedInvite::Fate::AlreadyMember:
        return QStringLiteral("already a member");
    case PlannedInvite::Fate::AlreadyInvited:
        return QStringLiteral("already invited");
    case PlannedInvite::Fate::Duplicate:
        return QStringLiteral("duplicate");
    case PlannedInvite::Fate::OwnerRequested:
        return QStringLiteral("owner requested");
    case PlannedInvite::Fate::NotGrantable:
        return QStringLiteral("role not grantable");
    }
    return {};
}

QString InvitePlan::fateLabel(PlannedInvite::Fate fate)
{
    switch (fate) {
    case PlannedInvite::Fate::Ready:
        return tr("Ready");
    case PlannedInvite::Fate::InvalidAddress:
        return tr("Invalid address");
    case PlannedInvite::Fate::UnknownRole:
        return tr("Unknown role");
    case PlannedInvite::Fate::AlreadyMember:
        return tr("Already a member");
    case PlannedInvite::Fate::AlreadyInvited:
        return tr("Already invited");
    case PlannedInvite::Fate::Duplicate:
        return tr("Listed twice");
    case PlannedInvite::Fate::OwnerRequested:
        return tr("Owner requested");
    case PlannedInvite::Fate::NotGrantable:
        return tr("Role not grantable");
    }
    return {};
}
