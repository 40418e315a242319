// A list of people to invite, each row judged before anything is sent: the preview of a bulk invitation, and what
// `roster-cli import invites` checks. Every reason comes from AccessRules.
#pragma once

#include "accessrules.h"
#include "csv.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <functional>
#include <optional>

struct InviteRow
{
    int line = 0; // in the file, or the position in a pasted list
    QString email;
    QStringList roleNames; // as written: names or ids
};

struct PlannedInvite
{
    enum class Fate {
        Ready,
        InvalidAddress,
        UnknownRole,
        AlreadyMember,
        AlreadyInvited,
        Duplicate, // the same address earlier in the input
        OwnerRequested,
        NotGrantable, // a role the actor may not give (no escalation)
    };

    InviteRow row;
    Fate fate = Fate::Ready;
    QString reason; // empty when Ready
    QStringList roleIds; // resolved, when every role was found

    // Rows an import may skip quietly: what they ask for is already so, so running a file again changes nothing.
    bool isAlreadyDone() const { return fate == Fate::AlreadyMember || fate == Fate::AlreadyInvited; }
};

class InvitePlan
{
    Q_DECLARE_TR_FUNCTIONS(InvitePlan)

public:
    // What the account looks like to the planner. Who is a member and who was invited are questions, by emailKey(),
    // so that the console answers them from the session's index instead of copying 100,000 addresses per preview.
    struct Account
    {
        ActorContext actor;
        QList<Role> roles;
        // Unset, they answer "nobody": an account with no one in it yet.
        std::function<bool(const QString& key)> isMember = [](const QString&) {
            return false;
        };
        // Who sent the pending invitation for this address, or nothing when there is none.
        std::function<std::optional<QString>(const QString& key)> pendingInviter =
            [](const QString&) -> std::optional<QString> {
            return std::nullopt;
        };

        // An account answered from lists of people (a snapshot loaded by the CLI, a test's handful).
        static Account fromPeople(const ActorContext& actor, const QList<Role>& roles, const QList<Member>& members,
                                  const QList<Invite>& pendingInvites);
    };

    static QList<PlannedInvite> plan(const QList<InviteRow>& rows, const Account& account);
    // The rows of a CSV file (`email[,roles separated by ;]`, header optional, other columns ignored).
    static Result<QList<InviteRow>> rowsFromCsv(const QByteArray& data);
    // The rows of a pasted list of addresses (commas, spaces or lines between them), all given `roleNames`.
    static QList<InviteRow> rowsFromText(const QString& text, const QStringList& roleNames);

    static QString fateName(PlannedInvite::Fate fate); // "ready", "already a member"…, for the CLI's JSON
    static QString fateLabel(PlannedInvite::Fate fate); // translated, for the preview's counts
};
