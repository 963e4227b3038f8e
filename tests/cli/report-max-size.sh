# Markdown stays under the size a ticket takes; a smaller budget cuts it with a note; the others are never cut.
f=$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt
"$MEMWASTE" report --format markdown "$f" >full.md
"$MEMWASTE" report --format markdown --max-size 4096 "$f" >cut.md
test "$(wc -c <full.md)" -le 65000 && echo "default fits"
grep -c 'This report was cut' full.md
test "$(wc -c <cut.md)" -le 4096 && echo "cut fits"
grep -c '^> \*\*This report was cut at 4,096 bytes\*\*' cut.md
# every fold opened is closed, every fence closed
echo "details $(grep -c '^<details>' cut.md) $(grep -c '^</details>' cut.md)"
echo "fences $(( $(grep -c '^```' cut.md) % 2 ))"
"$MEMWASTE" report --format markdown --max-size 100 "$f" >/dev/null 2>err; echo "too small: $?"
"$MEMWASTE" report --format markdown --max-size 0 "$f" | cmp -s - full.md && echo "0 = no limit, same here"
