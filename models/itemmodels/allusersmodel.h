// The User Management table: every active member and pending invitation of the account, one row each.
#pragma once

#include "usertablemodel.h"

#include <QHash>
#include <QList>
#include <QVarLengthArray>

class AllUsersModel final : public UserTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AllUsersModel)

public:
    explicit AllUsersModel(AccountSession* session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    const Row& rowAt(int row) const override { return m_rows.at(row); }
    int rowOf(const QString& id) const override;

    // From this many people a load's rows are put in order on two threads.
    static constexpr int ParallelRows = 20000;

private:
    // Room kept after a load for the invitations that follow it: the first one would otherwise copy every row
    // into a larger block (20 MB and 25 ms of the frame that shows it, at 100,000 people).
    static constexpr int SpareRows = 256;
    // New rows landing in more separate places than this are announced as one reset: each place moves the rows
    // after it (20 MB at 100,000 people), and a reset costs the proxy no sort now that it reads this order as is.
    static constexpr int MaxInsertRuns = 8;

    void rebuild();
    // Role sets by their ids' string data, which the stores share between everyone holding a role: hashing a few
    // pointers instead of 36-character ids was most of building 100,000 rows. Equal ids that are not shared only
    // miss the cache. The first entry marks an invitation (Base implied).
    using RolesTextCache = QHash<QVarLengthArray<const void*, 8>, QString>;
    // "Base, Admin" for a set of roles; `cache` shares the text between rows with the same roles.
    QString rolesTextFor(const QStringList& roleIds, bool pending, RolesTextCache* cache) const;
    // `key`: the address's emailKey() when the caller has it already.
    Row rowFor(const Member& member, RolesTextCache* cache = nullptr, const QString& key = {}) const;
    Row rowFor(const Invite& invite, RolesTextCache* cache = nullptr, const QString& key = {}) const;
    // Puts each row where its address sorts, after any rows with the same address.
    void insertRows(QList<Row> rows);
    void mergeAndReset(QList<Row> sortedRows);
    void replaceRow(int row, Row fresh);
    void removeRowWithId(const QString& id);
    void removeRowsWithIds(const QStringList& ids);
    void removeRowsAndReset(const QSet<QString>& gone);
    void updateInvites(const QList<Invite>& invites);
    void upsertMember(const Member& member);
    void updateRoles(const QList<Member>& members);
    void refreshRolesText();
    void refreshExpiry();

    // Always in email order (emailKeyLess): the proxies show "Email, ascending" as this order without sorting,
    // and a role's tab, which keeps its holders' row numbers ascending, is in that order too.
    QList<Row> m_rows;
};
