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
# rotation by size: every frame is over 1 KiB, so each snapshot starts a new file
$MEMWASTE record -q -n 3 -i 100ms --rotate 1K -o rot.zst
ls rot.zst* | tr '\n' ' '; echo
for f in rot.zst*; do zstd -dc "$f" | head -1 | cut -c1-17; done | sort | uniq -c | sed 's/^ *//'
mkdir d
$MEMWASTE record -q -n 3 -i 100ms --rotate 1K --keep 1 -o d
echo "dir files: $(ls d | wc -l)"
$MEMWASTE --db rot.db import rot.zst rot.zst.1 rot.zst.2 d 2>&1 | grep -c ' 1 snapshot,'
