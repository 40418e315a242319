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
