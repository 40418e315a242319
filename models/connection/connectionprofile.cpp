// Profiles are stored in QSettings as plain fields; nothing secret is ever written there.
#include "connectionprofile.h"

QString ConnectionProfile::keychainKey() const
{
    return store + QLatin1Char('|') + endpoint + QLatin1Char('|')
        + (credentialKind == CloudCredential::Kind::ManagementKey ? QLatin1String("apikey") : QLatin1String("token"));
}

QList<ConnectionProfile> ConnectionProfile::loadAll(QSettings& settings)
{
    QList<ConnectionProfile> profiles;
    const int count = settings.beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        ConnectionProfile profile;
        profile.name = settings.value(QStringLiteral("name")).toString();
        profile.store = settings.value(QStringLiteral("store")).toString();
        profile.endpoint = settings.value(QStringLiteral("endpoint")).toString();
        profile.credentialKind = settings.value(QStringLiteral("credential")).toString() == QLatin1String("apikey")
            ? CloudCredential::Kind::ManagementKey
            : CloudCredential::Kind::UserToken;
        if (!profile.name.isEmpty() && !profile.store.isEmpty())
            profiles.append(profile);
    }
    settings.endArray();
    return profiles;
}

void ConnectionProfile::remember(QSettings& settings, const ConnectionProfile& profile)
{
    QList<ConnectionProfile> profiles = loadAll(settings);
    profiles.erase(std::remove_if(profiles.begin(), profiles.end(),
                                  [&](const ConnectionProfile& other) { return other.name == profile.name; }),
                   profiles.end());
    profiles.prepend(profile);
    while (profiles.size() > 10)
        profiles.removeLast();
    settings.beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        settings.setArrayIndex(i);
        const auto& saved = profiles.at(i);
        settings.setValue(QStringLiteral("name"), saved.name);
        settings.setValue(QStringLiteral("store"), saved.store);
        settings.setValue(QStringLiteral("endpoint"), saved.endpoint);
        settings.setValue(QStringLiteral("credential"),
                          saved.credentialKind == CloudCredential::Kind::ManagementKey ? QStringLiteral("apikey")
                                                                                       : QStringLiteral("token"));
    }
    settings.endArray();
}
