// Filters the user table with the core's UserFilter, and sorts it on raw values.
#pragma once

#include "userfilter.h"

#include <QSortFilterProxyModel>

class UserTableModel;

class UserFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserFilterProxyModel)

public:
    using StatusFilter = UserFilter::Status;

    explicit UserFilterProxyModel(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* model) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setStatusFilter(StatusFilter status);
    void setRoleFilter(const QString& roleId); // empty: any role
    void setSearchText(const QString& text);

    StatusFilter statusFilter() const { return m_filter.status(); }
    QString roleFilter() const { return m_filter.roleId(); }
    QString searchText() const { return m_filter.searchText(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    UserTableModel* m_users = nullptr;
    UserFilter m_filter;
};
