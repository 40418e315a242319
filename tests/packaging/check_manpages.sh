#!/usr/bin/env bash
# Each program's manual page exists and names every option its --help prints.
# Usage: check_manpages.sh BUILD_DIR
set -euo pipefail
build=$1
status=0
for program in roster roster-cli; do
    page="$build/packaging/$program.1"
    [ -s "$page" ] || { echo "missing manual page: $page" >&2; status=1; continue; }
    # roff to plain text: font escapes dropped, escaped hyphens made plain.
    text=$(sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' "$page")
    options=$(QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 "$build/app/$program" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
    [ -n "$options" ] || { echo "$program --help printed no option" >&2; status=1; }
    for option in $options; do
        if ! grep -q -- "$option\b" <<<"$text"; then
            echo "$page does not name $option" >&2
            status=1
        fi
    done
    echo "$program.1 names all $(wc -w <<<"$options") options of --help"
done
exit $status
