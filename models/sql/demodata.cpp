// Generates realistic demo accounts: people, domains, custom roles, and a mix of member and invite states.
#include "demodata.h"

#include "accessrules.h"
#include "permissioncatalogue.h"

#include <QSet>

namespace {

// splitmix64: tiny, fast and identical on every platform, unlike std:: distributions.
class DemoRandom
{
public:
    explicit DemoRandom(quint64 seed)
        : m_state(seed)
    {
    }
    quint64 next()
    {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int below(int bound) { return bound <= 0 ? 0 : int(next() % quint64(bound)); }
    bool chance(int percent) { return below(100) < percent; }
    // A version-4-shaped UUID from the generator, so that ids repeat with the seed.
    QString uuid()
    {
        const quint64 a = next();
        const quint64 b = next();
        return QStringLiteral("%1-%2-4%3-%4%5-%6")
            .arg(a >> 32, 8, 16, QLatin1Char('0'))
            .arg((a >> 16) & 0xffff, 4, 16, QLatin1Char('0'))
            .arg(a & 0xfff, 3, 16, QLatin1Char('0'))
            .arg(8 + (b >> 62), 1, 16)
            .arg((b >> 48) & 0xfff, 3, 16, QLatin1Char('0'))
            .arg(b & 0xffffffffffffULL, 12, 16, QLatin1Char('0'));
    }

private:
    quint64 m_state;
};

const char* const firstNames[] = {
    "ana",   "bo",    "cy",    "dana",  "eli",   "fatima", "gus",   "hana",  "ivan",  "jo",    "kai",
    "lena",  "mateo", "nia",   "omar",  "pia",   "quinn",  "rosa",  "sven",  "tara",  "uma",   "vik",
    "wen",   "xavi",  "yara",  "zoe",   "amir",  "bea",    "carlo", "dev",   "emma",  "finn",  "greta",
    "hugo",  "ines",  "jonas", "kira",  "luca",  "mia",    "noah",  "olga",  "pablo", "rhea",  "sami",
    "tomas", "ugo",   "vera",  "willa", "yusuf", "zara",   "aiko",  "bruno", "chen",  "diego", "elif",
    "farah", "goran", "helga", "isak",  "jana",  "kofi",   "leila", "marek", "nora",  "otto",  "priya"};
const char* const lastNames[] = {
    "alvarez",  "berg",     "costa",  "dubois",   "eriksen", "fischer",   "garcia", "hansen", "ito",     "jensen",
    "kowalski", "larsen",   "moreau", "nakamura", "okafor",  "petrov",    "quist",  "rossi",  "schmidt", "tanaka",
    "urban",    "varga",    "weber",  "xu",       "yilmaz",  "zhang",     "abe",    "brown",  "chopra",  "diaz",
    "evans",    "fontaine", "grant",  "horvat",   "iqbal",   "jovanovic", "kim",    "lopez",  "mendes",  "novak"};
const char* const domains[] = {"example.com",       "acme.io",     "vectorlabs.dev", "northwind.co",
                               "globex.org",        "initech.net", "umbrella.ai",    "stark.industries",
                               "wayne.enterprises", "hooli.xyz",   "piedpiper.io",   "qdrant-fans.eu"};

struct RoleTemplate
{
    const char* name;
    const char* description;
    QStringList permissions;
};

QList<RoleTemplate> roleTemplates()
{
    return {
        {"Cluster Operator",
         "Runs clusters day to day: scaling, backups and schedules.",
         {QStringLiteral("write:clusters"), QStringLiteral("write:backups"), QStringLiteral("write:backup_schedules"),
          QStringLiteral("read:api_keys")}},
        {"Billing Manager",
         "Keeps payment methods and invoices in order.",
         {QStringLiteral("write:payment_information"), QStringLiteral("read:account")}},
        {"Read-only Auditor",
         "Sees everything in the account and changes nothing.",
         {QStringLiteral("read:roles"), QStringLiteral("read:users"), QStringLiteral("read:invites"),
          QStringLiteral("read:clusters"), QStringLiteral("read:backups"), QStringLiteral("read:account")}},
        {"Developer",
         "Builds against clusters with database API keys.",
         {QStringLiteral("read:clusters"), QStringLiteral("write:api_keys")}},
        {"Team Lead",
         "Invites people and assigns roles for their team.",
         {QStringLiteral("read:users"), QStringLiteral("write:invites"), QStringLiteral("write:roles")}},
        {"Backup Operator",
         "Creates and restores backups.",
         {QStringLiteral("write:backups"), QStringLiteral("delete:backups"), QStringLiteral("read:clusters")}},
        {"Key Manager",
         "Rotates database and management keys.",
         {QStringLiteral("write:api_keys"), QStringLiteral("delete:api_keys"),
          QStringLiteral("write:management_keys")}},
        {"Hybrid Cloud Admin",
         "Connects and operates hybrid cloud environments.",
         {QStringLiteral("write:hybrid_cloud_environments"), QStringLiteral("read:clusters")}},
    };
}

} // namespace

DemoData DemoGenerator::generate(const DemoSpec& spec, const QString& baseRoleId, const QString& adminRoleId)
{
    DemoRandom random(spec.seed);
    DemoData data;
    const auto& catalogue = PermissionCatalogue::builtIn();
    // Everything is dated relative to a fixed instant so that the same seed gives the same account.
    const QDateTime epoch(QDate(2026, 6, 1), QTime(9, 0), Qt::UTC);

    const auto templates = roleTemplates();
    for (int i = 0; i < spec.customRoles; ++i) {
        const auto& tmpl = templates.at(i % templates.size());
        Role role;
        role.id = random.uuid();
        role.name = QString::fromLatin1(tmpl.name);
        if (i >= templates.size())
            role.name += QLatin1Char(' ') + QString::number(i / templates.size() + 1);
        role.description = QString::fromLatin1(tmpl.description);
        const PermissionSet permissions(tmpl.permissions.cbegin(), tmpl.permissions.cend());
        role.permissions = AccessRules::withImpliedReads(permissions, catalogue).values();
        role.permissions.sort();
        role.createdAt = role.updatedAt = epoch.addDays(-400 + i);
        data.customRoles.append(role);
    }

    QSet<QString> taken{emailKey(spec.ownerEmail)};
    const auto uniqueEmail = [&] {
        const QString first = QString::fromLatin1(firstNames[random.below(int(std::size(firstNames)))]);
        const QString last = QString::fromLatin1(lastNames[random.below(int(std::size(lastNames)))]);
        const QString domain = QString::fromLatin1(domains[random.below(int(std::size(domains)))]);
        QString email = first + QLatin1Char('.') + last + QLatin1Char('@') + domain;
        for (int n = 2; taken.contains(email); ++n)
            email = first + QLatin1Char('.') + last + QString::number(n) + QLatin1Char('@') + domain;
        taken.insert(email);
        return email;
    };
    const auto pickCustomRole = [&] {
        return data.customRoles.at(random.below(int(data.customRoles.size()))).id;
    };

    // Admins invite people, so the "Invited by" column shows a realistic handful of names.
    QStringList inviters{spec.ownerEmail};
    data.members.reserve(spec.members);
    for (int i = 0; i < spec.members; ++i) {
        Member member;
        member.id = random.uuid();
        member.email = uniqueEmail();
        member.invitedBy = inviters.at(random.below(int(inviters.size())));
        member.joinedAt = epoch.addSecs(-qint64(random.below(730 * 24 * 3600)));
        member.roleIds.append(baseRoleId);
        if (random.chance(3)) {
            member.roleIds.append(adminRoleId);
            if (inviters.size() < 6)
                inviters.append(member.email);
        }
        if (!data.customRoles.isEmpty() && random.chance(45)) {
            member.roleIds.append(pickCustomRole());
            if (random.chance(20)) {
                const QString second = pickCustomRole();
                if (!member.roleIds.contains(second))
                    member.roleIds.append(second);
            }
        }
        data.members.append(member);
    }

    // Pending invites, plus some history (accepted, declined, revoked) for realistic invitation lists.
    const int closed = spec.invites / 4;
    for (int i = 0; i < spec.invites + closed; ++i) {
        Invite invite;
        invite.id = random.uuid();
        invite.email = uniqueEmail();
        invite.createdAt = epoch.addSecs(-qint64(random.below(60 * 24 * 3600)));
        if (i < spec.invites) {
            // Pending invitations are recent, so the demo shows them as pending; about one in eight is past the
            // default 7-day lifetime, to show what an expired one looks like. Dated from today at midnight (UTC):
            // the same seed gives the same account all day.
            const QDateTime today(Clock::now().date(), QTime(0, 0), Qt::UTC);
            invite.createdAt = random.chance(12) ? today.addSecs(-qint64(8 * 24 * 3600 + random.below(30 * 24 * 3600)))
                                                 : today.addSecs(-qint64(random.below(6 * 24 * 3600)));
        }
        invite.updatedAt = invite.createdAt;
        invite.invitedBy = inviters.at(random.below(int(inviters.size())));
        if (i >= spec.invites) {
            invite.status = random.chance(50) ? InviteStatus::Canceled : InviteStatus::Rejected;
            invite.updatedAt = invite.createdAt.addDays(1 + random.below(10));
        }
        if (!data.customRoles.isEmpty() && random.chance(60))
            invite.roleIds.append(pickCustomRole());
        data.invites.append(invite);
    }
    return data;
}
