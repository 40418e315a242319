// A role's Users tab: the rows of User Management whose people hold the role.
//
// It keeps their row numbers in AllUsersModel, not copies of the rows (Base's tab copied 21 MB at 100,000 people),
// and follows AllUsersModel's signals to keep them right.
#pragma once

#include "usertablemodel.h"

#include <QList>
#include <QTimer>

class AllUsersModel;

class RoleUsersModel final : public UserTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoleUsersModel)

public:
    // How long the tab waits before taking a large change that User Management has just taken: the two tables'
    // sorted proxies then never re-sort 100,000 rows in the same frame. A zero timer would not do: it runs in the
    // same pass of the event loop, before the window has painted.
    static constexpr int NextFrameMs = 20;

    RoleUsersModel(AllUsersModel* all, const QString& roleId, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    const Row& rowAt(int row) const override;
    int rowOf(const QString& id) const override;
    QString scopeRoleId() const override { return m_roleId; }
    // A large change is taken but not shown yet; it will be within NextFrameMs.
    bool isCatchingUp() const { return m_catchUp.isActive(); }
    bool isRefilling() const override { return m_refillPending; }

private:
    // Where `sourceRow` is, or would go, among the rows shown.
    qsizetype positionOf(int sourceRow) const;
    QList<int> holdersIn(int first, int last) const;
    bool holds(const Row& row, const Role* role) const;
    // Empty now, every holder again a frame later: for a change too large to announce row by row.
    void refillNextFrame();
    void catchUp();
    void takeInserted(int first, int last);
    void takeRemoved(int first, int last);
    void dropRemoved(int first, int last);
    void takeChanged(int first, int last, int firstColumn, int lastColumn, const QList<int>& roles);
    void insertHolder(int sourceRow);

    AllUsersModel* m_all;
    QString m_roleId;
    // The role's holders as AllUsersModel's row numbers, ascending: the same order as its rows.
    QList<int> m_sourceRows;
    // A large change waiting for m_catchUp: the tab is empty until it refills.
    bool m_refillPending = false;
    QTimer m_catchUp;
};
