# --redact-hosts: the address in the kernel command line becomes ip-1 in every format; nothing else changes.
f=$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt
for fmt in text markdown json html; do
    "$MEMWASTE" report --redact-hosts --format $fmt "$f" >r.$fmt
    echo "$fmt: $(grep -c '0\.0\.0\.0' r.$fmt) $(grep -c 'ip-1:2024' r.$fmt)"
done
"$MEMWASTE" report --format json "$f" | grep -c '0\.0\.0\.0:2024'
