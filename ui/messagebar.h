// An inline message strip above the page for errors and confirmations, instead of chains of modal boxes.
#pragma once

#include <QFrame>

class QLabel;
class QTimer;
class QToolButton;

class MessageBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBar)

public:
    enum class Kind {
        Information,
        Error,
    };

    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(const QString& text, Kind kind = Kind::Information);
    QString text() const;
    Kind kind() const { return m_kind; }

private:
    QLabel* m_label;
    QToolButton* m_closeButton;
    QTimer* m_hideTimer;
    Kind m_kind = Kind::Information;
};
