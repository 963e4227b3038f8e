# Crash safety: SIGKILL `memwaste import` at random moments of a large
# import (30 files, 240 boots). After every kill the database passes
# PRAGMA integrity_check, every input in it is complete (the same rows as
# in a clean import) and none is lost from one kill to the next; running
# the same import again completes it, with nothing duplicated.
f="$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"
mkdir in
i=0
while [ $i -lt 30 ]; do
    for j in 1 2 3 4 5 6 7 8; do sed "s/Linux version 6.18.44/Linux version 6.18.$i.$j/" "$f"; done >in/log.$i
    i=$((i + 1))
done
# what every input must look like once committed: rows per input
fingerprint() {
    sqlite3 "$1" "SELECT display || '|' || coalesce(content_hash, 'NULL') || '|' || lines || '|' || status
        || '|' || (SELECT count(*) FROM boot b WHERE b.input_id = i.id)
        || '|' || (SELECT count(*) FROM boot_fact x JOIN boot b ON x.boot_id = b.id WHERE b.input_id = i.id)
        || '|' || (SELECT count(*) FROM mem_range x JOIN boot b ON x.boot_id = b.id WHERE b.input_id = i.id)
        || '|' || (SELECT count(*) FROM hash_table x JOIN boot b ON x.boot_id = b.id WHERE b.input_id = i.id)
        FROM input i ORDER BY display"
}
# rows of every table
tables() {
    for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
        echo "$t $(sqlite3 "$1" "SELECT count(*) FROM \"$t\"")"
    done
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

t0=$(now_ms)
"$MEMWASTE" import --db ref.db -q in || { echo "reference import failed"; exit 1; }
span=$(( $(now_ms) - t0 ))
fingerprint ref.db >ref.fp
[ "$(wc -l <ref.fp)" = 30 ] || { echo "reference has $(wc -l <ref.fp) inputs"; exit 1; }

fail=0 kept=0 kills=0 k=0
while [ $k -lt 12 ]; do
    k=$((k + 1))
    r=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
    ms=$(( r % (span + 1) ))
    "$MEMWASTE" import --db t.db -q in 2>/dev/null &
    pid=$!
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -9 $pid 2>/dev/null && kills=$((kills + 1))
    wait $pid 2>/dev/null
    [ -f t.db ] || continue
    ic=$(sqlite3 t.db "PRAGMA integrity_check" 2>&1)
    [ "$ic" = ok ] || { echo "kill $k after $ms ms: integrity_check: $ic"; fail=1; }
    fingerprint t.db >t.fp
    # every input in the database is complete and committed
    if ! grep -qvxFf ref.fp t.fp; then :; else
        echo "kill $k after $ms ms: inputs that differ from a clean import:"; grep -vxFf ref.fp t.fp; fail=1
    fi
    n=$(wc -l <t.fp)
    [ "$n" -ge "$kept" ] || { echo "kill $k after $ms ms: $kept inputs before, $n now"; fail=1; }
    kept=$n
done
# the same import again completes it
"$MEMWASTE" import --db t.db -q in || { echo "import after the kills failed"; fail=1; }
fingerprint t.db >t.fp
cmp -s ref.fp t.fp || { echo "after completion:"; diff ref.fp t.fp | head; fail=1; }
tables ref.db >ref.tables
tables t.db >t.tables
cmp -s ref.tables t.tables || { echo "row counts differ:"; diff ref.tables t.tables | head; fail=1; }
[ "$(sqlite3 t.db 'PRAGMA integrity_check')" = ok ] || fail=1
[ $fail = 0 ] && echo "12 kills, every state consistent, the import completed to the same rows as a clean one"
[ $kills -ge 1 ] || echo "(no kill landed before the import ended: $span ms)" >&2
exit $fail
