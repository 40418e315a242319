// Plain dialogs built in code: a table of shortcuts, and the About box.
#include "helpdialogs.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QMessageBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

class Help
{
    Q_DECLARE_TR_FUNCTIONS(Help)
};

} // namespace

namespace HelpDialogs {

void showKeyboardShortcuts(QWidget* parent)
{
    // Each line: the keys (alternatives side by side) and what they do.
    struct Line
    {
        Line(const QKeySequence& key, const QString& text)
            : keys{key}
            , text(text)
        {
        }
        Line(const QList<QKeySequence>& keys, const QString& text)
            : keys(keys)
            , text(text)
        {
        }
        QList<QKeySequence> keys;
        QString text;
    };
    const QList<Line> shortcuts = {
        {QKeySequence(Qt::CTRL | Qt::Key_I), Help::tr("Invite users (on a role's page: into that role)")},
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
         Help::tr("Invite many people from a pasted list or a CSV file")},
        {QKeySequence::Find, Help::tr("Search the people of the page")},
        {QKeySequence::SelectAll, Help::tr("Select every row the table shows")},
        {QList<QKeySequence>{QKeySequence(Qt::Key_Delete), QKeySequence(Qt::Key_Backspace)},
         Help::tr("Remove the selected members, or revoke the selected invitations")},
        {QKeySequence(Qt::SHIFT | Qt::Key_F10), Help::tr("Open the selected row's Actions menu (also the Menu key)")},
        {QKeySequence::Copy, Help::tr("Copy the selected row's email address")},
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), Help::tr("Add a custom role")},
        {QKeySequence::Open, Help::tr("Connect to another store or account")},
        {QKeySequence(Qt::CTRL | Qt::Key_E), Help::tr("Export the people the table shows (CSV or JSON)")},
        {QKeySequence::Refresh, Help::tr("Reload the account")},
        {QKeySequence::HelpContents, Help::tr("Show these shortcuts")},
        {QKeySequence::WhatsThis, Help::tr("What's This: click a field to learn what it means")},
        {QKeySequence::Quit, Help::tr("Quit")},
    };
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("shortcutsDialog"));
    dialog.setWindowTitle(Help::tr("Keyboard shortcuts"));
    auto* table = new QTableWidget(int(shortcuts.size()), 2, &dialog);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setAccessibleName(Help::tr("Keyboard shortcuts"));
    table->setHorizontalHeaderLabels({Help::tr("Keys"), Help::tr("What they do")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (int row = 0; row < shortcuts.size(); ++row) {
        QStringList keys;
        for (const QKeySequence& sequence : shortcuts.at(row).keys)
            keys.append(sequence.toString(QKeySequence::NativeText));
        table->setItem(row, 0, new QTableWidgetItem(keys.join(QStringLiteral(", "))));
        table->setItem(row, 1, new QTableWidgetItem(shortcuts.at(row).text));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(560, 380);
    dialog.exec();
}

void showAbout(QWidget* parent, const QString& storeLocation)
{
    QMessageBox::about(parent, Help::tr("About Roster"),
                       Help::tr("<h3>Roster %1</h3>"
                                "<p>Manages who is in a Qdrant Cloud account, what they may do, and who is invited.</p>"
                                "<p>Licensed under the MIT licence.</p>"
                                "<p>Built with Qt %2; running on Qt %3.</p>"
                                "<p>Store in use: %4</p>")
                           .arg(QCoreApplication::applicationVersion(), QStringLiteral(QT_VERSION_STR),
                                QString::fromLatin1(qVersion()), storeLocation.toHtmlEscaped()));
}

} // namespace HelpDialogs
