# A zstd frame that asks for a 2 GiB window (zstd --long=31) is refused
# before any memory is taken for it (zstd_window_log_max 27 = 128 MiB).
# The frame header is written by hand: magic, descriptor 0, window
# descriptor 0xa8 (2^31), then one raw block "hello\n".
printf '\050\265\057\375\000\250\061\000\000hello\n' >long.zst
"$MEMWASTE" import --db t.db long.zst
