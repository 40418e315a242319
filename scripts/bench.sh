#!/usr/bin/env bash
# Prints Roster's performance figures on a 100,000-member account (release build). Figures, never assertions.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
command -v sqlite3 >/dev/null || { echo "needs sqlite3: apt-get install sqlite3" >&2; exit 1; }
cmake --preset release >/dev/null
cmake --build --preset release --target roster-cli bench_console bench_store >/dev/null
cli=build/release/app/roster-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/big.db"
members=${MEMBERS:-100000}

echo "== seed-demo --members $members"
/usr/bin/time -f "wall %e s, peak %M KiB" $cli --store "sqlite:$db" seed-demo --members "$members" --invites 2000 --custom-roles 8
ls -l "$db" | awk '{printf "file size: %.1f MB\n", $5/1048576}'

echo "== roster-cli users list --json"
for i in 1 2 3; do
    /usr/bin/time -f "wall %e s, peak %M KiB" $cli --store "sqlite:$db" --json users list >"$work/users.json"
done
echo "output: $(wc -c <"$work/users.json") bytes"

echo "== sqlite3 -json, the equivalent query"
query="SELECT m.id, m.email, 'ACTIVE' AS status, group_concat(r.name) AS roles FROM members m
       JOIN member_roles mr ON mr.member_id = m.id JOIN roles r ON r.id = mr.role_id GROUP BY m.id
       UNION ALL SELECT i.id, i.email, 'PENDING', 'Base' FROM invites i WHERE i.status = 'PENDING'"
for i in 1 2 3; do
    /usr/bin/time -f "wall %e s, peak %M KiB" sqlite3 -json "$db" "$query" >"$work/sqlite.json"
done

# A custom role held by exactly 50,000 members, for the Role Details figure.
sqlite3 "$db" "INSERT INTO roles (id, name, name_key, description, system_key, created_at, updated_at)
               VALUES ('half', 'Half', 'half', 'Held by 50,000 members', NULL, 0, 0);
               INSERT INTO role_permissions VALUES ('half', 'read:clusters');
               INSERT INTO member_roles SELECT id, 'half' FROM members ORDER BY id LIMIT 50000;"

echo "== console (offscreen)"
QT_QPA_PLATFORM=offscreen build/release/tests/benchmarks/bench_console "$db"

echo "== store: SQLite and PostgreSQL"
build/release/tests/benchmarks/bench_store "sqlite:$work/store.db" "$members"
source scripts/postgres-test-server.sh
start_test_postgres
build/release/tests/benchmarks/bench_store "$ROSTER_TEST_POSTGRES_URL" "$members"
