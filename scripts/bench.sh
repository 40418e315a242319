#!/usr/bin/env bash
# Prints Roster's performance figures on a 100,000-member account (release build). Figures, never assertions.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
command -v sqlite3 >/dev/null || { echo "needs sqlite3: apt-get install sqlite3" >&2; exit 1; }
cmake --preset release >/dev/null
cmake --build --preset release --target roster-cli bench_console bench_store bench_cloud >/dev/null
cli=build/release/app/roster-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/big.db"
members=${MEMBERS:-100000}
section=${1:-all} # "bulk" runs only the bulk figures

# measure NAME COMMAND…: runs it (stdout to $work/NAME.out), keeps the best wall time and the peak memory of three
# runs, and prints both. The summary at the end reads them back.
declare -A wall peak
measure() {
    local name=$1
    shift
    local best="" high=0
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/$name.out"
        read -r seconds kib <"$work/time"
        if [ -z "$best" ] || awk "BEGIN {exit !($seconds < $best)}"; then best=$seconds; fi
        [ "$kib" -gt "$high" ] && high=$kib
    done
    wall[$name]=$best
    peak[$name]=$((high / 1024))
    printf '%-44s %6.2f s  %5d MB\n' "$name" "$best" "${peak[$name]}"
}
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }

bulk_figures() {
    echo "== bulk: import a 10,000-row CSV (preview, then one transaction), resend and revoke those 10,000 invitations, give 10,000 members a role, then remove them"
    { echo "email,roles"; for i in $(seq 1 10000); do echo "bulk.$i@example.org,Admin"; done; } >"$work/bulk.csv"
    local postgres=""
    if [ -n "${ROSTER_TEST_POSTGRES_URL:-}" ]; then
        # A database of its own: the others of this run already hold an account.
        psql "$ROSTER_TEST_POSTGRES_URL" -q -c "DROP DATABASE IF EXISTS roster_bench_bulk" \
            -c "CREATE DATABASE roster_bench_bulk"
        postgres="${ROSTER_TEST_POSTGRES_URL%/*}/roster_bench_bulk"
    fi
    for store in "sqlite:$work/bulk.db" "$postgres"; do
        [ -n "$store" ] || continue
        $cli --store "$store" --actor owner@bulk.test init --owner owner@bulk.test >/dev/null
        $cli --store "$store" seed-demo --members 20000 --invites 0 --custom-roles 2 >/dev/null
        echo "-- ${store%%:*}"
        /usr/bin/time -f "import --dry-run: wall %e s, peak %M KiB" \
            $cli --store "$store" import invites "$work/bulk.csv" --dry-run >/dev/null
        /usr/bin/time -f "import: wall %e s, peak %M KiB" $cli --store "$store" import invites "$work/bulk.csv" >/dev/null
        cut -d, -f1 "$work/bulk.csv" | tail -n +2 >"$work/invited.txt"
        /usr/bin/time -f "invites resend 10,000: wall %e s, peak %M KiB" \
            $cli --store "$store" invites resend $(cat "$work/invited.txt") >/dev/null
        /usr/bin/time -f "invites revoke 10,000: wall %e s, peak %M KiB" \
            $cli --store "$store" invites revoke $(cat "$work/invited.txt") >/dev/null
        $cli --store "$store" --json users list --status active |
            python3 -c 'import json,sys; print("\n".join([p["email"] for p in json.load(sys.stdin)["items"] if "Owner" not in p["roles"]][:10000]))' \
            >"$work/remove.txt"
        # 10,000 addresses on one command line (about 300 KB, well under ARG_MAX).
        /usr/bin/time -f "users roles 10,000 --add Admin: wall %e s, peak %M KiB" \
            $cli --store "$store" users roles $(cat "$work/remove.txt") --add Admin >/dev/null
        /usr/bin/time -f "users remove 10,000: wall %e s, peak %M KiB" \
            $cli --store "$store" users remove $(cat "$work/remove.txt") >/dev/null
    done
    echo "-- cloud through serve, 50 ms added to every answer: 1,000 invitations, at most 4 in flight"
    $cli --store "sqlite:$work/cloud.db" --actor owner@bulk.test init --owner owner@bulk.test >/dev/null
    head -1001 "$work/bulk.csv" >"$work/cloud.csv"
    ROSTER_SERVE_TOKENS="bench-token=owner@bulk.test" ROSTER_SERVE_LATENCY_MS=50 \
        $cli --store "sqlite:$work/cloud.db" serve --listen 127.0.0.1:0 >"$work/serve.out" &
    local serve=$!
    until grep -q "connect with" "$work/serve.out" 2>/dev/null; do sleep 0.1; done
    local target
    target=$(grep -o -- "--store cloud:[^ ]* --endpoint [^ ]*" "$work/serve.out")
    /usr/bin/time -f "import 1,000 over the API: wall %e s, peak %M KiB (serial floor: 1,000 x 50 ms = 50 s)" \
        env QDRANT_CLOUD_TOKEN=bench-token $cli $target import invites "$work/cloud.csv" >/dev/null
    kill $serve
}

if [ "$section" = bulk ]; then
    source scripts/postgres-test-server.sh
    start_test_postgres
    bulk_figures
    exit 0
fi

