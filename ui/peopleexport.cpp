#include "peopleexport.h"

#include "accountsession.h"
#include "userfilterproxymodel.h"
#include "userspanel.h"
#include "usertablemodel.h"

#include <QDir>
#include <QFileDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

QList<PersonRow> PeopleExport::shownRows(const UsersPanel* panel)
{
    const UserFilterProxyModel* proxy = panel->proxy();
    const UserTableModel* users = panel->model();
    const AccountSession* session = users->session();
    QList<PersonRow> rows;
    rows.reserve(proxy->rowCount());
    const qint64 now = Clock::nowMs();
    for (int i = 0; i < proxy->rowCount(); ++i) {
        const UserTableModel::Row& row = users->rowAt(proxy->mapToSource(proxy->index(i, 0)).row());
        // The same status as the table shows: an expired invitation is exported as expired.
        rows.append({row.id, row.email, row.pending, session->roleNames(row.roleIds, row.pending), row.invitedBy,
                     row.date, row.expiresAt(), row.isExpired(now)});
    }
    return rows;
}

Outcome PeopleExport::save(const QList<PersonRow>& rows, const QString& path)
{
    const QByteArray data = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
        ? QJsonDocument(QJsonObject{{QStringLiteral("items"), PeopleList::json(rows)}}).toJson()
        : PeopleList::csv(rows);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return backendFailure(tr("Could not save %1: %2.").arg(QDir::toNativeSeparators(path), file.errorString()));
    return Done{};
}

Result<QString> PeopleExport::exportFrom(const UsersPanel* panel, QWidget* parent)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString filter;
    QString path = QFileDialog::getSaveFileName(parent, tr("Export members"), folder + QStringLiteral("/members.csv"),
                                                tr("CSV, for spreadsheets (*.csv);;JSON (*.json)"), &filter);
    if (path.isEmpty())
        return QString();
    if (QFileInfo(path).suffix().isEmpty())
        path += filter.contains(QLatin1String("json")) ? QStringLiteral(".json") : QStringLiteral(".csv");
    if (const Outcome saved = save(shownRows(panel), path); !saved)
        return saved.error();
    return path;
}
