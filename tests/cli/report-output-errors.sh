# Writing fails loudly with exit status 1: a missing directory, a full disk; the target is never half written.
f=$MW_FIXTURES/dmesg/kleen-2006-paper.txt
"$MEMWASTE" report --format html -o nodir/report.html "$f"; echo "missing dir: $?"
"$MEMWASTE" report --format markdown "$f" >/dev/full; echo "full disk: $?"
"$MEMWASTE" report --format json -o ok.json "$f"; echo "ok: $?"
ls
