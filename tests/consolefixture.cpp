// Seeds the GUI tests' account through the store and opens a real main window on it.
#include "consolefixture.h"

#include "awaitfuture.h"
#include "sqlfixture.h"
#include "translations.h"

#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <QFile>
#include <QSignalSpy>
#include <QTableView>

#include "userfilterproxymodel.h"
#include "usertablemodel.h"

void ConsoleFixture::prepareApplication(const QString& language)
{
    QStandardPaths::setTestModeEnabled(true);
    // Settings of this test program alone: GUI tests run in parallel and must not share a window's saved state.
    static QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    Translations::install(QCoreApplication::instance(), language.isEmpty() ? QStringLiteral("en_US") : language);
}

bool ConsoleFixture::seed()
{
    close();
    m_url.path = m_dir.filePath(QStringLiteral("console.db"));
    for (const auto& suffix : {"", "-wal", "-shm"})
        QFile::remove(m_url.path + QLatin1String(suffix));
    SqlStore setup(m_url, {});
    if (!awaitFuture(setup.open(SqlAccountEngine::OpenMode::CreateIfMissing))
        || !awaitFuture(setup.initialize(QStringLiteral("Acme"), QStringLiteral("owner@example.com"))))
        return false;
    const auto viewer = awaitFuture(setup.createRole(
        {QStringLiteral("Viewer"),
         {},
         {QStringLiteral("read:users"), QStringLiteral("read:invites"), QStringLiteral("read:roles")}}));
    const auto ops =
        awaitFuture(setup.createRole({QStringLiteral("Operators"), {}, {QStringLiteral("write:clusters")}}));
    if (!viewer || !ops)
        return false;
    const auto join = [&](const QString& email, const QStringList& roles) {
        const auto invites = awaitFuture(setup.invite({email}, roles));
        return invites.ok() && awaitFuture(acceptAsInvitee(m_url, email, invites.value().sent.first().id)).ok();
    };
    return join(QStringLiteral("admin@example.com"), {QStringLiteral("Admin")})
        && join(QStringLiteral("member@example.com"), {ops.value().id})
        && join(QStringLiteral("viewer@example.com"), {viewer.value().id})
        && join(QStringLiteral("base@example.com"), {})
        && awaitFuture(setup.invite({QStringLiteral("pending@example.com")}, {ops.value().id})).ok();
}

bool ConsoleFixture::open(const QString& actor)
{
    close();
    m_store = std::make_unique<SqlStore>(m_url, SqlActor{actor});
    if (!awaitFuture(m_store->open(SqlAccountEngine::OpenMode::MustExist)))
        return false;
    m_session = std::make_unique<AccountSession>(m_store.get());
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        return false;
    m_window->activateWindow();
    QSignalSpy loaded(m_session.get(), &AccountSession::reset);
    m_session->reload();
    return loaded.wait(10000);
}

void ConsoleFixture::close()
{
    for (QWidget* widget : QApplication::topLevelWidgets()) {
        if (qobject_cast<QDialog*>(widget))
            widget->close();
    }
    m_window.reset();
    m_session.reset();
    m_store.reset();
}

QString ConsoleFixture::roleId(const QString& name) const
{
    for (const auto& role : m_session->roles()) {
        if (role.name == name)
            return role.id;
    }
    return {};
}

QModelIndex ConsoleFixture::findRow(const UsersPanel* panel, const QString& email)
{
    auto* proxy = panel->proxy();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QModelIndex index = proxy->index(row, UserTableModel::EmailColumn);
        if (index.data().toString() == email)
            return index;
    }
    return {};
}

bool ConsoleFixture::selectRow(const UsersPanel* panel, const QString& email)
{
    const QModelIndex index = findRow(panel, email);
    if (!index.isValid())
        return false;
    panel->view()->setFocus();
    // As a plain click does: this row alone. (setCurrentIndex would read the modifiers a previous QTest key click
    // left behind, and could add to the selection instead.)
    panel->view()->selectionModel()->setCurrentIndex(index,
                                                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

QStringList ConsoleFixture::shownEmails(const UsersPanel* panel)
{
    QStringList emails;
    auto* proxy = panel->proxy();
    for (int row = 0; row < proxy->rowCount(); ++row)
        emails.append(proxy->index(row, UserTableModel::EmailColumn).data().toString());
    return emails;
}