echo "== seed-demo --members $members"
/usr/bin/time -f "wall %e s, peak %M KiB" $cli --store "sqlite:$db" seed-demo --members "$members" --invites 2000 --custom-roles 8
ls -l "$db" | awk '{printf "file size: %.1f MB\n", $5/1048576}'

echo "== listing $members members: roster-cli against sqlite3 on the same file (best of three)"
measure "roster-cli --json users list --status all" $cli --store "sqlite:$db" --json users list --status all
measure "roster-cli export members --format csv" $cli --store "sqlite:$db" export members --format csv
query="SELECT m.id, m.email, 'ACTIVE' AS status, group_concat(r.name) AS roles FROM members m
       JOIN member_roles mr ON mr.member_id = m.id JOIN roles r ON r.id = mr.role_id GROUP BY m.id
       UNION ALL SELECT i.id, i.email, 'PENDING', 'Base' FROM invites i WHERE i.status = 'PENDING'"
measure "sqlite3 -json (the equivalent query)" sqlite3 -json "$db" "$query"
measure "sqlite3 .dump" sqlite3 "$db" .dump

# A custom role held by exactly 50,000 members, for the Role Details figure.
sqlite3 "$db" "INSERT INTO roles (id, name, name_key, description, system_key, created_at, updated_at)
               VALUES ('half', 'Half', 'half', 'Held by 50,000 members', NULL, 0, 0);
               INSERT INTO role_permissions VALUES ('half', 'read:clusters');
               INSERT INTO member_roles SELECT id, 'half' FROM members ORDER BY id LIMIT 50000;"

# 1,000,000 audit events, for the Audit log page's figures.
sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
               INSERT INTO audit_events (id, at, actor, action, target, detail)
               SELECT printf('bench-%07d', i), 1700000000000 + i * 1000, 'owner@example.com', 'invite.create',
                      printf('bench.%d@example.org', i), '' FROM n;"

echo "== roster-cli access who on $members members"
/usr/bin/time -f "access who write:clusters: wall %e s, peak %M KiB" \
    $cli --store "sqlite:$db" access who write:clusters >/dev/null

echo "== console (offscreen)"
QT_QPA_PLATFORM=offscreen build/release/tests/benchmarks/bench_console "$db" | tee "$work/console.out"

echo "== store: SQLite and PostgreSQL"
build/release/tests/benchmarks/bench_store "sqlite:$work/store.db" "$members"
source scripts/postgres-test-server.sh
start_test_postgres
build/release/tests/benchmarks/bench_store "$ROSTER_TEST_POSTGRES_URL" "$members"

echo "== PostgreSQL seed-demo --members $members"
pgdb="${ROSTER_TEST_POSTGRES_URL%/*}/roster_bench_seed"
psql "$ROSTER_TEST_POSTGRES_URL" -q -c "DROP DATABASE IF EXISTS roster_bench_seed" -c "CREATE DATABASE roster_bench_seed"
$cli --store "$pgdb" init --owner owner@example.com >/dev/null
/usr/bin/time -f "%e %M" -o "$work/time" $cli --store "$pgdb" seed-demo --members "$members" --invites 2000 \
    --custom-roles 8 >/dev/null
read -r pg_seed _ <"$work/time"
echo "wall $pg_seed s"

echo "== cloud page load through serve: 10,000 members, 20 roles, no added latency"
$cli --store "sqlite:$work/cloud-load.db" init --owner owner@example.com >/dev/null
$cli --store "sqlite:$work/cloud-load.db" seed-demo --members 10000 --invites 200 --custom-roles 17 >/dev/null
ROSTER_SERVE_TOKENS="bench-token=owner@example.com" \
    $cli --store "sqlite:$work/cloud-load.db" serve --listen 127.0.0.1:0 >"$work/serve-load.out" &
serve=$!
until grep -q "connect with" "$work/serve-load.out" 2>/dev/null; do sleep 0.1; done
endpoint=$(grep -o -- "--endpoint [^ ]*" "$work/serve-load.out" | cut -d' ' -f2)
account=$(grep -o -- "--store cloud:[^ ]*" "$work/serve-load.out" | cut -d: -f2)
QDRANT_CLOUD_TOKEN=bench-token build/release/tests/benchmarks/bench_cloud "$endpoint" "$account" | tee "$work/cloud.out"
kill $serve

echo
echo "== summary (the figures of issue 13, each beside its reference)"
list="roster-cli --json users list --status all"
printf '%-58s %s\n' "users list --json, best wall" "${wall[$list]} s, ${peak[$list]} MB peak"
printf '%-58s %s\n' "  against sqlite3 -json (${wall[sqlite3 -json (the equivalent query)]} s)" \
    "$(ratio "${wall[$list]}" "${wall[sqlite3 -json (the equivalent query)]}") x"
printf '%-58s %s\n' "  against sqlite3 .dump (${wall[sqlite3 .dump]} s)" "$(ratio "${wall[$list]}" "${wall[sqlite3 .dump]}") x"
grep -E "window created to rows shown|Base's Users tab|send invite to row shown|peak memory" "$work/console.out" |
    sed 's/^/console: /'
printf '%-58s %s\n' "PostgreSQL seed-demo --members $members" "$pg_seed s"
printf '%-58s %s\n' "cloud page load through serve (best of three)" \
    "$(grep -o '[0-9]* ms' "$work/cloud.out" | sort -n | head -1)"
bulk_figures
