#!/bin/sh
# SPDX-License-Identifier: MIT
# valgrind memcheck over a full import and report of a corpus: no error
# and no leak of any kind (definite, indirect, possible, reachable), or
# the script fails. Needs a build without sanitizers (valgrind and ASan do
# not mix):
#
#   tests/valgrind-corpus.sh build/memwaste ../shared/corpus
#
# Runs: `import` of the whole corpus directory into a new database,
# `report --db` in every format `report --help` lists, `report` on this
# machine, and `report PATH` of every tenth corpus file straight from disk
# (the in-memory database path); exits 77 when the corpus is absent.
set -u
mw=${1:?usage: valgrind-corpus.sh MEMWASTE CORPUS_DIR}
corpus=${2:?usage: valgrind-corpus.sh MEMWASTE CORPUS_DIR}
[ -d "$corpus" ] || { echo "no corpus at $corpus: skipped"; exit 77; }
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 1; }
if ldd "$mw" 2>/dev/null | grep -q 'libasan\|libubsan'; then
    echo "$mw is built with sanitizers; valgrind needs a plain build (cmake -S . -B build)"; exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 LC_ALL=C TZ=UTC
fail=0 runs=0
# vg NAME ALLOWED-EXIT-CODES COMMAND...: memcheck must be clean and the exit code one of the allowed
vg() {
    name=$1 allowed=$2; shift 2
    runs=$((runs + 1))
    valgrind --tool=memcheck --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
        --error-exitcode=99 --track-fds=no --log-file="$tmp/vg.$runs" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$tmp/vg.$runs" | tail -n 1)
    if [ "$rc" = 99 ] || [ "${errs:-1}" != 0 ]; then
        echo "VALGRIND $name: $errs errors (exit $rc)"
        grep -A12 -E 'Invalid|uninitialised|definitely|indirectly|possibly|still reachable|Mismatched' "$tmp/vg.$runs" | head -60
        fail=1
    elif ! echo " $allowed " | grep -q " $rc "; then
        echo "FAIL $name: exit $rc (expected $allowed): $(head -c 300 "$tmp/err")"; fail=1
    else
        echo "valgrind $name: no error, no leak (exit $rc)"
    fi
}
vg "import $corpus" "0 3" "$mw" import --db "$tmp/c.db" -q "$corpus"
formats=$("$mw" report --help | sed -n 's/.*--format FORMAT *\(.*\) (default text).*/\1/p' | tr -d ',')
for fmt in ${formats:-text json}; do
    vg "report --db --format $fmt" 0 "$mw" --db "$tmp/c.db" report --format "$fmt"
done
vg "report (this machine)" 0 "$mw" report
for f in $(find "$corpus" -type f ! -name '*.tsv' ! -name '*.md' | sort | awk 'NR % 10 == 1'); do
    # 1: nothing memwaste reports on in that file (yet)
    vg "report ${f#"$corpus"/}" "0 1" "$mw" report --format json "$f"
done
echo "valgrind: $runs runs, $([ $fail = 0 ] && echo 'no error and no leak' || echo 'FINDINGS')"
exit $fail
