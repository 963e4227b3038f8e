# A damaged logging-loop capture: every problem is named with file:line and the rest is
# imported (5 snapshots, one of them without a time).
cp "$MW_FIXTURES/capture/loop-damaged.txt" .
$MEMWASTE import loop-damaged.txt 2>&1
echo "exit $?"
$MEMWASTE import loop-damaged.txt 2>&1 | grep -c 'already imported'
