// The bulk invite preview: one row per address with what will happen to it (ready, invalid address, already a
// member…), before anything is sent. A new plan replaces the whole table: it is a new list, not an edit of one.
#pragma once

#include "accountstore.h"
#include "inviteplan.h"

#include <QAbstractTableModel>

class InvitePlanModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InvitePlanModel)

public:
    enum Column { LineColumn, EmailColumn, RolesColumn, OutcomeColumn, ColumnCount };
    enum DataRole {
        FateRole = Qt::UserRole, // int(PlannedInvite::Fate)
    };

    explicit InvitePlanModel(QObject* parent = nullptr);

    void setPlan(QList<PlannedInvite> plan);
    const QList<PlannedInvite>& plan() const { return m_plan; }
    // How many rows have each fate, in the order of the Fate enum.
    QList<std::pair<PlannedInvite::Fate, int>> counts() const;
    // The rows that will be sent.
    QList<NewInvite> readyInvites() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<PlannedInvite> m_plan;
};
