// The permission catalogue as a checkable tree (category → permission) holding a role's draft permissions.
//
// Toggling is local: nothing reaches the store until the page saves. Checking write:X also checks
// read:X and locks it, as AccessRules says.
#pragma once

#include "domain.h"
#include "permissioncatalogue.h"
#include "result.h"

#include <QAbstractItemModel>

#include <functional>

class PermissionTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PermissionTreeModel)

public:
    enum Column { PermissionColumn, DescriptionColumn, ColumnCount };
    enum DataRole {
        PermissionValueRole = Qt::UserRole, // "write:invites", empty on category rows
    };

    explicit PermissionTreeModel(const PermissionCatalogue& catalogue = PermissionCatalogue::builtIn(),
                                 QObject* parent = nullptr);

    // Replaces both the saved set and the draft, e.g. when another role is shown or after Save.
    void setSavedPermissions(const PermissionSet& permissions);
    // Shows the role's own permissions first (their categories first, and first within them), so a role with one
    // permission does not keep it below a screen of empty boxes. Applied when a role is shown, not while toggling.
    void setGrantedFirst(bool grantedFirst) { m_grantedFirst = grantedFirst; }
    // No escalation: a box may be ticked only when the rules let the actor grant that permission; their refusal
    // is the box's lock reason. Unset, every permission may be ticked.
    using GrantCheck = std::function<Verdict(const QString& permission)>;
    void setGrantCheck(GrantCheck check);
    // Read-only for built-in roles and for actors without write:roles; `reason` becomes the tooltip.
    void setReadOnly(bool readOnly, const QString& reason = {});
    void revert();

    PermissionSet permissions() const { return m_draft; }
    PermissionSet savedPermissions() const { return m_saved; }
    bool isModified() const { return m_draft != m_saved; }
    bool isReadOnly() const { return m_readOnly; }
    bool setChecked(const QString& permission, bool checked);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void modifiedChanged(bool modified);

private:
    static constexpr quintptr CategoryId = quintptr(-1);

    void arrange();
    // Why this permission's box cannot change now, or empty.
    QString lockReason(const Permission& permission) const;

    const Permission* permissionAt(const QModelIndex& index) const;
    QModelIndex indexOf(const QString& permission, int column = PermissionColumn) const;
    Qt::CheckState categoryState(int category) const;
    void announce(const PermissionSet& before);

    const PermissionCatalogue& m_catalogue;
    QStringList m_categories;
    QList<QList<int>> m_members; // per category: indexes into the catalogue
    PermissionSet m_saved;
    PermissionSet m_draft;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    bool m_grantedFirst = false;
    GrantCheck m_grantCheck;
};
