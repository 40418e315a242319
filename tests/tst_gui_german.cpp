// The console in German, as `roster --lang de` starts it: German labels on User Management, and no dialog whose
// text is clipped at 1024×700, where German's longer words would show first.
#include "connectiondialog.h"
#include "consolefixture.h"
#include "roleeditordialog.h"
#include "translations.h"
#include "userspanel.h"

#include <QAbstractButton>
#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QtTest>

class TestGuiGerman : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const QStringList arguments{QStringLiteral("roster"), QStringLiteral("--lang"), QStringLiteral("de")};
        QCOMPARE(Translations::languageFromArguments(arguments), QStringLiteral("de"));
        QCOMPARE(Translations::languageFromArguments({QStringLiteral("roster"), QStringLiteral("--lang=de_AT")}),
                 QStringLiteral("de_AT"));
        QVERIFY(Translations::languageFromArguments(
                    {QStringLiteral("roster"), QStringLiteral("--"), QStringLiteral("--lang"), QStringLiteral("de")})
                    .isEmpty());
        ConsoleFixture::prepareApplication(Translations::languageFromArguments(arguments));
    }
    void init()
    {
        QVERIFY(m_console.seed());
        QVERIFY(m_console.open());
        m_console.window()->resize(1024, 700);
        m_console.window()->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_console.window()));
    }
    void cleanup() { m_console.close(); }

    void userManagementSpeaksGerman()
    {
        auto* panel = m_console.window()->findChild<UsersPanel*>();
        QVERIFY(panel);
        auto* invite = panel->findChild<QToolButton*>(QStringLiteral("inviteUserButton"));
        QVERIFY(invite);
        QVERIFY2(invite->text().contains(QStringLiteral("einladen")), qPrintable(invite->text()));
        auto* table = panel->findChild<QTableView*>();
        QVERIFY(table);
        QStringList headers;
        for (int column = 0; column < table->model()->columnCount(); ++column)
            headers.append(table->model()->headerData(column, Qt::Horizontal).toString());
        QVERIFY2(headers.contains(QStringLiteral("E-Mail")) && headers.contains(QStringLiteral("Rollen")),
                 qPrintable(headers.join(QLatin1Char(','))));
        // The status of a pending row, and the menu bar.
        const QModelIndex pending = ConsoleFixture::findRow(panel, QStringLiteral("pending@example.com"));
        QVERIFY(pending.isValid());
        QCOMPARE(pending.siblingAtColumn(1).data().toString(), QStringLiteral("Einladung ausstehend"));
        QStringList menus;
        for (QAction* action : m_console.window()->menuBar()->actions())
            menus.append(action->text());
        QVERIFY2(menus.contains(QStringLiteral("&Hilfe")), qPrintable(menus.join(QLatin1Char(','))));
        QCOMPARE(clipped(m_console.window()), QStringList());
        // The check sees a button squeezed below its text.
        auto* squeezed = new QPushButton(QStringLiteral("Einladung erneut senden"), panel);
        squeezed->setFixedWidth(20);
        squeezed->show();
        QCOMPARE(clipped(m_console.window()).size(), 1);
        delete squeezed;
    }

    // Every dialog the window opens, in German, fits the screen and shows its labels and buttons whole.
    void dialogsFitAt1024x700_data()
    {
        QTest::addColumn<QString>("action");
        for (const char* name : {"windowInviteAction", "inviteFromListAction", "accountSettingsAction",
                                 "exportMembersAction", "shortcutsAction", "aboutAction"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void dialogsFitAt1024x700()
    {
        QFETCH(QString, action);
        auto* trigger = m_console.window()->findChild<QAction*>(action);
        QVERIFY2(trigger, qPrintable(action));
        QStringList problems;
        bool seen = false;
        // Modal dialogs block trigger(): look from a timer, then close what was found.
        QTimer probe;
        probe.setInterval(20);
        connect(&probe, &QTimer::timeout, this, [&] {
            QWidget* dialog = QApplication::activeModalWidget();
            if (!dialog) {
                for (QWidget* widget : QApplication::topLevelWidgets()) {
                    if (widget != m_console.window() && widget->isVisible() && widget->inherits("QDialog"))
                        dialog = widget;
                }
            }
            if (!dialog || seen)
                return;
            seen = true;
            dialog->adjustSize();
            if (dialog->width() > 1024 || dialog->height() > 700)
                problems.append(QStringLiteral("%1 is %2×%3")
                                    .arg(dialog->windowTitle())
                                    .arg(dialog->width())
                                    .arg(dialog->height()));
            problems += clipped(dialog);
            dialog->close();
        });
        probe.start();
        trigger->trigger();
        QVERIFY2(QTest::qWaitFor([&] { return seen; }), qPrintable(action));
        probe.stop();
        QCOMPARE(problems, QStringList());
    }

    // The dialogs the console (not the window) opens: Connect, and the role editor of Role Details.
    void connectAndRoleEditorFitAt1024x700()
    {
        ConnectionDialog connect({});
        RoleEditorDialog editor(m_console.session(), RoleEditorDialog::Mode::Create, {}, m_console.window());
        for (QDialog* dialog : {static_cast<QDialog*>(&connect), static_cast<QDialog*>(&editor)}) {
            dialog->show();
            QVERIFY(QTest::qWaitForWindowExposed(dialog));
            dialog->adjustSize();
            QVERIFY2(dialog->width() <= 1024 && dialog->height() <= 700, qPrintable(dialog->windowTitle()));
            QCOMPARE(clipped(dialog), QStringList());
            dialog->close();
        }
    }

private:
    // Labels and buttons narrower than their text needs.
    static QStringList clipped(QWidget* top)
    {
        QStringList problems;
        for (QLabel* label : top->findChildren<QLabel*>()) {
            if (label->isVisibleTo(top) && !label->wordWrap() && !label->text().isEmpty() && label->pixmap().isNull()
                && label->width() < label->sizeHint().width())
                problems.append(QStringLiteral("label \"%1\": %2 < %3")
                                    .arg(label->text())
                                    .arg(label->width())
                                    .arg(label->sizeHint().width()));
        }
        for (QAbstractButton* button : top->findChildren<QAbstractButton*>()) {
            if (button->isVisibleTo(top) && !button->text().isEmpty() && button->width() < button->sizeHint().width())
                problems.append(QStringLiteral("button \"%1\": %2 < %3")
                                    .arg(button->text())
                                    .arg(button->width())
                                    .arg(button->sizeHint().width()));
        }
        return problems;
    }

    ConsoleFixture m_console;
};

QTEST_MAIN(TestGuiGerman)
#include "tst_gui_german.moc"
