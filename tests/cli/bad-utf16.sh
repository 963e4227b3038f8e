# UTF-16 (with a BOM, and little-endian without one) is refused with the command that converts it.
f="$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"
iconv -f UTF-8 -t UTF-16 "$f" >bom.log
iconv -f UTF-8 -t UTF-16LE "$f" >le.log
"$MEMWASTE" import --db t.db bom.log le.log
