// Filters the user table by text, status and role, and sorts it on raw values.
#pragma once

#include <QSortFilterProxyModel>

class UserTableModel;

class UserFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserFilterProxyModel)

public:
    enum class StatusFilter {
        All,
        Active,
        Pending,
    };

    explicit UserFilterProxyModel(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* model) override;

    void setStatusFilter(StatusFilter status);
    void setRoleFilter(const QString& roleId); // empty: any role
    void setSearchText(const QString& text);

    StatusFilter statusFilter() const { return m_status; }
    QString roleFilter() const { return m_roleId; }
    QString searchText() const { return m_search; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    UserTableModel* m_users = nullptr;
    StatusFilter m_status = StatusFilter::All;
    QString m_roleId;
    QString m_search;
};
