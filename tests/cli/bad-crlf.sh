# CRLF line ends read exactly like LF: the same report, figure for figure.
f="$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"
sed 's/$/\r/' "$f" >crlf.log
cp "$f" lf.log
"$MEMWASTE" report --format json lf.log | sed 's/lf\.log/X/g' >lf.json || exit 1
"$MEMWASTE" report --format json crlf.log | sed 's/crlf\.log/X/g' >crlf.json || exit 1
grep -q '"installed_bytes"\|"release"' lf.json || { echo "no figures in the report"; exit 1; }
cmp lf.json crlf.json && echo same
