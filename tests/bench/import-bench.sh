#!/bin/sh
# SPDX-License-Identifier: MIT
# Import benchmark (not a ctest: timings depend on the machine). Builds a day of
# the 10-second logging loop from this machine's own /proc (gen-capture.py), then
# in the same run:
#   - imports it with memwaste (wall time, CPU time, peak RSS, database size);
#   - imports it with ../shared/bench/peer_import.py, the plain Python importer a
#     user would write instead, and prints the ratios;
#   - optionally (--week) imports a week (60480 snapshots, streamed through a pipe,
#     never written to disk) and times `memwaste report -r timeline` and the whole
#     `memwaste report` on it;
#   - optionally (--record) runs `memwaste record` on this machine for 30 snapshots
#     at 1 s and prints its CPU time and bytes per snapshot, and what a day at 10 s
#     costs.
# Targets: 10x the peer, peak RSS under 64 MiB whatever the input, database at most
# a quarter of the input text, the week's reports under 2 s.
#
# usage: tests/bench/import-bench.sh [--memwaste BIN] [--peer SCRIPT] [--snapshots N] [--week] [--record] [--dir DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
mw=$top/build/memwaste
peer=$top/../shared/bench/peer_import.py
snaps=8640
week=0
record=0
dir=
while [ $# -gt 0 ]; do
    case $1 in
    --memwaste) mw=$2; shift 2;;
    --peer) peer=$2; shift 2;;
    --snapshots) snaps=$2; shift 2;;
    --week) week=1; shift;;
    --record) record=1; shift;;
    --dir) dir=$2; shift 2;;
    *) echo "usage: $0 [--memwaste BIN] [--peer SCRIPT] [--snapshots N] [--week] [--record] [--dir DIR]" >&2; exit 2;;
    esac
done
[ -x "$mw" ] || { echo "no memwaste at $mw (build it, or --memwaste BIN)" >&2; exit 2; }
[ -f "$peer" ] || { echo "no peer importer at $peer (--peer SCRIPT)" >&2; exit 2; }
if [ -z "$dir" ]; then
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"
cap=$dir/capture.txt

# /usr/bin/time -f: wall seconds, user seconds, system seconds, peak RSS in KiB
measure() {
    out=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$out" "$@"
}
field() { awk -v n="$2" '{print $n}' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }
cpu() { awk '{printf "%.2f", $2 + $3}' "$1"; }

echo "memwaste: $("$mw" --version) ($mw)"
echo "machine:  $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'capture:  %s snapshots at 10 s from this machine ... ' "$snaps"
python3 "$here/gen-capture.py" "$snaps" "$cap"
size=$(wc -c <"$cap")
lines=$(wc -l <"$cap")
echo "$size bytes, $lines lines"

rm -f "$dir/mw.db" "$dir/mw.db-wal" "$dir/mw.db-shm"
measure "$dir/mw.time" "$mw" -q --db "$dir/mw.db" import "$cap"
rm -f "$dir/peer.db" "$dir/peer.db-wal" "$dir/peer.db-shm"
measure "$dir/peer.time" python3 "$peer" "$cap" "$dir/peer.db"
dbsize=$(wc -c <"$dir/mw.db")
peerdb=$(wc -c <"$dir/peer.db")

mw_wall=$(field "$dir/mw.time" 1); mw_cpu=$(cpu "$dir/mw.time"); mw_rss=$(field "$dir/mw.time" 4)
pe_wall=$(field "$dir/peer.time" 1); pe_cpu=$(cpu "$dir/peer.time")
echo
printf '%-28s %10s %10s %12s %14s\n' "" "wall s" "CPU s" "peak RSS" "database"
printf '%-28s %10s %10s %9s MiB %10s MiB\n' "memwaste import" "$mw_wall" "$mw_cpu" "$((mw_rss / 1024))" \
    "$(awk -v b="$dbsize" 'BEGIN{printf "%.1f", b/1048576}')"
