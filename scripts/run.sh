#!/usr/bin/env bash
# Builds the console and opens it on the embedded default store (the per-user SQLite file).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target roster roster-cli
exec build/release/app/roster "$@"
