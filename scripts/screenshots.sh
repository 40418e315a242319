#!/usr/bin/env bash
# Takes the README and user-guide screenshots from the real window under Xvfb, driven by xdotool.
# LANG_CODE=de takes them in German, into docs/screenshots/de.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v xdotool >/dev/null && command -v import >/dev/null || {
    echo "needs xdotool and imagemagick: apt-get install xdotool imagemagick" >&2
    exit 1
}
build=${BUILD:-build/release}
lang=${LANG_CODE:-en}
out=docs/screenshots
[ "$lang" = en ] || out=docs/screenshots/$lang
work=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out"

Xvfb :97 -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=:97 XDG_CONFIG_HOME=$work/config
sleep 1
"$build/app/roster" --lang "$lang" --store "sqlite:$work/demo.db" --demo >/dev/null 2>&1 &
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
xdotool key Escape
# Back to User Management (the first entry of the navigation), then the dialogs the guide shows. Without a window
# manager the keyboard follows the pointer, so it rests over the middle, where dialogs open.
xdotool mousemove 80 32 click 1
xdotool mousemove 600 400
xdotool key ctrl+shift+i
sleep 0.8
xdotool type --delay 15 "dee@example.com, owner@example.com, not-an-email, dee@example.com"
sleep 0.5
shot bulk-invite.png
xdotool key Escape
sleep 0.5
# A closed dialog leaves no active window without a window manager: a click on the page's title takes it back.
xdotool mousemove 600 38 click 1
xdotool mousemove 600 400
xdotool key F1
shot shortcuts.png
xdotool key Escape
sleep 0.5
xdotool mousemove 600 38 click 1
xdotool mousemove 600 400
xdotool key alt+f
sleep 0.5
xdotool key Up Up Up Return
shot account-settings.png
xdotool key Escape
echo "screenshots written to $out"
