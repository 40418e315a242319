// The one inline message strip, for errors and confirmations on a page and inside every dialog (as KeePassXC's
// MessageWidget), instead of hand-coloured labels or chains of modal boxes.
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
    void clear();
    // The message shown, or empty when none is.
    QString text() const;
    Kind kind() const { return m_kind; }
    // Inside a dialog a message describes the input and stays while it holds; on a page information fades.
    void setFading(bool fading) { m_fading = fading; }
    // Floats over the foot of `host` instead of taking a place in a layout, so nothing moves when it shows.
    void floatOver(QWidget* host);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QLabel* m_label;
    QToolButton* m_closeButton;
    QTimer* m_hideTimer;
    Kind m_kind = Kind::Information;
    bool m_fading = true;
    QWidget* m_host = nullptr;

    void placeOverHost();
};
