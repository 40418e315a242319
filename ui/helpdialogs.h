// Help → Keyboard shortcuts and Help → About: what an admin looks up without leaving the console.
#pragma once

#include <QString>

class QWidget;

namespace HelpDialogs {
// Every shortcut the console answers to, in one table.
void showKeyboardShortcuts(QWidget* parent);
// The version, the licence, the Qt version and the store in use.
void showAbout(QWidget* parent, const QString& storeLocation);
} // namespace HelpDialogs
