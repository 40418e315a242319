// After a bulk change that did not reach everyone: each person and what happened to them.
#pragma once

#include "accountstore.h"

#include <QDialog>

class BulkReportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkReportDialog)

public:
    BulkReportDialog(const QString& summary, const BulkReport& report, QWidget* parent = nullptr);
};
