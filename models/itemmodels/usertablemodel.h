// The columns and roles of the people tables: User Management (AllUsersModel) and a role's Users tab
// (RoleUsersModel). Subclasses say which rows there are; the views, proxies and actions read them through here.
#pragma once

#include "accountsession.h"
#include "userfilter.h"

#include <QAbstractTableModel>

class UserTableModel : public QAbstractTableModel
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
        // The tables' own order: by address as emailKey() folds it.
        bool sortsBefore(const Row& other) const
        {
            return UserFilter::emailKeyLess(emailPrefix, emailKey, other.emailPrefix, other.emailKey);
        }
        // Invalid when the invitation never expires.
        QDateTime expiresAt() const
        {
            return expiresAtMs != 0 ? QDateTime::fromMSecsSinceEpoch(expiresAtMs, Qt::UTC) : QDateTime();
        }
    };

    // A sorted proxy asks for two indexes per comparison, over a million times to sort 100,000 rows: this skips
    // hasIndex()'s extra virtual calls.
    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override
    {
        return !parent.isValid() && row >= 0 && column >= 0 && column < ColumnCount && row < rowCount()
            ? createIndex(row, column)
            : QModelIndex();
    }
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Removing more separate runs of rows than this at once, or more rows than MaxRowRemovals, is
    // announced as one reset instead: a sorted proxy turns even one run into a signal per row.
    static constexpr int MaxRemovalRuns = 32;
    static constexpr int MaxRowRemovals = 512;

    // Rows are always in email order (Row::sortsBefore), so a view sorted by email ascending needs no sort.
    virtual const Row& rowAt(int row) const = 0;
    // The row showing this member or invitation, or -1.
    virtual int rowOf(const QString& id) const = 0;
    // The role whose holders this table shows; empty when it shows everyone.
    virtual QString scopeRoleId() const { return {}; }
    // Empty for now only because it is about to be filled again (a role's tab a frame after a large change): a
    // view should keep what it shows rather than say nobody is there.
    virtual bool isRefilling() const { return false; }
    const AccountSession* session() const { return m_session; }

protected:
    explicit UserTableModel(AccountSession* session, QObject* parent = nullptr);

    AccountSession* m_session;
};

// Every member is relocatable (implicitly shared Qt values and plain numbers): QList can grow the rows with realloc().
Q_DECLARE_TYPEINFO(UserTableModel::Row, Q_RELOCATABLE_TYPE);
