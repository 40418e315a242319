// The checks of what admins type and name: role definitions, email addresses and invitation states.
#include "accessrules.h"

#include <QRegularExpression>

static bool containsControlCharacter(const QString& text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return true;
    }
    return false;
}

static int codePointCount(const QString& text)
{
    return int(text.toUcs4().size());
}

Verdict AccessRules::checkRoleName(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return refused(tr("A role needs a name."));
    if (containsControlCharacter(trimmed))
        return refused(tr("A role name cannot contain control characters."));
    const int length = codePointCount(trimmed);
    if (length < MinRoleNameLength)
        return refused(
            tr("The role name \"%1\" is too short: use at least %2 characters.").arg(trimmed).arg(MinRoleNameLength));
    if (length > MaxRoleNameLength)
        return refused(tr("The role name is too long: use at most %1 characters.").arg(MaxRoleNameLength));
    return Verdict::allowed();
}

Verdict AccessRules::checkRoleNameFree(const QString& name, const QStringList& takenNames)
{
    const QString key = roleNameKey(name);
    for (const auto& taken : takenNames) {
        if (roleNameKey(taken) == key)
            return refused(tr("A role named \"%1\" already exists.").arg(taken));
    }
    return Verdict::allowed();
}

Verdict AccessRules::checkRoleDescription(const QString& description)
{
    if (codePointCount(description) > MaxDescriptionLength)
        return refused(tr("The description is too long: use at most %1 characters.").arg(MaxDescriptionLength));
    if (containsControlCharacter(QString(description).remove(QLatin1Char('\n'))))
        return refused(tr("The description cannot contain control characters."));
    return Verdict::allowed();
}

Verdict AccessRules::checkRolePermissions(const PermissionSet& permissions, const PermissionCatalogue& catalogue)
{
    if (permissions.isEmpty())
        return refused(tr("A role needs at least one permission."));
    QStringList unknown;
    for (const auto& permission : permissions) {
        if (!catalogue.contains(permission))
            unknown.append(permission);
    }
    if (!unknown.isEmpty()) {
        unknown.sort();
        return refused(tr("Unknown permission: %1.").arg(unknown.join(QStringLiteral(", "))));
    }
    return Verdict::allowed();
}

Verdict AccessRules::checkRoleDraft(const RoleDraft& draft, const PermissionCatalogue& catalogue)
{
    if (auto verdict = checkRoleName(draft.name); !verdict)
        return verdict;
    if (auto verdict = checkRoleDescription(draft.description); !verdict)
        return verdict;
    return checkRolePermissions(draft.permissions, catalogue);
}

PermissionSet AccessRules::withImpliedReads(PermissionSet permissions, const PermissionCatalogue& catalogue)
{
    const PermissionSet original = permissions;
    for (const auto& permission : original) {
        if (!permission.startsWith(QLatin1String("write:")))
            continue;
        const QString read = QLatin1String("read:") + permission.mid(6);
        if (catalogue.contains(read))
            permissions.insert(read);
    }
    return permissions;
}

QString AccessRules::lockingWrite(const QString& permission, const PermissionSet& permissions,
                                  const PermissionCatalogue& catalogue)
{
    if (!permission.startsWith(QLatin1String("read:")))
        return {};
    const QString write = QLatin1String("write:") + permission.mid(5);
    return catalogue.contains(write) && permissions.contains(write) ? write : QString();
}

Verdict AccessRules::checkRoleMutable(const Role& role)
{
    if (!role.isKnown())
        return refused(tr("%1 is a kind of role this version of Roster does not know (%2); it is shown read-only.")
                           .arg(role.name, role.unknownType));
    if (role.isSystem())
        return refused(tr("%1 is a built-in role and cannot be changed or deleted.").arg(role.name));
    return Verdict::allowed();
}

QString AccessRules::duplicateNameProposal(const QString& name)
{
    return tr("%1 copy").arg(name.trimmed()).left(MaxRoleNameLength);
}

QString AccessRules::freeDuplicateName(const QString& name, const QStringList& taken)
{
    QString candidate = duplicateNameProposal(name);
    for (int n = 2; !checkRoleNameFree(candidate, taken); ++n)
        candidate = duplicateNameProposal(name) + QLatin1Char(' ') + QString::number(n);
    return candidate;
}

