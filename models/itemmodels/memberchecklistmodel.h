// Active members as a checkable list, for picking who gets a role ("Add existing member…").
#pragma once

#include "domain.h"

#include <QAbstractListModel>
#include <QSet>

class MemberChecklistModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemberChecklistModel)

public:
    enum DataRole {
        MemberIdRole = Qt::UserRole,
    };

    explicit MemberChecklistModel(QObject* parent = nullptr);

    // The candidates, sorted by email; the checks are cleared.
    void setMembers(QList<Member> members);
    QStringList checkedMemberIds() const;
    int checkedCount() const { return int(m_checked.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

Q_SIGNALS:
    void checkedCountChanged(int count);

private:
    QList<Member> m_members;
    QSet<QString> m_checked;
};
