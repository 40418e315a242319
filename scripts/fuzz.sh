#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS (default 60) from its committed seed corpus, and prints how many inputs
# each tried. A crash, a leak or a sanitizer report fails the run and leaves the input that caused it in build/fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/deps.sh fuzz
cmake --preset fuzz >/dev/null
targets=(apijson csv urls serve)
cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}"
status=0
for target in "${targets[@]}"; do
    work=$(mktemp -d)
    cp tests/fuzz/corpus/"$target"/* "$work"/
    log=build/fuzz/fuzz_$target.log
    if (cd build/fuzz && tests/fuzz/fuzz_"$target" "$work" -max_total_time="$seconds" -max_len=65536 \
            -print_final_stats=1 -timeout=20 -rss_limit_mb=4096) >"$log" 2>&1; then
        runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
        echo "fuzz_$target: ${runs:-?} inputs in ${seconds} s, no crash"
    else
        echo "fuzz_$target: FAILED; see $log" >&2
        tail -n 30 "$log" >&2
        status=1
    fi
    rm -rf "$work"
done
exit $status
