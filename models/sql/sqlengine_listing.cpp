// The SQL engine's streamed listing: `users list` and `export members` over 100,000 members in the time the
// database takes to read them, holding only the pending invitations in memory.
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

// A row merged in from memory: a pending invitation, or a member whose address the database does not order by code
// point. A member goes before an invitation to the same address.
struct HeldRow
{
    QString key;
    bool invite = false;
    PersonRow row;

    bool operator<(const HeldRow& other) const
    {
        if (UserFilter::emailKeyLess(key, other.key))
            return true;
        return !UserFilter::emailKeyLess(other.key, key) && !invite && other.invite;
    }
};

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

        // The pending invitations are few next to the members: they are read whole and merged in.
        std::vector<HeldRow> held;
        PersonRow row;
        if (visible.invitesVisible && status != UserFilter::Status::Active) {
            for (auto& invite : loadInvites(InviteStatus::Pending, {})) {
                if (!visible.rolesVisible)
                    invite.roleIds.clear(); // a user's roles are role information: hidden without read:roles
                if (maker.invite(invite, &row))
                    held.push_back({emailKey(invite.email), true, std::move(row)});
            }
        }
        int count = 0;
        // Held rows all come before the first member the database orders, so they are sorted once, then.
        bool sorted = false;
        size_t next = 0;
        const auto sortHeld = [&] {
            if (!std::exchange(sorted, true))
                std::sort(held.begin(), held.end());
        };
        // Every held row that sorts before `key` (all of them without one).
        const auto sendHeldBefore = [&](const QString* key) {
            for (; next < held.size() && (!key || UserFilter::emailKeyLess(held[next].key, *key)); ++next) {
                sink(held[next].row);
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
            // The members in code point order of their email_key, as emailKeyLess compares, sorted by the database
            // after one sequential pass: walking the email_key index would fetch each member's row at random, three
            // times slower on a 100,000-member file (the "+" keeps SQLite off it). PostgreSQL's "C" collation is code
            // point order. SQLite's BINARY is too in a UTF-8 file, but Roster's files are UTF-16, where it compares
            // little-endian bytes: right for ASCII, wrong beyond. So an address with anything but printable ASCII
            // comes first, flagged, and is held and merged in from memory; such addresses are rare.
            const QString sql = m_url.kind == StoreUrl::Kind::Postgresql
                ? QStringLiteral("SELECT id, email, invited_by, joined_at, email_key, FALSE FROM members"
                                 " ORDER BY email_key COLLATE \"C\"")
                : QStringLiteral("SELECT id, email, invited_by, joined_at, email_key, email_key GLOB '*[^ -~]*' AS held"
                                 " FROM members ORDER BY held DESC, +email_key");
            auto rows = run(sql);
            Member member;
            while (nextRow(rows)) {
                member.id = rows.value(0).toString();
                member.email = rows.value(1).toString();
                member.invitedBy = rows.value(2).toString();
                member.joinedAt = fromMs(rows.value(3));
                member.roleIds = roles.of(member.id);
                const QString key = rows.value(4).toString();
                if (rows.value(5).toBool()) {
                    if (maker.member(member, &row))
                        held.push_back({key, false, std::move(row)});
                    continue;
                }
                sortHeld();
                sendHeldBefore(&key);
                if (maker.member(member, &row)) {
                    sink(row);
                    ++count;
                }
            }
        }
        sortHeld();
        sendHeldBefore(nullptr);
        return count;
    });
}
