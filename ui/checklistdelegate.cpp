// The whole row is the check box: a click on a role's name that only highlighted it sent an invitation without the
// role the admin meant to tick.
#include "checklistdelegate.h"

#include <QKeyEvent>
#include <QMouseEvent>

QSize CheckListDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    // The same padding as the users table's rows (font height + 14).
    size.setHeight(qMax(size.height(), option.fontMetrics.height() + 14));
    return size;
}

QModelIndex CheckListDelegate::checkableCell(const QModelIndex& index)
{
    if (!index.isValid())
        return {};
    if (index.flags() & Qt::ItemIsUserCheckable)
        return index;
    const QModelIndex first = index.siblingAtColumn(0);
    return first.flags() & Qt::ItemIsUserCheckable ? first : QModelIndex();
}

bool CheckListDelegate::editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                                    const QModelIndex& index)
{
    const QModelIndex box = checkableCell(index);
    if (m_readOnly || !box.isValid() || !(box.flags() & Qt::ItemIsEnabled))
        return false;
    const QVariant state = box.data(Qt::CheckStateRole);
    if (!state.isValid())
        return false;
    switch (event->type()) {
    case QEvent::MouseButtonPress:
        return false; // the view selects the row, so the ticked row is also the highlighted one
    case QEvent::MouseButtonDblClick:
        return true; // the release that follows ticks again, as a check box does
    case QEvent::MouseButtonRelease: {
        const auto* mouse = static_cast<const QMouseEvent*>(event);
        // Ctrl and Shift extend a selection; only a plain click ticks.
        if (mouse->button() != Qt::LeftButton || (mouse->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier))
            || !option.rect.contains(mouse->position().toPoint()))
            return false;
        break;
    }
    case QEvent::KeyPress: {
        const int key = static_cast<const QKeyEvent*>(event)->key();
        if (key != Qt::Key_Space && key != Qt::Key_Select)
            return false;
        break;
    }
    default:
        return false;
    }
    const bool checked = state.value<Qt::CheckState>() == Qt::Checked;
    return model->setData(box, checked ? Qt::Unchecked : Qt::Checked, Qt::CheckStateRole);
}

void CheckListDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (m_readOnly)
        option->state &= ~QStyle::State_Enabled;
}
