#!/usr/bin/env bash
# Builds Roster with its tests and runs every test: the README's test command, and what CI runs.
# It starts a throwaway PostgreSQL server for the PostgreSQL tests and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
cmake --preset dev
cmake --build --preset dev
source scripts/postgres-test-server.sh
start_test_postgres
# GUI tests use Qt's offscreen platform; nothing here needs a display.
export QT_QPA_PLATFORM=offscreen
ctest --preset dev --parallel 2 "$@"
