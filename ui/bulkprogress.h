// The progress of a change made one person at a time (the cloud): a bar, and a Cancel that stops what has not been
// sent while the dialog waits for the calls already in flight.
#pragma once

#include "accountstore.h"

class QProgressDialog;
class QWidget;

namespace BulkProgress {
// Shows it at once over `parent`; the caller deletes it when the change has finished.
QProgressDialog* show(QWidget* parent, const QString& title, int total, const std::shared_ptr<BulkControl>& control);
} // namespace BulkProgress
