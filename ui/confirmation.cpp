// The confirmation box and its test hook.
#include "confirmation.h"

#include <QMessageBox>
#include <QPushButton>

std::optional<bool> Confirmation::s_nextAnswer;
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

void Confirmation::setNextAnswer(bool answer)
{
    s_nextAnswer = answer;
}

QString Confirmation::lastQuestion()
{
    return s_lastQuestion;
}
