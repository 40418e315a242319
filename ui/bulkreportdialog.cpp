// Refused and unsent people first: they are what the admin has to act on.
#include "bulkreportdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

BulkReportDialog::BulkReportDialog(const QString& summary, const BulkReport& report, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("bulkReportDialog"));
    setWindowTitle(tr("What was done"));
    auto* layout = new QVBoxLayout(this);
    auto* summaryLabel = new QLabel(summary, this);
    summaryLabel->setObjectName(QStringLiteral("bulkReportSummaryLabel"));
    summaryLabel->setWordWrap(true);
    layout->addWidget(summaryLabel);
    auto* table = new QTableWidget(0, 2, this);
    table->setObjectName(QStringLiteral("bulkReportTable"));
    table->setAccessibleName(tr("Result for each person"));
    table->setHorizontalHeaderLabels({tr("Email"), tr("Result")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    const auto add = [table](const QString& email, const QString& result) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(email));
        auto* item = new QTableWidgetItem(result);
        item->setToolTip(result);
        table->setItem(row, 1, item);
    };
    for (const auto& refusal : report.refused)
        add(refusal.email, tr("Not done: %1").arg(refusal.error.message));
    for (const auto& email : report.notSent)
        add(email, tr("Not sent: cancelled before its turn"));
    for (const auto& email : report.done)
        add(email, tr("Done"));
    table->resizeColumnToContents(0);
    layout->addWidget(table, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 100, fontMetrics().height() * 24);
}
