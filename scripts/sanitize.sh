#!/usr/bin/env bash
# Builds the whole suite with AddressSanitizer and UndefinedBehaviorSanitizer in build/asan and runs it. Any report
# (a memory error, a leak, undefined behaviour) stops the test that hit it, so the run fails.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
cmake --preset asan
cmake --build --preset asan
source scripts/postgres-test-server.sh
start_test_postgres
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --preset asan --parallel 2 "$@"
