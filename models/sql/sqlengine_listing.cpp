// The SQL engine's streamed listing: `users list` and `export members` over 100,000 members in the time the
// database takes to read them. Held in memory: the memberships (a few bytes each), the pending invitations, and the
// rare members whose address the database cannot put in code point order.
#include "sqlaccountengine.h"

#include "sqlengine_p.h"

#include <optional>
#include <utility>
#include <vector>

using namespace SqlEngine;

namespace {

// Every member's roles, read in one sequential pass over member_roles, kept small enough for 100,000 members to
// cost a few megabytes: a member's roles are a span of small role numbers, and an id that is a canonical UUID (as
// Roster creates them) is kept as its 16 bytes rather than as a 36-character string.
class MemberRoles
{
public:
    // Rows must come grouped by member, as ORDER BY member_id gives them.
    void add(const QString& memberId, const QString& roleId)
    {
        if (memberId != m_lastMember) {
            m_lastMember = memberId;
            const Span span{quint32(m_roleNumbers.size()), 0};
            if (const auto uuid = packedUuid(memberId))
                m_last = &*m_byUuid.insert(*uuid, span);
            else
                m_last = &*m_byOtherId.insert(memberId, span);
        }
        auto number = m_numbers.constFind(roleId);
        if (number == m_numbers.constEnd()) {
            number = m_numbers.insert(roleId, quint16(m_roleIds.size()));
            m_roleIds.append(roleId);
        }
        m_roleNumbers.push_back(*number);
        ++m_last->count;
    }

    QStringList of(const QString& memberId) const
    {
        const auto uuid = packedUuid(memberId);
        const Span span = uuid ? m_byUuid.value(*uuid) : m_byOtherId.value(memberId);
        QStringList ids;
        ids.reserve(span.count);
        for (quint32 i = span.start; i < span.start + span.count; ++i)
            ids.append(m_roleIds.at(m_roleNumbers[i]));
        return ids;
    }

private:
    struct Span
    {
        quint32 start = 0;
        quint32 count = 0;
    };
    using Uuid = std::pair<quint64, quint64>;

    // "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" in lower-case hex, else nothing: only the canonical spelling, so that
    // two different ids never pack alike.
    static std::optional<Uuid> packedUuid(const QString& id)
    {
        if (id.size() != 36)
            return std::nullopt;
        quint64 words[2] = {0, 0};
        int digits = 0;
        for (int i = 0; i < 36; ++i) {
            const char16_t c = id.at(i).unicode();
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-')
                    return std::nullopt;
                continue;
            }
            quint64 value = 0;
            if (c >= '0' && c <= '9')
                value = c - '0';
            else if (c >= 'a' && c <= 'f')
                value = c - 'a' + 10;
            else
                return std::nullopt;
            quint64& word = words[digits / 16];
            word = (word << 4) | value;
            ++digits;
        }
        return Uuid{words[0], words[1]};
    }

    QHash<Uuid, Span> m_byUuid;
    QHash<QString, Span> m_byOtherId;
    std::vector<quint16> m_roleNumbers;
    QHash<QString, quint16> m_numbers;
    QStringList m_roleIds;
    QString m_lastMember;
    Span* m_last = nullptr;
};

// A row merged in from memory, with the key it sorts by.
struct KeyedRow
{
    QString key;
    PersonRow row;
};

// Where a key first holds a unit above U+00FF, or -1. Up to there the database orders it by code point whatever the
// file's text encoding; see streamPeople().
qsizetype firstWideUnit(const QString& key)
{
    for (qsizetype i = 0; i < key.size(); ++i) {
        if (key.at(i).unicode() > 0xFF)
            return i;
    }
    return -1;
}

} // namespace

