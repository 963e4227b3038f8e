# A zstd frame whose checksum does not match its data: the data is damaged,
# nothing of it is imported (exit 1), the message says so.
zstd -q --check -c "$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt" >bad.zst
size=$(wc -c <bad.zst)
# flip the last byte (part of the 4-byte content checksum)
last=$(tail -c 1 bad.zst | od -An -tu1 | tr -d ' ')
head -c $((size - 1)) bad.zst >bad2.zst
printf "\\$(printf '%03o' $(( (last + 1) % 256 )))" >>bad2.zst
"$MEMWASTE" import --db t.db bad2.zst
rc=$?
echo "size $size"
sqlite3 t.db "SELECT count(*) FROM input; PRAGMA integrity_check"
exit $rc
