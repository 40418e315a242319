// Creates, renames or duplicates a custom role, validating name and description as the admin types.
#pragma once

#include "domain.h"

#include <QDialog>

class AccountSession;
class PermissionTreeModel;
class MessageBar;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeView;

class RoleEditorDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoleEditorDialog)

public:
    enum class Mode {
        Create, // name, description and permissions
        Rename, // name and description of `source`
        Duplicate, // a new name for a copy of `source`, showing the permissions it copies
    };

    RoleEditorDialog(AccountSession* session, Mode mode, const Role& source = {}, QWidget* parent = nullptr);

    QString name() const;
    QString description() const;

Q_SIGNALS:
    void roleSaved(const Role& role);

private:
    void validate();
    void submit();

    AccountSession* m_session;
    Mode m_mode;
    Role m_source;
    QLineEdit* m_nameEdit;
    QPlainTextEdit* m_descriptionEdit;
    PermissionTreeModel* m_permissions = nullptr;
    QTreeView* m_permissionsView = nullptr;
    QLabel* m_grantLabel = nullptr; // Create: "Will grant: read:clusters, write:clusters"
    MessageBar* m_messages;
    QPushButton* m_okButton;
    QString m_okText;
};
