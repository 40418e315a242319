// First run: creates the local account and asks once for the Owner's email.
#pragma once

#include <QDialog>

class QLineEdit;
class MessageBar;
class QPushButton;

class FirstRunDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunDialog)

public:
    explicit FirstRunDialog(QWidget* parent = nullptr);

    QString accountName() const;
    QString ownerEmail() const;

private:
    // `explain`: also say what is wrong (once the field is left), not only disable Create.
    void validate(bool explain);

    QLineEdit* m_accountNameEdit;
    QLineEdit* m_ownerEmailEdit;
    MessageBar* m_messages;
    QPushButton* m_createButton;
};
