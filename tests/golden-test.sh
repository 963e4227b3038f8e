#!/bin/sh
# SPDX-License-Identifier: MIT
# Report goldens: every fixture under fixtures/ (except input/) through
# `memwaste report` in every format, compared with tests/expected/report/.
# A missing expected file is written and the test fails (git t4013);
# MEMWASTE_UPDATE_EXPECTED=1 rewrites them all on purpose. Review the diff.
set -u
mw=$1
fixtures=$2
expected=$3/report
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 LC_ALL=C TZ=UTC
formats=$("$mw" report --help | sed -n 's/.*--format FORMAT *\(.*\) (default text).*/\1/p' | tr -d ',')
[ -n "$formats" ] || formats="text json"
cd "$fixtures" || exit 1
# A directory holding a .golden-dir file (a sosreport, a supportconfig) is one fixture, reported as a whole.
dirs=$(find . -name .golden-dir | sed 's|^\./||; s|/\.golden-dir$||' | sort)
in_dir() { for d in $dirs; do case "$1" in "$d"/*) return 0;; esac; done; return 1; }
for f in $(find . -type f ! -path './input/*' ! -name 'README.md' ! -name '*.sh' ! -name '*.args' | sed 's|^\./||' | sort) $dirs; do
    [ -f "$f" ] && in_dir "$f" && continue
    args=""
    [ -f "$f.args" ] && args=$(cat "$f.args")
    for fmt in $formats; do
        out="$expected/$f.$fmt"
        # shellcheck disable=SC2086
        "$mw" report --format "$fmt" $args "$f" 2>"$tmp/err" |
            sed 's/"generator": "memwaste [^"]*"/"generator": "memwaste VERSION"/' >"$tmp/out"
        mkdir -p "$(dirname "$out")"
        if [ "${MEMWASTE_UPDATE_EXPECTED:-}" = 1 ]; then
            cp "$tmp/out" "$out"
        elif [ ! -f "$out" ]; then
            cp "$tmp/out" "$out"; echo "NEW golden written (review and commit): $out"; fail=1
        elif ! cmp -s "$out" "$tmp/out"; then
            echo "DIFF $f ($fmt):"; diff -u "$out" "$tmp/out" | head -30; fail=1
        fi
    done
done
exit $fail
