// The system keychain, behind an interface so that tests can inject a fake one.
#pragma once

#include "result.h"

#include <QFuture>
#include <QString>

class Keychain
{
public:
    virtual ~Keychain() = default;
    // The secret saved under `key`: empty when there is none.
    virtual QFuture<Result<QString>> read(const QString& key) = 0;
    virtual QFuture<Outcome> write(const QString& key, const QString& secret) = 0;
};

// The desktop's keychain (Secret Service, KWallet…) through QtKeychain. Entries live under one service name; the key
// names the connection, never the secret.
class SystemKeychain final : public Keychain
{
public:
    QFuture<Result<QString>> read(const QString& key) override;
    QFuture<Outcome> write(const QString& key, const QString& secret) override;
};
