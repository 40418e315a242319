// Which people a list shows: by status, by role, by search text. The console's table and `roster-cli users list`
// both ask this one filter, so the same flags give the same rows everywhere.
#pragma once

#include "domain.h"

#include <algorithm>

class UserFilter
{
public:
    enum class Status {
        All,
        Active,
        Pending, // pending invitations still within their lifetime
        Expired, // pending invitations past it (local stores)
    };

    // "all", "active", "pending" or "expired", as roster-cli takes them; false for anything else.
    static bool parseStatus(const QString& text, Status* status);

    void setStatus(Status status) { m_status = status; }
    // Only the people who hold `role` (holdsRole(): Base is implied on pending invitations).
    void setRole(const Role& role) { m_role = role; }
    void clearRole() { m_role = Role(); }
    // Case-insensitive, anywhere in the address.
    void setSearchText(const QString& text) { m_search = text.trimmed(); }

    Status status() const { return m_status; }
    QString roleId() const { return m_role.id; }
    QString searchText() const { return m_search; }

    bool matches(const QString& email, const QStringList& roleIds, bool pending, bool expired = false) const;

    // The order lists show people in: by email as emailKey() folds it, so case never splits a name. Not QCollator:
    // addresses are ASCII in practice, where case-folded code points already read in alphabetical order, and
    // collating 100,000 rows costs ten times as much as this on every sort.
    // Code point order, which is how SQLite (BINARY) and PostgreSQL (COLLATE "C") order UTF-8, so that a listing
    // streamed in the database's order needs no sort. It differs from QString's UTF-16 order only where a character
    // beyond U+FFFF meets one in U+E000..U+FFFF.
    static bool emailKeyLess(const QString& leftKey, const QString& rightKey)
    {
        const auto [left, right] = std::mismatch(leftKey.begin(), leftKey.end(), rightKey.begin(), rightKey.end());
        if (right == rightKey.end())
            return false;
        if (left == leftKey.end())
            return true;
        return codePointRank(left->unicode()) < codePointRank(right->unicode());
    }

    // The first 16 code units of an email key packed into two integers (units above 0xFF count as 0xFF), in an
    // order that never contradicts emailKeyLess: a smaller prefix means a smaller key, an equal one means "compare
    // the keys". Sorting 100,000 rows then mostly compares integers stored in the row, not strings on the heap.
    struct SortPrefix
    {
        quint64 high = 0;
        quint64 low = 0;
    };
    static SortPrefix sortPrefix(const QString& key);
    static bool emailKeyLess(const SortPrefix& leftPrefix, const QString& leftKey, const SortPrefix& rightPrefix,
                             const QString& rightKey)
    {
        if (leftPrefix.high != rightPrefix.high)
            return leftPrefix.high < rightPrefix.high;
        if (leftPrefix.low != rightPrefix.low)
            return leftPrefix.low < rightPrefix.low;
        return emailKeyLess(leftKey, rightKey);
    }

private:
    // Surrogates (D800..DFFF) move above U+E000..U+FFFF, where the code points they encode belong.
    static int codePointRank(char16_t unit)
    {
        if (unit < 0xD800)
            return unit;
        return unit >= 0xE000 ? unit - 0x800 : unit + 0x2000;
    }

    Status m_status = Status::All;
    Role m_role; // empty id: any role
    QString m_search;
};
