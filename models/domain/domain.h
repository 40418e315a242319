// The account's domain types: roles, permissions, members, invites and audit events.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSet>
#include <QString>
#include <QStringList>

using PermissionSet = QSet<QString>;

enum class SystemRole {
    None, // a custom role
    Base,
    Admin,
    Owner,
};

struct Permission
{
    QString value; // e.g. "write:invites"
    QString category;
    QString description;
};

struct Role
{
    QString id;
    QString name;
    QString description;
    SystemRole system = SystemRole::None;
    QStringList permissions; // sorted
    QDateTime createdAt;
    QDateTime updatedAt;
    // A kind of role this version does not know (a new value of the API's roleType): shown, and read-only.
    QString unknownType;

    bool isSystem() const { return system != SystemRole::None; }
    bool isKnown() const { return unknownType.isEmpty(); }
};

enum class InviteStatus {
    Pending,
    Accepted,
    Rejected,
    Canceled,
    Unknown, // a status this version does not know: shown as "Unknown (VALUE)", never acted on
};

struct Invite
{
    QString id;
    QString email;
    InviteStatus status = InviteStatus::Pending;
    QStringList roleIds; // never Base: it is implicit
    QString invitedBy; // email of the admin who sent it
    QDateTime createdAt;
    QDateTime updatedAt;
    QString unknownStatus; // the status as received, when it is InviteStatus::Unknown
    // When a pending invitation stops being acceptable (local stores: createdAt plus the account's invitation
    // lifetime). Invalid when it never expires, as on the cloud backend.
    QDateTime expiresAt;
};

struct Member
{
    QString id;
    QString email;
    QStringList roleIds; // Base included
    QString invitedBy; // empty for the account's creator
    QDateTime joinedAt;
};

struct AuditEvent
{
    QString id;
    QDateTime at;
    QString actor;
    QString action; // e.g. "invite.create"
    QString target;
    QString detail;
};

// Which audit events to read, newest first: the filters of `roster-cli audit list` and of the Audit log page, and a
// keyset cursor for reading on from the last event shown (no OFFSET: page 5,000 costs what page 1 does).
struct AuditQuery
{
    QString actor; // who acted, compared case-insensitively; empty: anyone
    QString action; // "invite.create", or a family ending in a dot: "invite."
    QString target; // contained in the target, case-insensitively
    QString search; // contained in any of actor, action, target and detail, case-insensitively
    QDateTime since; // inclusive; invalid: no bound
    QDateTime until; // exclusive; invalid: no bound
    int limit = 50;
    // Events strictly older than this one (the last row already shown); invalid `beforeAt`: from the newest.
    QDateTime beforeAt;
    QString beforeId;
    // Events strictly newer than this one (the first row shown): what arrived since.
    QDateTime afterAt;
    QString afterId;

    static AuditQuery newest(int limit)
    {
        AuditQuery query;
        query.limit = limit;
        return query;
    }
};

struct Account
{
    static constexpr int DefaultInviteLifetimeDays = 7;
    static constexpr int MaxInviteLifetimeDays = 365;

    QString id;
    QString name;
    QDateTime createdAt;
    // How long an invitation stays acceptable; 0 when invitations never expire (the cloud backend).
    int inviteLifetimeDays = 0;
};

// A role's definition as typed by an admin, before the store accepts it.
struct RoleDraft
{
    QString name;
    QString description;
    PermissionSet permissions;
};

// What deleting a role takes away, for the confirmation and the audit log.
struct RoleUsage
{
    int members = 0;
    int pendingInvites = 0;
};

// Everything the User Management and Role Details pages need, loaded in one go.
// Lists the actor may not see are left empty and flagged invisible.
struct AccountSnapshot
{
    Account account;
    Member actor;
    QString ownerId; // the member who holds the Owner role
    PermissionSet actorPermissions;
    QList<Role> roles;
    QList<Member> members;
    QList<Invite> pendingInvites;
    bool membersVisible = false;
    bool invitesVisible = false;
    bool rolesVisible = false;
    // The newest audit event in this state, read in the same transaction: what happened after it is news.
    QDateTime auditMark;
};

// What a backend can do at all, whoever asks. AccessRules turns a missing capability into the refusal.
struct BackendCapabilities
{
    // False for a management key: the cloud API accepts invitations and member removals only from a signed-in user.
    bool signedInUser = true;
    // Several people changed in one all-or-nothing step; the cloud API takes one person per call.
    bool atomicBatches = true;
    bool auditLog = true;
    // Resending renews the invitation in place. The cloud API has no such call: the console revokes the invitation
    // and sends it again, which also needs delete:invites.
    bool renewsInvites = true;
    // Invitations expire after the account's lifetime, which an admin can change. The cloud API has no expiry.
    bool invitesExpire = true;
};

// One action on several people at once: a multi-selection in the console, several targets on the command line.
struct BulkChange
{
    enum class Kind {
        Remove, // members leave the account
        Revoke, // pending invitations are cancelled
        Resend, // pending invitations are sent again
        ChangeRoles, // members gain addRoleIds and lose removeRoleIds
    };
    Kind kind = Kind::Remove;
    QStringList targets; // ids or email addresses
    QStringList addRoleIds; // ChangeRoles: ids or names
    QStringList removeRoleIds;
};

QString inviteStatusName(InviteStatus status); // "PENDING", as the API spells it; "UNKNOWN" for Unknown

// The time every expiry decision is made against. Tests set it; nothing else does, and nothing sleeps.
namespace Clock {
QDateTime now(); // UTC
qint64 nowMs(); // the same instant in milliseconds since the epoch, without building a QDateTime (hot paths)
void setNowForTesting(const QDateTime& now); // an invalid time returns to the system clock
} // namespace Clock

// When an invitation sent at `sentAt` stops being acceptable under a lifetime of `lifetimeDays`; invalid (never)
// when the lifetime is 0. The one formula behind the stores' reads and the session's re-judging.
QDateTime inviteExpiry(const QDateTime& sentAt, int lifetimeDays);
// The start of `date` in local time, as UTC: a filter's "from" day, or the day after an "until" day.
QDateTime startOfLocalDay(const QDate& date);

// A pending invitation past its expiry: shown as EXPIRED, never accepted, still revocable and renewable.
bool isExpired(const Invite& invite, const QDateTime& now = Clock::now());
// The status people see: the stored one, or EXPIRED for an expired pending invitation.
QString inviteDisplayStatusName(const Invite& invite, const QDateTime& now = Clock::now());
// "Unknown (ACCOUNT_INVITE_STATUS_EXPIRED)": how a value this version does not know is shown.
QString unknownValueLabel(const QString& value);
bool inviteStatusFromName(const QString& name, InviteStatus* status);
QString systemRoleKey(SystemRole role); // "base", "admin", "owner", or empty
SystemRole systemRoleFromKey(const QString& key);
// What a role is for: its own description, else, for the built-in roles, what the Qdrant Cloud documentation says
// of them; empty for a custom role without one.
QString roleDescription(const Role& role);

// A role named by its id, or by its name compared case-insensitively; null when none matches.
const Role* findRole(const QList<Role>& roles, const QString& idOrName);

// Whether someone with these role ids holds `role`. Base is held by everyone: members store it, and a
// pending invite implies it without storing it. The one definition of "holds a role".
bool holdsRole(const QStringList& roleIds, const Role& role);

// Emails and role names compare case-insensitively; these give the key to compare and index on.
QString emailKey(const QString& email);
QString roleNameKey(const QString& name);
