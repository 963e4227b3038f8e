# memwaste record: three snapshots, each one zstd frame, imported back; a file whose
# last frame was cut (a recorder killed while writing) keeps its whole snapshots.
$MEMWASTE record -q -n 3 -i 100ms -o cap.zst || exit 1
[ "$(zstd -dc cap.zst | grep -c '^------------------------$')" = 3 ] && echo "3 separators"
zstd -dc cap.zst | head -1 | sed 's/ host=[^ ]*/ host=H/; s/ kernel=[^ ]*/ kernel=K/; s/record [^ ]*/record V/'
$MEMWASTE --db ok.db import cap.zst 2>&1 | sed -n 's/.*: [0-9]* lines: [0-9]* boots*, \([0-9]*\) snapshots.*/imported \1 snapshots/p'
size=$(wc -c <cap.zst)
head -c $((size - 200)) cap.zst >cut.zst
$MEMWASTE --db cut.db import cut.zst 2>err.txt
echo "cut: exit $?"
grep -c 'kept the' err.txt
# the same capture twice: nothing new
$MEMWASTE --db ok.db import cap.zst 2>&1 | grep -c 'already imported'
# usage errors
$MEMWASTE record --interval 10ms 2>&1 | head -1
$MEMWASTE record --count x 2>&1 | head -1
