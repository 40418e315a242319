// roster entry point: opens the local store (creating it on first run) and shows the main window.
#include "awaitfuture.h"
#include "mainwindow.h"
#include "sqlstore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Roster"));
    QApplication::setApplicationName(QStringLiteral("roster"));
    QApplication::setApplicationDisplayName(QStringLiteral("Roster"));
    QApplication::setApplicationVersion(QStringLiteral(ROSTER_VERSION));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("store"), QApplication::translate("main", "Which backend to open."), QStringLiteral("URL")});
    parser.addOption(
        {QStringLiteral("actor"), QApplication::translate("main", "Act as this member."), QStringLiteral("EMAIL")});
    parser.process(app);

    StoreUrl url = StoreUrl::defaultLocal();
    if (parser.isSet(QStringLiteral("store"))) {
        auto parsed = StoreUrl::parse(parser.value(QStringLiteral("store")));
        if (!parsed) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "Roster"), parsed.error().message);
            return int(parsed.error().code);
        }
        url = parsed.value();
    }
    SqlStore store(url, parser.value(QStringLiteral("actor")));
    const Outcome opened = awaitFuture(store.open(SqlAccountEngine::OpenMode::CreateIfMissing));
    if (!opened) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Roster"), opened.error().message);
        return int(opened.error().code);
    }
    MainWindow window(&store);
    window.show();
    return app.exec();
}
