// First run: creates the local account and asks once for the Owner's email.
#pragma once

#include <QDialog>

class QLineEdit;
class QLabel;
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
    void validate();

    QLineEdit* m_accountNameEdit;
    QLineEdit* m_ownerEmailEdit;
    QLabel* m_validationLabel;
    QPushButton* m_createButton;
};
