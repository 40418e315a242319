// Draws a push button in the Actions column and reports clicks on it.
#pragma once

#include <QStyledItemDelegate>

class ActionButtonDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionButtonDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                     const QModelIndex& index) override;

Q_SIGNALS:
    // `buttonRect` is in the view's viewport coordinates, to anchor the menu under the button.
    void clicked(const QModelIndex& index, const QRect& buttonRect);

private:
    static QRect buttonRect(const QRect& cell);
};
