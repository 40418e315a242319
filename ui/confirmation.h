// Asks the admin to confirm a destructive action; tests answer through setNextAnswer() instead of a modal box.
#pragma once

#include <QString>

#include <optional>

class QWidget;

class Confirmation
{
public:
    // `question` names who or what is concerned, e.g. "Remove ana@example.com from the account?".
    static bool ask(QWidget* parent, const QString& title, const QString& question, const QString& acceptText);

    // Test hook: the next ask() returns `answer` at once and records the question.
    static void setNextAnswer(bool answer);
    static QString lastQuestion();

private:
    static std::optional<bool> s_nextAnswer;
    static QString s_lastQuestion;
};
