#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs one CLI test (the zstd cli-tests convention): tests/cli/NAME.sh is run
# with $MEMWASTE, $MW_FIXTURES, $MW_CORPUS and $MW_SOURCE_DIR set, in a fresh
# temporary directory ($TMPDIR is that directory). Beside it:
#   NAME.exit          expected exit status (default 0)
#   NAME.stdout.exact  expected stdout, byte for byte
#   NAME.stderr.exact  expected stderr
#   NAME.stdout.glob / NAME.stderr.glob   one shell glob per line, each must match some line
# A script that exits 77 is skipped (it says why on stderr).
# MEMWASTE_UPDATE_EXPECTED=1 rewrites the .exact files that exist (and .exit).
set -u
script=$1
base=${script%.sh}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work" MEMWASTE_DB="$work/test.db" NO_COLOR=1 LC_ALL=C TZ=UTC
( cd "$work" && sh "$script" ) >"$work/.stdout" 2>"$work/.stderr"
rc=$?
# 77: the test cannot run here (a tool it needs is missing)
if [ "$rc" = 77 ] && ! [ -f "$base.exit" ]; then
    echo "skipped: $(tail -1 "$work/.stderr" 2>/dev/null)"; exit 77
fi
want=0
[ -f "$base.exit" ] && want=$(cat "$base.exit")
fail=0
if [ "${MEMWASTE_UPDATE_EXPECTED:-}" = 1 ]; then
    [ -f "$base.exit" ] && echo "$rc" >"$base.exit"
    [ -f "$base.stdout.exact" ] && cp "$work/.stdout" "$base.stdout.exact"
    [ -f "$base.stderr.exact" ] && cp "$work/.stderr" "$base.stderr.exact"
    exit 0
fi
if [ "$rc" != "$want" ]; then
    echo "exit status $rc, expected $want"; fail=1
fi
for s in stdout stderr; do
    if [ -f "$base.$s.exact" ] && ! cmp -s "$base.$s.exact" "$work/.$s"; then
        echo "$s differs:"; diff -u "$base.$s.exact" "$work/.$s" | head -40; fail=1
    fi
    if [ -f "$base.$s.glob" ]; then
        while IFS= read -r pat; do
            [ -z "$pat" ] && continue
            found=0
            while IFS= read -r l; do
                # shellcheck disable=SC2254
                case "$l" in $pat) found=1; break;; esac
            done <"$work/.$s"
            [ $found = 1 ] || { echo "$s has no line matching: $pat"; fail=1; }
        done <"$base.$s.glob"
    fi
done
if [ $fail = 1 ]; then
    echo "--- stdout"; head -30 "$work/.stdout"; echo "--- stderr"; head -30 "$work/.stderr"
fi
exit $fail
