// The confirmation box and its test hook.
#include "confirmation.h"

#include <QMessageBox>
#include <QPushButton>

std::optional<bool> Confirmation::s_nextAnswer;
std::optional<Confirmation::Choice> Confirmation::s_nextChoice;
QString Confirmation::s_lastQuestion;

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
