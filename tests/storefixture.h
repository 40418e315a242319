// What the store contract suite needs from a backend: fresh accounts, stores per actor, and a state dump.
#pragma once

#include "accountstore.h"

#include <memory>

class StoreFixture
{
public:
    virtual ~StoreFixture() = default;

    static inline const QString OwnerEmail = QStringLiteral("owner@example.com");

    virtual QString name() const = 0;
    // Replaces whatever was there with a new account owned by OwnerEmail. Returns false on failure.
    virtual bool resetAccount() = 0;
    // A store acting as `actorEmail` (empty: the Owner).
    virtual std::unique_ptr<AccountStore> storeFor(const QString& actorEmail = {}) = 0;
    // The whole persisted state as text, to prove that a refused operation wrote nothing.
    virtual QString dump() = 0;
    // The Qdrant Cloud API has no audit log; local stores keep one.
    virtual bool hasAuditLog() const { return true; }
};