Verdict AccessRules::checkEmail(const QString& email)
{
    // RFC 5322's dot-atom local part (letters of any script, digits and !#$%&'*+/=?^_`{|}~-, dots between), and a
    // domain of at least two labels of letters, digits and hyphens. No quoted local parts, no comments: what a
    // spreadsheet formula or a pasted "Name <address>" would need is refused.
    static const QRegularExpression pattern(
        QStringLiteral("^[\\w!#$%&'*+/=?^`{|}~-]+(\\.[\\w!#$%&'*+/=?^`{|}~-]+)*@[\\w-]+(\\.[\\w-]+)+$"),
        QRegularExpression::UseUnicodePropertiesOption);
    if (email.isEmpty())
        return refused(tr("An email address is required."));
    if (email.size() > MaxEmailLength)
        return refused(tr("The email address is too long: at most %1 characters.").arg(MaxEmailLength));
    // U+FFFD is what a decoder leaves where the bytes were not UTF-8: an address that was damaged on its way in.
    if (email.contains(QChar::ReplacementCharacter))
        return refused(tr("\"%1\" is not a valid email address: it holds bytes that are not UTF-8 text.").arg(email));
    if (containsControlCharacter(email) || !pattern.match(email).hasMatch())
        return refused(tr("\"%1\" is not a valid email address.").arg(email));
    return Verdict::allowed();
}

QStringList AccessRules::splitEmails(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

QList<Verdict> AccessRules::checkInviteAddresses(const QStringList& emails)
{
    QList<Verdict> verdicts;
    QSet<QString> seen;
    for (const auto& raw : emails) {
        const QString email = raw.trimmed();
        if (auto verdict = checkEmail(email); !verdict)
            verdicts.append(verdict);
        else if (seen.contains(emailKey(email)))
            verdicts.append(refused(tr("%1 is listed more than once.").arg(email)));
        else
            verdicts.append(Verdict::allowed());
        seen.insert(emailKey(email));
    }
    return verdicts;
}

Verdict AccessRules::checkInviteBatch(const QStringList& emails)
{
    if (emails.isEmpty())
        return refused(tr("Name at least one email address to invite."));
    QStringList problems;
    for (const auto& verdict : checkInviteAddresses(emails)) {
        if (!verdict)
            problems.append(verdict.reason());
    }
    if (problems.isEmpty())
        return Verdict::allowed();
    return refused(problems.join(QLatin1Char(' ')));
}

Verdict AccessRules::checkInvitee(const QString& email, bool isActiveMember, bool hasPendingInvite,
                                  const QString& invitedBy)
{
    if (auto verdict = checkEmail(email); !verdict)
        return verdict;
    if (isActiveMember)
        return refused(tr("%1 is already a member of this account.").arg(email));
    if (hasPendingInvite && !invitedBy.isEmpty())
        return refused(tr("%1 was already invited by %2.").arg(email, invitedBy));
    if (hasPendingInvite)
        return refused(tr("%1 has already been invited.").arg(email));
    return Verdict::allowed();
}

Verdict AccessRules::checkInviteTransition(const Invite& invite, InviteStatus target)
{
    if (invite.status == InviteStatus::Pending)
        return Verdict::allowed();
    if (invite.status == InviteStatus::Unknown)
        return refused(tr("The invitation for %1 has a status this version of Roster does not know (%2); it is "
                          "shown read-only.")
                           .arg(invite.email, invite.unknownStatus));
    QString what;
    switch (target) {
    case InviteStatus::Canceled:
        what = tr("revoked");
        break;
    case InviteStatus::Accepted:
        what = tr("accepted");
        break;
    case InviteStatus::Rejected:
        what = tr("rejected");
        break;
    case InviteStatus::Pending:
    case InviteStatus::Unknown:
        what = tr("reopened");
        break;
    }
    return refused(tr("The invitation for %1 is %2; only a pending invitation can be %3.")
                       .arg(invite.email, inviteStatusName(invite.status).toLower(), what));
}

QStringList AccessRules::storedInviteRoles(const QList<Role>& roles)
{
    QStringList ids;
    for (const auto& role : roles) {
        if (role.system != SystemRole::Base && !ids.contains(role.id))
            ids.append(role.id);
    }
    return ids;
}

QStringList AccessRules::takenNames(const QList<Role>& roles, const QString& exceptRoleId)
{
    QStringList names;
    for (const auto& role : roles) {
        if (role.id != exceptRoleId)
            names.append(role.name);
    }
    return names;
}
