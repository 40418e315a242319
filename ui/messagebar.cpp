// Information fades after a few seconds; errors stay until dismissed, so none is missed.
#include "messagebar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_closeButton(new QToolButton(this))
    , m_hideTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("messageBar"));
    setAccessibleName(tr("Messages"));
    setFrameShape(QFrame::StyledPanel);
    m_label->setObjectName(QStringLiteral("messageLabel"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_closeButton->setObjectName(QStringLiteral("closeMessageButton"));
    m_closeButton->setText(QStringLiteral("✕"));
    m_closeButton->setAutoRaise(true);
    m_closeButton->setToolTip(tr("Dismiss this message"));
    m_closeButton->setAccessibleName(tr("Dismiss message"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_closeButton);
    m_hideTimer->setSingleShot(true);
    m_hideTimer->setInterval(8000);
    connect(m_hideTimer, &QTimer::timeout, this, &QWidget::hide);
    connect(m_closeButton, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBar::showMessage(const QString& text, Kind kind)
{
    m_kind = kind;
    m_label->setText(text);
    m_label->setAccessibleName(text);
    setStyleSheet(kind == Kind::Error ? QStringLiteral("#messageBar { background: #fde8e8; border: 1px solid #e0a0a0; }"
                                                       " #messageLabel { color: #7a1010; }")
                                      : QStringLiteral("#messageBar { background: #e7f3e9; border: 1px solid #9cc9a4; }"
                                                       " #messageLabel { color: #174d22; }"));
    show();
    placeOverHost();
    if (kind == Kind::Information && m_fading)
        m_hideTimer->start();
    else
        m_hideTimer->stop();
}

void MessageBar::floatOver(QWidget* host)
{
    m_host = host;
    setParent(host);
    setAutoFillBackground(true);
    host->installEventFilter(this);
    placeOverHost();
}

bool MessageBar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_host && event->type() == QEvent::Resize)
        placeOverHost();
    return QFrame::eventFilter(watched, event);
}

void MessageBar::placeOverHost()
{
    if (!m_host)
        return;
    const int margin = 8;
    const int width = m_host->width() - 2 * margin;
    const int height = hasHeightForWidth() ? heightForWidth(width) : sizeHint().height();
    setGeometry(margin, m_host->height() - height - margin, width, height);
    raise();
}

void MessageBar::clear()
{
    m_hideTimer->stop();
    m_label->clear();
    hide();
}

QString MessageBar::text() const
{
    return isHidden() ? QString() : m_label->text();
}
