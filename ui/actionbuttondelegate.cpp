// A painted button rather than an index widget: 100,000 real QPushButtons would cost memory and scroll speed.
#include "actionbuttondelegate.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>

QRect ActionButtonDelegate::buttonRect(const QRect& cell)
{
    return cell.adjusted(4, 2, -4, -2);
}

void ActionButtonDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    QStyleOptionButton button;
    button.rect = buttonRect(option.rect);
    button.text = index.data(Qt::DisplayRole).toString() + QStringLiteral(" ▾");
    button.state = QStyle::State_Enabled | QStyle::State_Raised;
    if (option.state & QStyle::State_MouseOver
        && button.rect.contains(option.widget ? option.widget->mapFromGlobal(QCursor::pos()) : QPoint()))
        button.state |= QStyle::State_MouseOver;
    button.fontMetrics = option.fontMetrics;
    QApplication::style()->drawControl(QStyle::CE_PushButton, &button, painter, option.widget);
}

QSize ActionButtonDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QString text = index.data(Qt::DisplayRole).toString() + QStringLiteral(" ▾");
    QStyleOptionButton button;
    button.fontMetrics = option.fontMetrics;
    const QSize content = option.fontMetrics.size(Qt::TextSingleLine, text);
    return QApplication::style()->sizeFromContents(QStyle::CT_PushButton, &button, content, option.widget)
        + QSize(8, 4);
}

bool ActionButtonDelegate::editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                                       const QModelIndex& index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() == Qt::LeftButton && buttonRect(option.rect).contains(mouse->position().toPoint())) {
            Q_EMIT clicked(index, buttonRect(option.rect));
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}
