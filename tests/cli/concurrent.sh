# Two imports into one new database at the same moment (overlapping
# inputs), and reports reading it while they write: both imports succeed,
# every input is stored exactly once with the same rows as a clean import,
# and every report during the import either succeeds or fails with a clear
# message (with WAL and the busy timeout they succeed).
f="$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"
mkdir a b all
i=0
while [ $i -lt 24 ]; do
    for j in 1 2 3 4 5 6; do sed "s/Linux version 6.18.44/Linux version 6.18.$i.$j/" "$f"; done >all/log.$i
    [ $i -lt 16 ] && cp all/log.$i a/
    [ $i -ge 8 ] && cp all/log.$i b/
    i=$((i + 1))
done
fingerprint() {
    sqlite3 "$1" "SELECT substr(display, 3) || '|' || content_hash || '|' || lines || '|' || status
        || '|' || (SELECT count(*) FROM boot b WHERE b.input_id = i.id)
        || '|' || (SELECT count(*) FROM boot_fact x JOIN boot b ON x.boot_id = b.id WHERE b.input_id = i.id)
        FROM input i ORDER BY substr(display, 3)"
}
"$MEMWASTE" import --db ref.db -q all || exit 1
fingerprint ref.db | sed 's/^[^|]*|//' | sort >ref.fp

fail=0
"$MEMWASTE" import --db t.db -q a 2>a.err &
pa=$!
"$MEMWASTE" import --db t.db -q b 2>b.err &
pb=$!
# reports while the imports run (once the database exists)
n=0 ok=0
while kill -0 $pa 2>/dev/null || kill -0 $pb 2>/dev/null; do
    if [ -f t.db ]; then
        n=$((n + 1))
        if "$MEMWASTE" --db t.db report --format json >r.json 2>r.err; then
            ok=$((ok + 1))
        elif ! grep -q '^memwaste: ' r.err; then
            echo "report during the import failed without a message:"; cat r.err; fail=1
        fi
    fi
done
wait $pa; ra=$?
wait $pb; rb=$?
[ $ra = 0 ] && [ $rb = 0 ] || { echo "imports exited $ra and $rb:"; cat a.err b.err; fail=1; }
[ "$(sqlite3 t.db 'PRAGMA integrity_check')" = ok ] || { echo "integrity_check failed"; fail=1; }
# the same content from a/ and b/ is one input; compare by content
fingerprint t.db | sed 's/^[^|]*|//' | sort >t.fp
cmp -s ref.fp t.fp || { echo "inputs differ from a clean import:"; diff ref.fp t.fp | head; fail=1; }
dups=$(sqlite3 t.db "SELECT count(*) - count(DISTINCT content_hash) FROM input")
[ "$dups" = 0 ] || { echo "$dups duplicated inputs"; fail=1; }
echo "2 imports, $(wc -l <t.fp) inputs stored once each" 
[ $fail = 0 ] && [ $n -gt 0 ] && [ $ok -gt 0 ] && echo "reports during the import: all succeeded or failed clearly"
[ $n -gt 0 ] || echo "no report ran during the import" >&2
echo "$n reports, $ok succeeded" >&2
exit $fail
