// The system keychain (through QtKeychain), used only when the admin asks to remember a credential.
#pragma once

#include "result.h"

#include <QString>

namespace CredentialVault {
// Blocks on a local event loop: keychain calls are quick, and the window is not shown yet.
Result<QString> read(const QString& key);
Outcome write(const QString& key, const QString& secret);
} // namespace CredentialVault
