# kv, slab and proc are views over packs that only memwaste's table-valued
# functions read: `memwaste debug sql` reads them, plain sqlite3 reads every
# table but not those views, and a damaged pack is an error, not wrong rows.
# Expected figures from the fixtures themselves: 235 caches holding 566275
# objects (awk 'NR>2{n++; s+=$3}'), MemTotal and MemFree on lines 1 and 2.
p="$MW_FIXTURES/proc/firecracker_6.18.44_x86_64"
"$MEMWASTE" -q import "${p}_slabinfo.txt" "${p}_meminfo.txt" || exit 1
"$MEMWASTE" debug sql "SELECT count(*), sum(num_objs) FROM slab WHERE snapshot_id = 1" \
    "SELECT k.name, v.value, v.line FROM kv v JOIN kv_key k ON k.id = v.key_id WHERE v.snapshot_id = 1
       AND k.name IN ('MemTotal', 'MemFree') ORDER BY 1; SELECT slab_caches FROM snapshot"
sqlite3 "$MEMWASTE_DB" "SELECT count(*) FROM slab_pack" 2>&1
sqlite3 "$MEMWASTE_DB" "SELECT count(*) FROM slab" 2>&1 | grep -o "no such table: main.slab_rows"
"$MEMWASTE" debug sql "SELECT * FROM slab_rows" 2>&1
echo "exit $?"
sqlite3 "$MEMWASTE_DB" "UPDATE slab_pack SET data = x'01ff'"
"$MEMWASTE" debug sql "SELECT count(*) FROM slab WHERE snapshot_id = 1" 2>&1
echo "exit $?"
