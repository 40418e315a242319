// What the cloud store's change files share. Private to models/cloud.
#pragma once

#include "cloudfuture.h"
#include "cloudstore.h"

template <typename T, typename Next>
QFuture<Result<T>> CloudStore::whenAllowed(AccountAction action, Next next)
{
    using namespace CloudFuture;
    return chain<T>(this, actorContext(), [action, next](const ActorContext& actor) {
        if (auto verdict = AccessRules::checkAction(actor, action); !verdict)
            return ready<T>(verdict.error());
        return next(actor);
    });
}

// Whom a change was done to, as the journal names it: an address or a role's name rather than an id.
namespace CloudJournalTarget {
inline QString of(const Invite& invite)
{
    return invite.email;
}
inline QString of(const Member& member)
{
    return member.email;
}
inline QString of(const Role& role)
{
    return role.name;
}
template <typename T>
QString of(const T&)
{
    return {};
}
} // namespace CloudJournalTarget

template <typename T>
QFuture<Result<T>> CloudStore::journaled(QFuture<Result<T>> change, const QString& action, const QString& target)
{
    QPointer<CloudStore> self(this);
    return change.then(this, [self, action, target](Result<T> result) {
        if (!self)
            return result;
        if (!result) {
            self->record(action, target, outcomeOf(result.error()));
            return result;
        }
        const QString named = CloudJournalTarget::of(result.value());
        self->record(action, named.isEmpty() ? target : named, QStringLiteral("done"));
        return result;
    });
}
