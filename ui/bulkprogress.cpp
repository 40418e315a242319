#include "bulkprogress.h"

#include <QCoreApplication>
#include <QProgressDialog>
#include <QTimer>

namespace BulkProgress {

QProgressDialog* show(QWidget* parent, const QString& title, int total, const std::shared_ptr<BulkControl>& control)
{
    auto* progress =
        new QProgressDialog(title, QCoreApplication::translate("BulkProgress", "Cancel"), 0, total, parent);
    progress->setObjectName(QStringLiteral("bulkProgressDialog"));
    progress->setWindowTitle(title);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    // Cancel stops what has not been sent; the dialog stays until the calls in flight have answered. (QProgressDialog
    // connects canceled() to its own cancel() with the string-based syntax, so it is undone the same way.)
    QObject::disconnect(progress, SIGNAL(canceled()), progress, SLOT(cancel()));
    QObject::connect(progress, &QProgressDialog::canceled, progress, [control, progress] {
        control->cancelled = true;
        progress->setLabelText(
            QCoreApplication::translate("BulkProgress", "Cancelling: waiting for the calls already sent…"));
        progress->setCancelButtonText(QString());
    });
    auto* poll = new QTimer(progress);
    QObject::connect(poll, &QTimer::timeout, progress, [control, progress] { progress->setValue(control->finished); });
    poll->start(100);
    progress->show();
    return progress;
}

} // namespace BulkProgress
