// Loads Roster's translations (compiled into the core, for both programs) and Qt's own for the system locale.
#pragma once

class QCoreApplication;

namespace Translations {
void install(QCoreApplication* app);
}
