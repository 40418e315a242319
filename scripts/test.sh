#!/usr/bin/env bash
# Builds Roster with its tests and runs every test: the README's test command, and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
cmake --preset dev
cmake --build --preset dev
# GUI tests use Qt's offscreen platform; nothing here needs a display.
export QT_QPA_PLATFORM=offscreen
ctest --preset dev --parallel 2 "$@"
