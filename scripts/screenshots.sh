#!/usr/bin/env bash
# Takes the README screenshots from the real window under Xvfb, driven by xdotool.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v xdotool >/dev/null && command -v import >/dev/null || {
    echo "needs xdotool and imagemagick: apt-get install xdotool imagemagick" >&2
    exit 1
}
build=${BUILD:-build/release}
out=docs/screenshots
work=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out"

Xvfb :97 -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=:97 XDG_CONFIG_HOME=$work/config
sleep 1
"$build/app/roster" --store "sqlite:$work/demo.db" --demo >/dev/null 2>&1 &
app=$!
sleep 3
window=$(xdotool search --name Roster | head -1)
xdotool windowmove "$window" 0 0
shot() { sleep 0.8; import -window root -crop 1200x720+0+0 "$out/$1"; }

shot user-management.png
# Details of the sixth row (a member): double-click, then close the panel again.
xdotool mousemove 300 256 click 1
xdotool mousemove 300 256 click --repeat 2 --delay 80 1
shot person-details.png
xdotool mousemove 1165 94 click 1
# The Actions menu of the fifth row (a member in the seeded demo account).
xdotool mousemove 1132 228 click 1
shot actions-menu.png
xdotool key Escape
xdotool key ctrl+i
sleep 0.8
xdotool type --delay 15 "ana@example.com, bo@example, not-an-email"
shot invite-validation.png
xdotool key Escape
# Role Details of the demo's "Cluster Operator" custom role: Permissions, then Users.
xdotool mousemove 80 216 click 1
shot role-permissions.png
xdotool key alt+u
shot role-users.png
# The Audit log, below the roles.
xdotool mousemove 60 334 click 1
shot audit-log.png
echo "screenshots written to $out"
