// Parses the tab-separated permission catalogue (value, category, description).
#include "permissioncatalogue.h"

#include <QFile>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCatalogue, "roster.store.catalogue")

const PermissionCatalogue& PermissionCatalogue::builtIn()
{
    static const PermissionCatalogue catalogue = [] {
        QFile file(QStringLiteral(":/roster/permissions.tsv"));
        if (!file.open(QIODevice::ReadOnly)) {
            qCCritical(lcCatalogue) << "the bundled permission catalogue is missing";
            return PermissionCatalogue{};
        }
        return fromTsv(file.readAll());
    }();
    return catalogue;
}

PermissionCatalogue PermissionCatalogue::fromTsv(const QByteArray& tsv)
{
    PermissionCatalogue catalogue;
    const QList<QByteArray> lines = tsv.split('\n');
    for (int i = 1; i < lines.size(); ++i) { // line 0 is the header
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() < 3)
            continue;
        Permission permission{QString::fromUtf8(fields.at(0)), QString::fromUtf8(fields.at(1)),
                              QString::fromUtf8(fields.at(2))};
        catalogue.m_index.insert(permission.value, int(catalogue.m_permissions.size()));
        catalogue.m_permissions.append(permission);
    }
    return catalogue;
}

QStringList PermissionCatalogue::values() const
{
    QStringList result;
    result.reserve(m_permissions.size());
    for (const auto& permission : m_permissions)
        result.append(permission.value);
    return result;
}

QStringList PermissionCatalogue::categories() const
{
    QStringList result;
    for (const auto& permission : m_permissions) {
        if (!result.contains(permission.category))
            result.append(permission.category);
    }
    return result;
}

const Permission* PermissionCatalogue::find(const QString& value) const
{
    const auto it = m_index.constFind(value);
    return it == m_index.constEnd() ? nullptr : &m_permissions.at(*it);
}
