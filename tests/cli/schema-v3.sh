# Schema step 3 turns the runs of a database made before it (kv_delta,
# slab_delta, proc_delta: schema-v3.v2.sql is the dump of one, made by
# memwaste at schema version 2 from a loop built to change, add and drop
# keys and from capture/loop-damaged.txt) into packs. The views read the
# same rows after the conversion as before it: schema-v3.stdout.exact is
# what sqlite3 printed from the old views.
sqlite3 old.db <"$MW_SOURCE_DIR/tests/cli/schema-v3.v2.sql" || exit 1
sqlite3 old.db "PRAGMA user_version = 2"
"$MEMWASTE" --db old.db -q import "$MW_FIXTURES/proc/firecracker_6.18.44_x86_64_meminfo.txt" || exit 1
sqlite3 old.db "PRAGMA user_version; PRAGMA integrity_check; SELECT name FROM sqlite_master WHERE name LIKE '%delta%'"
# the conversion gives the dropped runs' pages back (VACUUM): no free page is left in the file
[ "$(sqlite3 old.db 'PRAGMA freelist_count')" = 0 ] || { echo "free pages left after the conversion" >&2; exit 1; }
"$MEMWASTE" --db old.db debug sql "SELECT * FROM kv WHERE snapshot_id <= 16 ORDER BY snapshot_id, key_id" \
    "SELECT * FROM slab ORDER BY snapshot_id, name_id" "SELECT * FROM proc ORDER BY snapshot_id, pid"
