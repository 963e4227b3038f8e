# A zstd stream cut short (a capture killed mid-write): every line decoded
# before the cut is kept, the input is marked truncated, exit 3 (partial).
f="$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"
# ten frames of 35 lines, as a logging loop that compresses as it goes writes them
split -l 35 "$f" part.
for p in part.*; do zstd -q -c "$p"; done >whole.zst
size=$(wc -c <whole.zst)
head -c $((size * 2 / 3)) whole.zst >cut.zst
"$MEMWASTE" import --db t.db cut.zst
rc=$?
sqlite3 t.db "SELECT display, status, lines > 200 AND lines < 300 FROM input"
sqlite3 t.db "PRAGMA integrity_check"
exit $rc
