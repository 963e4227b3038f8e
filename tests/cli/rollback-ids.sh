# An input that fails (--strict) is rolled back with the names it added
# (slab_name ids); the next input of the same import, with the same caches
# at the same lines, must add them again, not reuse ids remembered from the
# rolled-back one: every cache of the good input has its name.
f="$MW_FIXTURES/proc/firecracker_6.18.44_x86_64_slabinfo.txt"
{ cat "$f"; echo "zzz_cache  1 2 3 4 5 : tunables 0 0 0 : slabdata 1 2 99999999999999999"; } >bad.txt
cp "$f" good.txt
touch -d "2026-01-01 00:00" bad.txt
touch -d "2026-01-02 00:00" good.txt
"$MEMWASTE" -q import --strict bad.txt good.txt 2>/dev/null
echo "exit $?"
sqlite3 "$MEMWASTE_DB" "SELECT count(*) FROM slab_name; SELECT count(*) FROM input"
"$MEMWASTE" debug sql "SELECT count(*), count(n.name) FROM slab s LEFT JOIN slab_name n ON n.id = s.name_id"
