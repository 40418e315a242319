// The User Management table: active members and pending invites in one list.
#pragma once

#include "accountsession.h"
#include "userfilter.h"

#include <QAbstractTableModel>
#include <QHash>

class UserTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserTableModel)

public:
    enum Column {
        EmailColumn,
        StatusColumn,
        RolesColumn,
        InvitedByColumn,
        DateColumn,
        ExpiresColumn, // when a pending invitation stops being acceptable (local stores)
        ActionsColumn,
        ColumnCount
    };

    enum DataRole {
        IdRole = Qt::UserRole, // member id, or invite id for a pending invite
        IsPendingRole, // bool
        RoleIdsRole, // QStringList, Base included for invites
        SortRole, // raw value for sorting the column
        IsExpiredRole, // bool: a pending invitation past its lifetime
    };

    // The rows the table shows; kept flat so that sorting and filtering 100,000 rows need no QVariant.
    struct Row
    {
        QString id;
        QString email;
        QString emailKey;
        UserFilter::SortPrefix emailPrefix; // emailKey's first units, for fast sorting
        QStringList roleIds; // as stored: invites carry no Base
        QString rolesText; // cached "Base, Admin" for display and sorting
        QString invitedBy;
        QDateTime date;
        bool pending = false;
        QString unknownStatus; // an invitation whose status this version does not know: shown, never acted on
        qint64 expiresAtMs = 0; // a pending invitation's expiry (ms since the epoch, UTC); 0 when it never expires

        bool isExpired(qint64 nowMs) const { return pending && expiresAtMs != 0 && expiresAtMs <= nowMs; }
        // Invalid when the invitation never expires.
        QDateTime expiresAt() const
        {
            return expiresAtMs != 0 ? QDateTime::fromMSecsSinceEpoch(expiresAtMs, Qt::UTC) : QDateTime();
        }
    };

    // `roleFilterId` non-empty: only the people holding that role (the Role Details Users tab).
    explicit UserTableModel(AccountSession* session, const QString& roleFilterId = {}, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Removing more separate runs of rows than this at once, or more rows than MaxRowRemovals, is
    // announced as one reset instead: a sorted proxy turns even one run into a signal per row.
    static constexpr int MaxRemovalRuns = 32;
    // How long a role's Users tab waits before taking a large change User Management has just taken.
    static constexpr int NextFrameMs = 20;
    static constexpr int MaxRowRemovals = 512;

    const Row& rowAt(int row) const { return m_rows.at(row); }
    int rowOf(const QString& id) const;
    const AccountSession* session() const { return m_session; }

private:
    void rebuild();
    // Whether a row with these roles belongs here: all of them, or a role's holders only.
    bool wants(const QStringList& roleIds) const;
    using RolesTextCache = QHash<QStringList, QString>;
    // "Base, Admin" for a set of roles; `cache` shares the text between rows with the same roles.
    QString rolesTextFor(const QStringList& roleIds, bool pending, RolesTextCache* cache) const;
    Row rowFor(const Member& member, RolesTextCache* cache = nullptr) const;
    Row rowFor(const Invite& invite, RolesTextCache* cache = nullptr) const;
    void appendRows(const QList<Row>& rows);
    void removeRowWithId(const QString& id);
    void removeRowsWithIds(const QStringList& ids);
    void removeRowsAndReset(const QSet<QString>& gone);
    void upsertInvite(const Invite& invite);

    void upsertMember(const Member& member);
    void refreshRolesText();
    void refreshExpiry();
    void reindexFrom(int first);

    AccountSession* m_session;
    QString m_roleFilterId;
    QString m_baseRoleId;
    QList<Row> m_rows;
    // id -> row. Rebuilt on first use after a reset rather than inside it: 35 ms of a 100,000-row reset's frame.
    mutable QHash<QString, int> m_index;
    mutable bool m_indexStale = false;
};
