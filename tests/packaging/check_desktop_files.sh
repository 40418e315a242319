#!/usr/bin/env bash
# The desktop entry and the AppStream metainfo pass their own validators, and name the same app id.
# Usage: check_desktop_files.sh SOURCE_DIR
set -euo pipefail
packaging=$1/packaging
desktop-file-validate "$packaging/io.github.roster.Roster.desktop"
appstreamcli validate --no-net "$packaging/io.github.roster.Roster.metainfo.xml"
grep -q '<launchable type="desktop-id">io.github.roster.Roster.desktop</launchable>' \
    "$packaging/io.github.roster.Roster.metainfo.xml"
grep -q '^Icon=io.github.roster.Roster$' "$packaging/io.github.roster.Roster.desktop"
echo "desktop entry and metainfo are valid"
