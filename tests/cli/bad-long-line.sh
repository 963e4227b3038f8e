# A 100 MB line (no newline for 100 MB) is reported with file:line and
# skipped; the lines after it are imported (exit 0, the input is read).
{ head -c 100000000 /dev/zero | tr '\0' x; echo; cat "$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"; } >long.log
"$MEMWASTE" import long.log || exit $?
# the figures of the log after the long line, with its line numbers (one more than in the fixture)
"$MEMWASTE" --db "$MEMWASTE_DB" report --format json >r.json || exit $?
grep -o '"kernel_release":[^,]*\|"installed_bytes":[^,{]*,' r.json | tr -d '\t'
grep -o '"line":[^,}]*' r.json | head -n 1 | tr -d '\t'
