# A full disk during an import or a report: a clear error, the database
# and an existing report file intact, and the same import works once there
# is room. The disk fills through a file-size limit (ulimit -f, any user)
# and, where we may mount, through a small tmpfs.
f="$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"
j=0
while [ $j -lt 90 ]; do sed "s/Linux version 6.18.44/Linux version 6.18.$j/" "$f"; j=$((j + 1)); done >big.log
fp() { sqlite3 "$1" "SELECT display, lines, status, (SELECT count(*) FROM boot b WHERE b.input_id = i.id) FROM input i ORDER BY id; PRAGMA integrity_check"; }

"$MEMWASTE" import --db t.db -q "$f" || exit 1
fp t.db >before
# the database may grow by some 20 KB (ulimit -f counts 512- or 1024-byte
# blocks depending on the shell): big.log needs 500 KB more
blocks=$(( $(wc -c <t.db) / 1024 + 20 ))
( ulimit -f $blocks; "$MEMWASTE" import --db t.db big.log )
echo "import past the limit: exit $?"
fp t.db >after
cmp -s before after && echo "database intact"
"$MEMWASTE" import --db t.db -q big.log && echo "import with room: exit 0"

# -o: the report is written to a temporary file and renamed: a full disk
# leaves the previous report and no temporary file
echo "the previous report" >out.txt
( ulimit -f 1; "$MEMWASTE" report -o out.txt "$f" )
echo "report past the limit: exit $?"
cat out.txt
ls out.txt.* 2>/dev/null

# a real full file system, when we may mount one (root, CAP_SYS_ADMIN)
if [ "$(id -u)" = 0 ] && mkdir small && mount -t tmpfs -o size=600k tmpfs small 2>/dev/null; then
    "$MEMWASTE" import --db small/t.db -q "$f" || echo "tmpfs: first import failed"
    fp small/t.db >before
    "$MEMWASTE" import --db small/t.db big.log 2>err
    rc=$?
    fp small/t.db >after
    [ $rc = 1 ] && grep -q '^memwaste: big.log: .*full.*; nothing imported from it$\|^memwaste: big.log: .*(No space left on device); nothing imported from it$' err &&
        cmp -s before after || { echo "tmpfs: exit $rc, $(cat err)"; cat after; }
    umount small
fi
