// Only the height and the enabled look change; painting is the style's.
#include "checklistdelegate.h"

QSize CheckListDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    // The same padding as the users table's rows (font height + 14).
    size.setHeight(qMax(size.height(), option.fontMetrics.height() + 14));
    return size;
}

void CheckListDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (m_readOnly)
        option->state &= ~QStyle::State_Enabled;
}
