// A fresh PostgreSQL database per test program, on the server scripts/test.sh started.
#pragma once

#include "result.h"
#include "storeurl.h"

// Reads $ROSTER_TEST_POSTGRES_URL and (re)creates database `name` on that server.
// An error when the variable is unset or the server does not answer: the tests fail, never skip.
Result<StoreUrl> freshPostgresDatabase(const QString& name);
