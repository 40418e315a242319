// Paints the cell's background as the style does, then the badge or dot and the text in it.
#include "statusdelegate.h"

#include "usertablemodel.h"

#include <QApplication>
#include <QPainter>

void StatusDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem base = option;
    initStyleOption(&base, index);
    const QString text = base.text;
    base.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &base, painter, widget);

    const bool pending = index.data(UserTableModel::IsPendingRole).toBool();
    const QFontMetrics metrics(option.font);
    const int margin = metrics.averageCharWidth();
    QRect area = option.rect.adjusted(margin, 0, -margin, 0);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (pending) {
        // A badge: amber, with dark text that keeps its contrast whatever the row's colours.
        const int height = metrics.height() + 4;
        const int width = qMin(area.width(), metrics.horizontalAdvance(text) + 2 * margin);
        const QRect badge(area.left(), area.center().y() - height / 2, width, height);
        // Expired: grey, as something that no longer works until it is resent.
        const bool expired = index.data(UserTableModel::IsExpiredRole).toBool();
        painter->setPen(expired ? QColor(0x80, 0x80, 0x80) : QColor(0xb4, 0x6a, 0x00));
        painter->setBrush(expired ? QColor(0xee, 0xee, 0xee) : QColor(0xff, 0xf1, 0xd6));
        painter->drawRoundedRect(badge, height / 2.0, height / 2.0);
        painter->setPen(expired ? QColor(0x40, 0x40, 0x40) : QColor(0x6b, 0x3d, 0x00));
        painter->drawText(badge, Qt::AlignCenter, metrics.elidedText(text, Qt::ElideRight, badge.width() - margin));
    } else {
        const int dot = metrics.height() / 2;
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0x2e, 0x8b, 0x3e));
        painter->drawEllipse(QRect(area.left(), area.center().y() - dot / 2, dot, dot));
        painter->setPen(option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText)
                                                              : option.palette.color(QPalette::Text));
        area.setLeft(area.left() + dot + margin);
        painter->drawText(area, Qt::AlignVCenter | Qt::AlignLeft,
                          metrics.elidedText(text, Qt::ElideRight, area.width()));
    }
    painter->restore();
}
