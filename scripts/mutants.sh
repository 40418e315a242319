#!/usr/bin/env bash
# A mutation run anyone can repeat: each tests/mutants/*.patch plants one small bug in a scratch worktree of HEAD,
# which is rebuilt incrementally and tested with the whole suite; the patch is then reverted. A mutant is killed
# when a test fails, survives when every test passes. Prints each verdict and the score. Too slow for every CI run
# (about two minutes a mutant on two cores): run it before resolving an issue that changes models/ or app/.
#
#   scripts/mutants.sh                 every mutant
#   scripts/mutants.sh 03 17 rules-    only the patches whose names contain one of these
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
scripts/deps.sh
# MUTANTS_WORKTREE=DIR keeps the scratch worktree and its build between runs, so that the next run rebuilds only
# what changed since; without it, a fresh one is made and removed at the end.
if [ -n "${MUTANTS_WORKTREE:-}" ] && [ -e "$MUTANTS_WORKTREE/.git" ]; then
    work=$MUTANTS_WORKTREE
    git -C "$work" checkout --quiet --force --detach "$(git rev-parse HEAD)"
else
    work=${MUTANTS_WORKTREE:-$(mktemp -d)/roster-mutants}
    # tst_robustness runs roster-cli as the postgres user: the scratch folder must let it in.
    chmod a+rx "$(dirname "$work")"
    git worktree add --detach "$work" HEAD >/dev/null
fi
source scripts/postgres-test-server.sh
start_test_postgres
# One trap for both (start_test_postgres set its own): the server stops, and a scratch worktree goes.
if [ -n "${MUTANTS_WORKTREE:-}" ]; then
    trap stop_test_postgres EXIT
else
    trap 'stop_test_postgres; git -C "$repo" worktree remove --force "$work" >/dev/null 2>&1 || true' EXIT
fi
cd "$work"
export QT_QPA_PLATFORM=offscreen
echo "building the unmutated tree once…"
cmake --preset dev >/dev/null
cmake --build --preset dev >/dev/null
# The baseline must pass; a flaky failure gets one more try, and what failed is shown.
if ! ctest --preset dev --parallel 2 >"$work/baseline.log" 2>&1 && ! ctest --preset dev --parallel 2 --rerun-failed \
    >"$work/baseline.log" 2>&1; then
    grep -E 'Failed|FAIL!' "$work/baseline.log" >&2 || tail -20 "$work/baseline.log" >&2
    echo "the unmutated suite fails: fix that first" >&2
    exit 1
fi

killed=0
survived=0
stillborn=0
started=$(date +%s)
for patch in "$repo"/tests/mutants/*.patch; do
    name=$(basename "$patch" .patch)
    if [ $# -gt 0 ]; then
        wanted=false
        for pattern in "$@"; do [[ $name == *"$pattern"* ]] && wanted=true; done
        $wanted || continue
    fi
    git apply "$patch"
    if ! cmake --build --preset dev >/dev/null 2>&1; then
        verdict="does not build (fix the patch)"
        stillborn=$((stillborn + 1))
    # The first failing test decides: a killed mutant need not run the rest of the suite.
    elif ctest --preset dev --parallel 2 --timeout 300 --stop-on-failure >"$work/ctest.log" 2>&1; then
        verdict="SURVIVED"
        survived=$((survived + 1))
    else
        verdict="killed by $(grep -o '[0-9]* - [a-z_]* (Failed)' "$work/ctest.log" | sed 's/ (Failed)//; s/^[0-9]* - //' \
            | paste -sd, -)"
        killed=$((killed + 1))
    fi
    git apply -R "$patch"
    printf '%-45s %s\n' "$name" "$verdict"
done
cmake --build --preset dev >/dev/null 2>&1 || true
total=$((killed + survived))
echo "score: $killed of $total killed ($survived survived, $stillborn did not build) in $(( $(date +%s) - started )) s"
[ "$survived" -eq 0 ] && [ "$stillborn" -eq 0 ]
