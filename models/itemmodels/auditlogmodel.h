// The audit log as a table, newest first, read a page at a time as the view scrolls (canFetchMore/fetchMore with a
// keyset cursor), so a store with 1,000,000 events opens at once. Newer events are put on top by fetchNewer().
#pragma once

#include "domain.h"
#include "result.h"

#include <QAbstractTableModel>

class AccountStore;

class AuditLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLogModel)

public:
    enum Column { WhenColumn, ActorColumn, ActionColumn, TargetColumn, DetailColumn, ColumnCount };
    static constexpr int PageSize = 200;

    explicit AuditLogModel(AccountStore* store, QObject* parent = nullptr);

    // The filters to read with (limit and cursors are the model's own); starts again from the newest event.
    void setFilter(const AuditQuery& filter);
    const AuditQuery& filter() const { return m_filter; }
    // Reads what happened since the newest row shown, and puts it on top.
    void fetchNewer();
    bool isLoading() const { return m_loading; }
    const AuditEvent& eventAt(int row) const { return m_events.at(row); }
    // "Invitation sent", "Roles changed": the table's word for an action; unknown actions as they are stored.
    static QString actionLabel(const QString& action);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    // A page could not be read: what is shown stays, and the reason is given.
    void loadFailed(const Error& error);

private:
    void setLoading(bool loading);

    AccountStore* m_store;
    AuditQuery m_filter;
    QList<AuditEvent> m_events;
    bool m_loading = false;
    bool m_exhausted = false;
    bool m_failed = false;
    int m_generation = 0; // answers to an older filter are dropped
};
