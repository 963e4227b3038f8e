# A directory walk stops after --max-files files (default 100000) with a
# message; what was imported before the limit stays (exit 3, partial).
mkdir many
for i in 1 2 3 4 5; do
    sed "s/Linux version 6.18.44/Linux version 6.18.$i/" "$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt" >many/dmesg.$i
done
"$MEMWASTE" import --db t.db -q --max-files 3 many
rc=$?
sqlite3 t.db "SELECT display FROM input ORDER BY id"
"$MEMWASTE" import --db t.db --max-files 0 many
echo "exit $?"
exit $rc
