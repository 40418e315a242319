#!/usr/bin/env bash
# Builds the .deb from BUILD_DIR, unpacks it into a scratch folder and checks what an installing admin relies on:
# the files are where a desktop expects them, every shared library the two programs load belongs to a package the
# .deb depends on (directly or through that package's own dependencies), and roster-cli runs from there.
# Usage: check_deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$build" && cpack -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1) || { cat "$scratch/cpack.log" >&2; exit 1; }
deb=$(ls "$scratch"/out/*.deb)
echo "built $(basename "$deb"): $(dpkg-deb -c "$deb" | grep -vc '/$') files"
dpkg-deb -x "$deb" "$scratch/root"
status=0

expected=(
    usr/bin/roster
    usr/bin/roster-cli
    usr/share/applications/io.github.roster.Roster.desktop
    usr/share/metainfo/io.github.roster.Roster.metainfo.xml
    usr/share/icons/hicolor/scalable/apps/io.github.roster.Roster.svg
    usr/share/man/man1/roster.1
    usr/share/man/man1/roster-cli.1
    usr/share/roster/translations/roster_en.qm
    usr/share/roster/translations/roster_de.qm
    usr/share/doc/roster/copyright
)
for file in "${expected[@]}"; do
    [ -e "$scratch/root/$file" ] || { echo "the package lacks $file" >&2; status=1; }
done
# Nothing of the build or the tests may ride along.
unexpected=$(cd "$scratch/root" && find . -type f | grep -E '/(tst_|bench_|fuzz_)|\.a$|\.h$' || true)
[ -z "$unexpected" ] || { echo "the package carries build or test files: $unexpected" >&2; status=1; }

# Depends, closed over the installed packages' own dependencies.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
declare -A closure=()
queue=($(tr ',|' '\n\n' <<<"$depends" | sed 's/(.*)//; s/:any//; s/ //g' | grep -v '^$'))
while [ ${#queue[@]} -gt 0 ]; do
    package=${queue[0]}
    queue=("${queue[@]:1}")
    [ -n "${closure[$package]:-}" ] && continue
    closure[$package]=1
    for next in $(dpkg-query -W -f='${Depends},${Pre-Depends}\n' "$package" 2>/dev/null | tr ',|' '\n\n' \
                  | sed 's/(.*)//; s/:any//; s/ //g' | grep -v '^$' || true); do
        [ -z "${closure[$next]:-}" ] && queue+=("$next")
    done
done
for binary in roster roster-cli; do
    while read -r library; do
        owner=$(dpkg -S "$(readlink -f "$library")" 2>/dev/null | head -1 | cut -d: -f1 || true)
        [ -n "$owner" ] || owner=$(dpkg -S "$library" 2>/dev/null | head -1 | cut -d: -f1 || true)
        if [ -z "$owner" ]; then
            echo "$binary loads $library, which no package owns" >&2
            status=1
        elif [ -z "${closure[$owner]:-}" ]; then
            echo "$binary loads $library from $owner, which Depends does not bring" >&2
            status=1
        fi
    done < <(ldd "$scratch/root/usr/bin/$binary" | grep -o '=> /[^ ]*' | cut -c4-)
done
version=$("$scratch/root/usr/bin/roster-cli" --version)
echo "unpacked roster-cli --version: $version"
[[ $version == roster-cli\ * ]] || { echo "roster-cli --version printed \"$version\"" >&2; status=1; }
exit $status