printf '%-28s %10s %10s %9s MiB %10s MiB\n' "peer_import.py" "$pe_wall" "$pe_cpu" "$(($(field "$dir/peer.time" 4) / 1024))" \
    "$(awk -v b="$peerdb" 'BEGIN{printf "%.1f", b/1048576}')"
echo
fail=0
check() {  # label, ok (0/1), detail
    if [ "$2" = 1 ]; then echo "PASS  $1: $3"; else echo "FAIL  $1: $3"; fail=1; fi
}
w=$(ratio "$pe_wall" "$mw_wall"); c=$(ratio "$pe_cpu" "$mw_cpu")
check "import speed vs peer (>= 10x)" "$(awk -v w="$w" 'BEGIN{print (w >= 10)}')" "${w}x wall clock, ${c}x CPU time"
check "peak RSS (< 64 MiB)" "$(awk -v r="$mw_rss" 'BEGIN{print (r < 65536)}')" "$((mw_rss / 1024)) MiB"
check "database size (<= 1/4 of the input)" "$(awk -v d="$dbsize" -v s="$size" 'BEGIN{print (d * 4 <= s)}')" \
    "$(awk -v d="$dbsize" -v s="$size" 'BEGIN{printf "%.1f%% of the input", 100 * d / s}')"

if [ "$week" = 1 ]; then
    rm -f "$dir/week.db" "$dir/week.db-wal" "$dir/week.db-shm"
    printf '\nweek:     60480 snapshots streamed through a pipe ... '
    # the generator's time is in the pipeline's wall time; memwaste's own RSS is measured alone
    python3 "$here/gen-capture.py" 60480 - | measure "$dir/week.time" "$mw" -q --db "$dir/week.db" import -
    echo "done, database $(awk -v b="$(wc -c <"$dir/week.db")" 'BEGIN{printf "%.1f", b/1048576}') MiB"
    check "peak RSS on a week (< 64 MiB)" "$(awk -v r="$(field "$dir/week.time" 4)" 'BEGIN{print (r < 65536)}')" \
        "$(($(field "$dir/week.time" 4) / 1024)) MiB"
    measure "$dir/report.time" "$mw" --db "$dir/week.db" report -r timeline >"$dir/week-report.txt"
    check "timeline report on a week (< 2 s)" "$(awk -v t="$(field "$dir/report.time" 1)" 'BEGIN{print (t < 2)}')" \
        "$(field "$dir/report.time" 1) s wall, $(cpu "$dir/report.time") s CPU"
    measure "$dir/report-all.time" "$mw" --db "$dir/week.db" report >"$dir/week-report-all.txt"
    check "whole report on a week (< 2 s)" "$(awk -v t="$(field "$dir/report-all.time" 1)" 'BEGIN{print (t < 2)}')" \
        "$(field "$dir/report-all.time" 1) s wall, $(cpu "$dir/report-all.time") s CPU"
fi

if [ "$record" = 1 ]; then
    rm -f "$dir/rec.zst"*
    printf '
record:   30 snapshots at 1 s of this machine ... '
    measure "$dir/record.time" "$mw" record -q --interval 1s --count 30 -o "$dir/rec.zst"
    rbytes=$(cat "$dir/rec.zst"* | wc -c)
    echo "done, $rbytes bytes"
    awk -v c="$(cpu "$dir/record.time")" -v b="$rbytes" -v r="$(field "$dir/record.time" 4)" 'BEGIN {
        printf "record:   %.2f ms CPU and %.1f KiB of zstd per snapshot, peak RSS %d MiB;\n", 1000 * c / 30, b / 30 / 1024, r / 1024
        printf "          a day at 10 s: %.1f s CPU (%.3f%% of one CPU), %.0f MiB on disk\n", c / 30 * 8640,
            100 * c / 30 / 10, b / 30 * 8640 / 1048576 }'
fi
exit $fail
