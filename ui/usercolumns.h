// Keeps the users table readable at any width: Roles, the column admins read most, gets the space first (at least
// 40 %); Email and Invited by give way down to a floor and elide beyond it; Status, Date and Actions keep their
// size. Expires, the least read, steps aside in a narrow table rather than squeeze Roles (hidden until there is
// room again; not remembered). The header's context menu hides and shows columns, and the choice is remembered.
#pragma once

#include <QObject>

class QHelpEvent;
class QTableView;

class UserColumns final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserColumns)

public:
    static constexpr double RolesShare = 0.4;

    UserColumns(QTableView* view, const QString& settingsKey);

    // Spreads the viewport's width over the visible columns.
    void fit();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showHeaderMenu(const QPoint& position);
    void saveHiddenColumns() const;
    // Shows a cell's full text when the column is too narrow for it, and nothing when it fits.
    bool showElidedText(QHelpEvent* event) const;

    QTableView* m_view;
    QWidget* m_viewport;
    QString m_settingsKey;
    bool m_expiresSteppedAside = false; // hidden by fit() for lack of room, not by the user
};
