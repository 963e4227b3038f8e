# FIFOs and devices are refused unless given as - (a FIFO would block, a
# device never ends); from a pipe on stdin the same data imports fine.
mkfifo pipe
"$MEMWASTE" import --db t.db pipe /dev/zero
echo "exit $?"
cat "$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt" | "$MEMWASTE" import --db t.db -
