# Good and bad inputs in one command: each bad one says what is wrong, the
# good ones are imported, the summary counts them, exit 3 (partial).
cp "$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt" good.log
: >empty.log
"$MEMWASTE" import --db t.db good.log empty.log missing.log good.log
