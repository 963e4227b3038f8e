# The same capture in all four formats, one command each: each is what its format promises.
f=$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt
for fmt in text markdown json html; do
    "$MEMWASTE" report --format $fmt "$f" >out.$fmt || echo "$fmt: exit $?"
done
head -1 out.text
head -1 out.markdown
grep -c '^\*\*Verdict:\*\* 1 notice and 1 informational finding' out.markdown
grep -o '"schema_version":[[:space:]]*1' out.json | tr -d '\t '
grep -c '"installed_bytes":[[:space:]]*25769803776' out.json
head -1 out.html
grep -c "Content-Security-Policy\" content=\"default-src 'none'" out.html
grep -o '<svg [^>]*role="img"' out.html | wc -l
# no format reaches out: no script, no external URL other than the SVG namespace
grep -c '<script' out.html
grep -o 'https\?://[^"]*' out.html | sort -u
# the figure is the same number in all of them
grep -c '24.0 GiB' out.text out.markdown out.html | sed 's/:[1-9][0-9]*$/: yes/'
