#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests: initdb into a temporary directory, a free port
# on 127.0.0.1, run as the postgres user when we are root (PostgreSQL refuses to run as root).
# Usage: source it, then call start_test_postgres; it exports ROSTER_TEST_POSTGRES_URL and stops the
# server when the calling shell exits.
set -euo pipefail

start_test_postgres() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "PostgreSQL is not installed (expected /usr/lib/postgresql/*/bin/initdb)" >&2
        return 1
    fi
    local as=()
    if [ "$(id -u)" -eq 0 ]; then
        as=(runuser -u postgres --)
    fi
    PG_TEST_DIR=$(mktemp -d /tmp/roster-pg.XXXXXX)
    chmod 755 "$PG_TEST_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_TEST_DIR"

    # A free port: the first one nothing answers on.
    local port
    for port in $(shuf -i 20000-40000 -n 50); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            break
        fi
    done

    "${as[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U roster -A trust --no-sync -E UTF8 >"$PG_TEST_DIR/initdb.log" 2>&1 || {
        cat "$PG_TEST_DIR/initdb.log" >&2
        return 1
    }
    PG_TEST_CTL=("${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data")
    "${PG_TEST_CTL[@]}" -w -t 30 -l "$PG_TEST_DIR/server.log" \
        -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null || {
        cat "$PG_TEST_DIR/server.log" >&2
        return 1
    }
    trap stop_test_postgres EXIT
    "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U roster roster_test
    export ROSTER_TEST_POSTGRES_URL="postgresql://roster@127.0.0.1:$port/roster_test"
    echo "PostgreSQL test server on 127.0.0.1:$port" >&2
}

stop_test_postgres() {
    if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR/data" ]; then
        "${PG_TEST_CTL[@]}" -m fast stop >/dev/null 2>&1 || true
        rm -rf "$PG_TEST_DIR"
    fi
}