Result<int> SqlAccountEngine::streamPeople(const PeopleQuery& query, const PersonSink& sink)
{
    return readOnly<int>([&] {
        // What loadAccount() would let the actor see, without reading the people yet.
        const ActorContext current = requireAction(AccountAction::SeeProfile);
        AccountSnapshot visible;
        visible.actorPermissions = current.permissions;
        visible.rolesVisible = AccessRules::checkPermission(current.permissions, AccountAction::SeeRoles).isAllowed();
        visible.membersVisible =
            AccessRules::checkPermission(current.permissions, AccountAction::SeeMembers).isAllowed();
        visible.invitesVisible =
            AccessRules::checkPermission(current.permissions, AccountAction::SeeInvites).isAllowed();
        if (visible.rolesVisible)
            visible.roles = loadRoles();
        const Result<UserFilter> filter = PeopleRows::filterFor(query, visible);
        if (!filter)
            fail(filter.error());
        const PersonRowMaker maker(visible.roles, filter.value(), Clock::now());
        const UserFilter::Status status = filter.value().status();

        // The pending invitations are few next to the members: they are read whole, sorted, and merged in.
        std::vector<KeyedRow> invites;
        PersonRow row;
        if (visible.invitesVisible && status != UserFilter::Status::Active) {
            for (auto& invite : loadInvites(InviteStatus::Pending, {})) {
                if (!visible.rolesVisible)
                    invite.roleIds.clear(); // a user's roles are role information: hidden without read:roles
                if (maker.invite(invite, &row))
                    invites.push_back({emailKey(invite.email), std::move(row)});
            }
            // Stable: an invitation sorts after a member with the same address, as in fromSnapshot().
            std::stable_sort(invites.begin(), invites.end(), [](const KeyedRow& a, const KeyedRow& b) {
                return UserFilter::emailKeyLess(a.key, b.key);
            });
        }
        int count = 0;
        auto nextInvite = invites.begin();
        // Sends `person`, after every invitation that sorts before it; without one, the invitations left.
        const auto send = [&](const KeyedRow* person) {
            for (; nextInvite != invites.end() && (!person || UserFilter::emailKeyLess(nextInvite->key, person->key));
                 ++nextInvite) {
                sink(nextInvite->row);
                ++count;
            }
            if (person) {
                sink(person->row);
                ++count;
            }
        };

        if (visible.membersVisible && status != UserFilter::Status::Pending && status != UserFilter::Status::Expired) {
            MemberRoles roles;
            if (visible.rolesVisible) {
                auto pairs = run(QStringLiteral("SELECT member_id, role_id FROM member_roles ORDER BY member_id"));
                while (nextRow(pairs))
                    roles.add(pairs.value(0).toString(), pairs.value(1).toString());
            }
            // The members sorted by the database after one sequential pass: walking the email_key index would fetch
            // each member's row at random, three times slower on a 100,000-member file (the "+" keeps SQLite off
            // it). The order must be code point order, as emailKeyLess compares. PostgreSQL's "C" collation is.
            // SQLite's BINARY is in a UTF-8 file, but Roster's files are UTF-16, where it compares little-endian
            // bytes: code point order only while every unit is below U+0100. So a key with a wider unit is held,
            // and sent when the rows leave the block of keys that share its prefix before that unit: in code point
            // order it follows every key of that block whose next unit is narrower, and precedes every key after
            // the block. Such addresses are rare, so little is held.
            auto rows = run(m_url.kind == StoreUrl::Kind::Postgresql
                                ? QStringLiteral("SELECT id, email, invited_by, joined_at, email_key FROM members"
                                                 " ORDER BY email_key COLLATE \"C\"")
                                : QStringLiteral("SELECT id, email, invited_by, joined_at, email_key FROM members"
                                                 " ORDER BY +email_key"));
            struct Held
            {
                KeyedRow person;
                qsizetype prefix; // the units before the first wide one
            };
            std::vector<Held> held;
            // Sends the held members whose block ends before `key` (all of them without one), in code point order.
            const auto sendHeld = [&](const QString* key) {
                const auto ended = std::stable_partition(held.begin(), held.end(), [&](const Held& h) {
                    return key && key->startsWith(QStringView(h.person.key).left(h.prefix));
                });
                std::sort(ended, held.end(), [](const Held& a, const Held& b) {
                    return UserFilter::emailKeyLess(a.person.key, b.person.key);
                });
                for (auto it = ended; it != held.end(); ++it)
                    send(&it->person);
                held.erase(ended, held.end());
            };
            Member member;
            while (nextRow(rows)) {
                member.id = rows.value(0).toString();
                member.email = rows.value(1).toString();
                member.invitedBy = rows.value(2).toString();
                member.joinedAt = fromMs(rows.value(3));
                member.roleIds = roles.of(member.id);
                KeyedRow person{rows.value(4).toString(), {}};
                const qsizetype wide = firstWideUnit(person.key);
                if (wide < 0)
                    sendHeld(&person.key);
                if (!maker.member(member, &person.row))
                    continue;
                if (wide >= 0)
                    held.push_back({std::move(person), wide});
                else
                    send(&person);
            }
            sendHeld(nullptr);
        }
        send(nullptr);
        return count;
    });
}
