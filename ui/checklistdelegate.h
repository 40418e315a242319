// The check lists (the invite dialog's roles, Manage roles, the permission trees, Add existing member): a click
// anywhere on a checkable row ticks it, as does Space wherever the current cell is, at the main table's comfortable
// row height, and drawn as read-only when their list is, while rows stay selectable.
#pragma once

#include <QStyledItemDelegate>

class CheckListDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckListDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // Greys every row without disabling it, so a built-in role's permissions read as fixed yet can be browsed.
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                     const QModelIndex& index) override;

    // The cell that carries the box of `index`'s row: `index` itself, else its row's first column.
    static QModelIndex checkableCell(const QModelIndex& index);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    bool m_readOnly = false;
};
