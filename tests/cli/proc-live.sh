# With no input memwaste reads this machine: the snapshot report is there, beside the boot table.
"$MEMWASTE" report --format json >out.json || exit 1
grep -c '"snapshots":' out.json
grep -cE '^			"memtotal_kb":	[0-9]+,$' out.json
grep -cE '"unusable_index":	\[' out.json | sed 's/^[1-9][0-9]*$/some/'
