# A capture directory (sosreport-style proc/ tree) is one moment.
mkdir -p sos/proc
for k in meminfo zoneinfo buddyinfo pagetypeinfo slabinfo vmstat; do
    cp "$MW_FIXTURES/proc/firecracker_6.18.44_x86_64_$k.txt" "sos/proc/$k"
done
"$MEMWASTE" report --format json sos | grep -cE '^			"title":	"Snapshot '
"$MEMWASTE" report --format json sos | grep -E '"(sections|memtotal_kb|slab_total_bytes|slab_active_bytes)":' | head -4
