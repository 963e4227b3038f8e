# Progress on stderr only when it is a terminal (script(1) gives one), never with --quiet or into a pipe.
command -v script >/dev/null || exit 77
f=$MW_FIXTURES/dmesg/kleen-2006-paper.txt
script -qec "$MEMWASTE import --db tty.db $f" /dev/null >tty.out </dev/null
grep -c 'memwaste: reading .*kleen-2006-paper.txt .*1 file, 0 snapshots' tty.out
script -qec "$MEMWASTE import --quiet --db quiet.db $f" /dev/null >quiet.out </dev/null
grep -c 'reading' quiet.out
"$MEMWASTE" import --db pipe.db "$f" 2>pipe.err
grep -c 'reading' pipe.err
exit 0
