#!/bin/sh
# SPDX-License-Identifier: MIT
# The real corpus in ../shared/corpus (absent from a user's clone: skip, 77).
# 1. every file reports (text and JSON) without a crash or a hang;
# 2. the figures match corpus/EXPECTED.tsv (../shared/tools/corpus-check),
#    except the disagreements listed with their reason in
#    tests/corpus-known-diffs.txt (where memwaste is right and the table is not).
set -u
mw=$1
corpus=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$corpus" ] || { echo "no corpus at $corpus: skipped"; exit 77; }
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in $(find "$corpus" -type f ! -name '*.tsv' ! -name '*.md' | sort); do
    for fmt in text json; do
        timeout 60 "$mw" report --format $fmt "$f" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        if [ $rc -ne 0 ]; then
            echo "FAIL rc=$rc $fmt ${f#$corpus/}: $(head -c 300 "$tmp/err")"; fail=1
        fi
    done
done
checker="$corpus/../tools/corpus-check"
if [ -x "$checker" ]; then
    "$checker" "$mw" "$corpus" >"$tmp/check" 2>&1
    tail -n 1 "$tmp/check"
    grep -v ' figures match ' "$tmp/check" | while IFS= read -r l; do
        key=$(printf '%s' "$l" | cut -d: -f1-2)
        if grep -qF "$key" "$here/corpus-known-diffs.txt" 2>/dev/null; then
            echo "known difference: $l"
        else
            echo "MISMATCH: $l"; echo x >>"$tmp/bad"
        fi
    done
    [ -f "$tmp/bad" ] && fail=1
fi
exit $fail
