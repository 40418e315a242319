// Loads the console's translations (compiled into roster_ui) and Qt's own for the system locale.
#pragma once

class QCoreApplication;

namespace Translations {
void install(QCoreApplication* app);
}
