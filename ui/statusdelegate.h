// Draws a member's status as readable at a glance: "Pending invite" as an amber badge, "Active" as a green dot
// before the word. The text itself is unchanged, so screen readers and sorting read the same.
#pragma once

#include <QStyledItemDelegate>

class StatusDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};
