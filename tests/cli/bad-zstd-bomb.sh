# A decompression bomb: 36 KB of zstd RLE blocks that expand to 1.1 GiB of
# 'a'. Past 1 GiB of output at more than 2000:1 (max_ratio) the input is
# stopped with a clear error and nothing of it is imported (exit 1).
# Frame: magic, descriptor 0, window 2^17; blocks: RLE (type 1) of
# 128 KiB of 'a' = header 0x100002 little-endian + the byte.
printf '\050\265\057\375\000\070' >bomb.zst
printf '\002\000\020a' >blk
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do cat blk blk >blk2; mv blk2 blk; done   # 8192 blocks
cat blk blk >>bomb.zst                                                         # 16384 blocks = 2 GiB
printf '\003\000\020a' >>bomb.zst                                              # the last block
"$MEMWASTE" import --db t.db bomb.zst
rc=$?
sqlite3 t.db "SELECT count(*) FROM input"
exit $rc
