// Widths from the font, so nothing is clipped at any scale; recomputed whenever the viewport changes size.
#include "usercolumns.h"

#include "usertablemodel.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QTableView>
#include <QToolTip>

UserColumns::UserColumns(QTableView* view, const QString& settingsKey)
    : QObject(view)
    , m_view(view)
    , m_viewport(view->viewport())
    , m_settingsKey(settingsKey)
{
    QHeaderView* header = view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, &UserColumns::showHeaderMenu);
    QSettings settings;
    for (const auto& column : settings.value(m_settingsKey).toList())
        view->setColumnHidden(column.toInt(), true);
    m_viewport->installEventFilter(this);
    fit();
}

void UserColumns::saveHiddenColumns() const
{
    QVariantList hidden;
    for (int column = 0; column < UserTableModel::ColumnCount; ++column) {
        if (column == UserTableModel::ExpiresColumn && m_expiresSteppedAside)
            continue;
        if (m_view->isColumnHidden(column))
            hidden.append(column);
    }
    QSettings settings;
    settings.setValue(m_settingsKey, hidden);
}

bool UserColumns::eventFilter(QObject* watched, QEvent* event)
{
    // The viewport is compared with the pointer kept at the start: while the table is being destroyed its
    // viewport still sends events, and the half-destroyed view must not be asked anything.
    if (watched != m_viewport)
        return QObject::eventFilter(watched, event);
    if (event->type() == QEvent::Resize)
        fit();
    else if (event->type() == QEvent::ToolTip)
        return showElidedText(static_cast<QHelpEvent*>(event));
    return QObject::eventFilter(watched, event);
}

bool UserColumns::showElidedText(QHelpEvent* event) const
{
    const QModelIndex index = m_view->indexAt(event->pos());
    // A cell with a tooltip of its own (the date, the Actions button) keeps it.
    if (!index.isValid() || index.data(Qt::ToolTipRole).isValid())
        return false;
    const QString text = index.data(Qt::DisplayRole).toString();
    const QRect cell = m_view->visualRect(index);
    const int margin = 2 * m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view) + 2;
    if (m_view->fontMetrics().horizontalAdvance(text) + margin <= cell.width()) {
        QToolTip::hideText();
        return true;
    }
    QToolTip::showText(event->globalPos(), text, m_view->viewport(), cell);
    return true;
}

void UserColumns::fit()
{
    if (m_expiresSteppedAside) { // judged again at this width
        m_expiresSteppedAside = false;
        m_view->setColumnHidden(UserTableModel::ExpiresColumn, false);
    }
    const QFontMetrics metrics = m_view->fontMetrics();
    const int padding = metrics.horizontalAdvance(QStringLiteral("MM")) * 3 / 4;
    const int address = metrics.horizontalAdvance(QStringLiteral("firstname.lastname@example.com")) + padding;
    const auto width = [&](int column, int wanted) {
        return m_view->isColumnHidden(column) ? 0 : wanted;
    };
    // What does not give way: short, known texts.
    const int status = width(UserTableModel::StatusColumn,
                             qMax(metrics.horizontalAdvance(UserTableModel::tr("Pending invite")),
                                  metrics.horizontalAdvance(UserTableModel::tr("Expired invite")))
                                 + 2 * padding);
    const int date =
        width(UserTableModel::DateColumn, metrics.horizontalAdvance(QStringLiteral("28 Sept 2026")) + padding);
    const int actions =
        width(UserTableModel::ActionsColumn, metrics.horizontalAdvance(UserTableModel::tr("Actions")) + 3 * padding);
    const int available = m_view->viewport()->width();
    const int rolesFloor = int(available * RolesShare);
    int email = width(UserTableModel::EmailColumn, address);
    int invited = width(UserTableModel::InvitedByColumn, address);
    // Email and Invited by give way first, down to floors where their text elides but their header still reads
    // whole.
    const auto headerWidth = [&](int column) {
        const QString title = m_view->model()->headerData(column, Qt::Horizontal).toString();
        return m_view->horizontalHeader()->fontMetrics().horizontalAdvance(title) + padding;
    };
    int expires = width(
        UserTableModel::ExpiresColumn,
        qMax(metrics.horizontalAdvance(QStringLiteral("28 Sept 2026")), headerWidth(UserTableModel::ExpiresColumn))
            + padding);
    const int emailFloor = width(UserTableModel::EmailColumn, qMin(20 * metrics.averageCharWidth(), available / 5));
    const int invitedFloor = width(UserTableModel::InvitedByColumn, headerWidth(UserTableModel::InvitedByColumn));
    int roles = width(UserTableModel::RolesColumn, rolesFloor);
    int excess = status + date + expires + actions + email + invited + roles - available;
    // Who gives way, in order, and down to where: a column gives only what it has above its floor.
    const auto giveWay = [&excess](int& column, int floor) {
        const int given = qBound(0, qMin(excess, column - floor), column);
        column -= given;
        excess -= given;
    };
    giveWay(invited, invitedFloor);
    giveWay(email, emailFloor);
    if (excess > 0 && expires > 0) {
        m_expiresSteppedAside = true;
        m_view->setColumnHidden(UserTableModel::ExpiresColumn, true);
        excess -= expires;
        expires = 0;
    }
    // Only in a very narrow table (a small window at a large scale) do Roles and then the addresses give more,
    // rather than push Actions out of sight behind a scroll bar.
    giveWay(roles, qMin(rolesFloor, metrics.horizontalAdvance(QStringLiteral("Base, Admin")) + padding));
    giveWay(email, width(UserTableModel::EmailColumn, 8 * metrics.averageCharWidth()));
    giveWay(invited, width(UserTableModel::InvitedByColumn, 4 * metrics.averageCharWidth()));
    // Room to spare: all of it to Roles, or to Email when Roles is hidden.
    if (excess < 0)
        (m_view->isColumnHidden(UserTableModel::RolesColumn) ? email : roles) -= excess;
    const int widths[UserTableModel::ColumnCount] = {email, status, roles, invited, date, expires, actions};
    QHeaderView* header = m_view->horizontalHeader();
    for (int column = 0; column < UserTableModel::ColumnCount; ++column) {
        if (!m_view->isColumnHidden(column))
            header->resizeSection(column, widths[column]);
    }
}

void UserColumns::showHeaderMenu(const QPoint& position)
{
    QMenu menu(m_view);
    menu.setObjectName(QStringLiteral("columnsMenu"));
    menu.setAccessibleName(tr("Columns"));
    for (int column = 0; column < UserTableModel::ColumnCount; ++column) {
        // Email names the row and Actions acts on it: those two always stay.
        if (column == UserTableModel::EmailColumn || column == UserTableModel::ActionsColumn)
            continue;
        QAction* action = menu.addAction(m_view->model()->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!m_view->isColumnHidden(column)
                           || (column == UserTableModel::ExpiresColumn && m_expiresSteppedAside));
        connect(action, &QAction::toggled, this, [this, column](bool shown) {
            if (column == UserTableModel::ExpiresColumn)
                m_expiresSteppedAside = false; // the user's choice from now on
            m_view->setColumnHidden(column, !shown);
            saveHiddenColumns();
            fit();
        });
    }
    menu.exec(m_view->horizontalHeader()->mapToGlobal(position));
}
