// A saved way to open an account: which store, and for the cloud which endpoint and credential type.
// Never holds a secret: passwords and tokens live in the environment or the system keychain.
#pragma once

#include "cloudclient.h"
#include "storeurl.h"

#include <QList>
#include <QSettings>

struct ConnectionProfile
{
    QString name; // shown in File → Recent connections
    QString store; // a store URL, password removed
    QString endpoint; // cloud only; empty for the default
    CloudCredential::Kind credentialKind = CloudCredential::Kind::UserToken;

    // The store URL with any password taken out, so it can be saved and shown.
    static QString withoutPassword(const StoreUrl& url)
    {
        return url.kind == StoreUrl::Kind::Sqlite ? QLatin1String("sqlite:") + url.path : url.displayString();
    }
    // The keychain entry this profile's credential is stored under.
    QString keychainKey() const;

    static QList<ConnectionProfile> loadAll(QSettings& settings);
    // Adds or replaces (by name) and keeps the most recent first; at most 10 are kept.
    static void remember(QSettings& settings, const ConnectionProfile& profile);
};
