// Asks the admin to confirm a destructive action; tests answer through setNextAnswer() instead of a modal box.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

class Confirmation
{
    Q_DECLARE_TR_FUNCTIONS(Confirmation)

public:
    // `question` names who or what is concerned, e.g. "Remove ana@example.com from the account?".
    static bool ask(QWidget* parent, const QString& title, const QString& question, const QString& acceptText);

    // A change to several people: the question with the count, the people concerned in a scrollable list, and the
    // rows left out with the rules' reasons ("The Owner cannot be removed. (1)").
    static bool askBulk(QWidget* parent, const QString& title, const QString& question, const QStringList& people,
                        const QStringList& leftOut, const QString& acceptText);
    // Test hook: what the last askBulk() listed.
    static QStringList lastPeople() { return s_lastPeople; }
    static QStringList lastLeftOut() { return s_lastLeftOut; }

    // Unsaved changes: Save, Discard or Cancel, as the KDE and GNOME guidelines have it. Save is the default.
    enum class Choice { Save, Discard, Cancel };
    static Choice askToSave(QWidget* parent, const QString& title, const QString& question);

    // Test hooks: the next ask() returns `answer`, the next askToSave() `choice`, at once; the question is recorded.
    static void setNextAnswer(bool answer);
    static void setNextChoice(Choice choice);
    static QString lastQuestion();

private:
    static std::optional<bool> s_nextAnswer;
    static std::optional<Choice> s_nextChoice;
    static QString s_lastQuestion;
    static QStringList s_lastPeople;
    static QStringList s_lastLeftOut;
};
