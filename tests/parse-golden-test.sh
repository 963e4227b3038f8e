#!/bin/sh
# SPDX-License-Identifier: MIT
# Parser goldens (STYLE 4.8): `memwaste debug parse` over every fixture in the
# log and /proc groups, compared with tests/expected/parse/<fixture>.jsonl (one
# record per line). A missing expected file is written and the test fails;
# MEMWASTE_UPDATE_EXPECTED=1 rewrites them all on purpose.
set -u
mw=$1
fixtures=$2
expected=$3/parse
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC
cd "$fixtures" || exit 1
for f in $(find dmesg proc oom allocfail sysrq -type f ! -name '*.args' 2>/dev/null | sort); do
    out="$expected/$f.jsonl"
    "$mw" debug parse "$f" >"$tmp/out" 2>"$tmp/err"
    mkdir -p "$(dirname "$out")"
    if [ "${MEMWASTE_UPDATE_EXPECTED:-}" = 1 ]; then
        cp "$tmp/out" "$out"
    elif [ ! -f "$out" ]; then
        cp "$tmp/out" "$out"; echo "NEW parse golden written (review and commit): $out"; fail=1
    elif ! cmp -s "$out" "$tmp/out"; then
        echo "DIFF $f:"; diff -u "$out" "$tmp/out" | head -30; fail=1
    fi
done
exit $fail
