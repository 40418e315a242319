// The confirmation box and its test hook.
#include "confirmation.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

std::optional<bool> Confirmation::s_nextAnswer;
std::optional<Confirmation::Choice> Confirmation::s_nextChoice;
QString Confirmation::s_lastQuestion;
QStringList Confirmation::s_lastPeople;
QStringList Confirmation::s_lastLeftOut;

bool Confirmation::askBulk(QWidget* parent, const QString& title, const QString& question, const QStringList& people,
                           const QStringList& leftOut, const QString& acceptText)
{
    s_lastQuestion = question;
    s_lastPeople = people;
    s_lastLeftOut = leftOut;
    if (s_nextAnswer) {
        const bool answer = *s_nextAnswer;
        s_nextAnswer.reset();
        return answer;
    }
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("bulkConfirmationDialog"));
    dialog.setWindowTitle(title);
    auto* layout = new QVBoxLayout(&dialog);
    auto* questionLabel = new QLabel(question, &dialog);
    questionLabel->setWordWrap(true);
    layout->addWidget(questionLabel);
    auto* list = new QListWidget(&dialog);
    list->setObjectName(QStringLiteral("bulkPeopleList"));
    list->setAccessibleName(tr("People concerned"));
    list->addItems(people);
    list->setSelectionMode(QAbstractItemView::NoSelection);
    list->setMinimumHeight(list->fontMetrics().height() * 8);
    layout->addWidget(list, 1);
    if (!leftOut.isEmpty()) {
        auto* leftOutLabel = new QLabel(tr("Left out:") + QLatin1Char('\n') + leftOut.join(QLatin1Char('\n')), &dialog);
        leftOutLabel->setObjectName(QStringLiteral("bulkLeftOutLabel"));
        leftOutLabel->setWordWrap(true);
        layout->addWidget(leftOutLabel);
    }
    auto* buttons = new QDialogButtonBox(&dialog);
    QPushButton* accept = buttons->addButton(acceptText, QDialogButtonBox::AcceptRole);
    accept->setAccessibleName(acceptText);
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    // Cancel is the default, as for one person: Enter on a destructive question should not destroy.
    cancel->setDefault(true);
    cancel->setFocus();
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(dialog.fontMetrics().averageCharWidth() * 70, dialog.sizeHint().height());
    return dialog.exec() == QDialog::Accepted;
}

bool Confirmation::ask(QWidget* parent, const QString& title, const QString& question, const QString& acceptText)
{
    s_lastQuestion = question;
    if (s_nextAnswer) {
        const bool answer = *s_nextAnswer;
        s_nextAnswer.reset();
        return answer;
    }
    QMessageBox box(QMessageBox::Warning, title, question, QMessageBox::NoButton, parent);
    QPushButton* accept = box.addButton(acceptText, QMessageBox::DestructiveRole);
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    accept->setAccessibleName(acceptText);
    // Cancel is the default: Enter on a destructive question should not destroy.
    box.setDefaultButton(cancel);
    box.exec();
    return box.clickedButton() == accept;
}

Confirmation::Choice Confirmation::askToSave(QWidget* parent, const QString& title, const QString& question)
{
    s_lastQuestion = question;
    if (s_nextChoice) {
        const Choice choice = *s_nextChoice;
        s_nextChoice.reset();
        return choice;
    }
    QMessageBox box(QMessageBox::Question, title, question,
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setDefaultButton(QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    switch (box.exec()) {
    case QMessageBox::Save:
        return Choice::Save;
    case QMessageBox::Discard:
        return Choice::Discard;
    default:
        return Choice::Cancel;
    }
}

void Confirmation::setNextChoice(Choice choice)
{
    s_nextChoice = choice;
}

void Confirmation::setNextAnswer(bool answer)
{
    s_nextAnswer = answer;
}

QString Confirmation::lastQuestion()
{
    return s_lastQuestion;
}
