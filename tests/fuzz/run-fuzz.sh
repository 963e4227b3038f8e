#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every libFuzzer target of a MW_FUZZ build for a bounded time and
# fails on any finding (crash, sanitizer report, leak, timeout, broken
# invariant). Used by .ci/run; by hand:
#
#   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DMW_FUZZ=ON -DMW_TESTS=OFF
#   cmake --build build-fuzz -j2
#   tests/fuzz/run-fuzz.sh build-fuzz 30          # seconds per target
#
# Seeds: every fixture, the target's regression inputs
# (tests/fuzz/regress/<target>/, regress/any/) and, when it exists,
# $MW_FUZZ_EXTRA_SEEDS (CI passes the shared corpus; nothing of it is
# written into the project). What a run learns stays in
# BUILD/fuzz-corpus/<target>/ for the next run; findings are written to
# BUILD/fuzz-findings/ (minimise one with `TARGET -minimize_crash=1
# -runs=10000 FILE` and add it under tests/fuzz/regress/<target>/).
set -u
build=${1:?usage: run-fuzz.sh BUILD_DIR [SECONDS_PER_TARGET]}
secs=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=$build/tests/fuzz
[ -d "$bin" ] || { echo "run-fuzz: no fuzz targets under $bin (configure with -DMW_FUZZ=ON)"; exit 1; }
mkdir -p "$build/fuzz-corpus" "$build/fuzz-findings"
passed=0 failed=0 total_runs=0 total_secs=0
for t in $(cd "$bin" && ls fuzz-* 2>/dev/null | sort); do
    [ -x "$bin/$t" ] && [ -f "$bin/$t" ] || continue
    work=$build/fuzz-corpus/$t
    mkdir -p "$work"
    seeds="$top/fixtures"
    for d in "$here/regress/$t" "$here/regress/any" "${MW_FUZZ_EXTRA_SEEDS:-}"; do
        [ -n "$d" ] && [ -d "$d" ] && seeds="$seeds $d"
    done
    log=$build/fuzz-findings/$t.log
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$bin/$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 -max_len=32768 \
        -print_final_stats=1 -artifact_prefix="$build/fuzz-findings/$t-" \
        "$work" $seeds >"$log" 2>&1
    rc=$?
    end=$(date +%s)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    runs=${runs:-0}
    total_runs=$((total_runs + runs))
    total_secs=$((total_secs + end - start))
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1))
        echo "fuzz $t: $((end - start)) s, $runs executions, coverage ${cov:-?} edges, corpus $(ls "$work" | wc -l) inputs, no finding"
    else
        failed=$((failed + 1))
        echo "FUZZ FINDING $t (exit $rc) after $((end - start)) s, $runs executions:"
        grep -E "ERROR|WARNING|invariant|runtime error|SUMMARY|Test unit written| in [a-z_]+ /" "$log" | grep -v -E " in (fuzzer::|__sanitizer|abort|raise|__pthread)" | head -30
        echo "(full log: $log)"
    fi
done
echo "fuzzing: $((passed + failed)) targets, $total_secs s, $total_runs executions"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
