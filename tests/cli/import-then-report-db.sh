# import into a database, import again (no change), then report from it
set -e
"$MEMWASTE" --db "$TMPDIR/a.db" import "$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"
"$MEMWASTE" --db "$TMPDIR/a.db" import "$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"
"$MEMWASTE" --db "$TMPDIR/a.db" report --format json | grep -c '"kernel_release":[[:space:]]*"6.18.44-fc-v669"'
