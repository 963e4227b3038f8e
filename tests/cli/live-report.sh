# the embedded default: this machine's own /proc and kernel log
out=$("$MEMWASTE" report --format json 2>err.txt)
rc=$?
grep -q 'kernel log is not readable' err.txt && exit 77   # not root here: nothing to check
echo "exit $rc"
printf '%s\n' "$out" | jq -r '.boots[0].kernel_release' | grep -qxF "$(uname -r)" && echo "release of the running kernel"
printf '%s\n' "$out" | jq -e '.snapshots[0].memtotal_kb > 0' >/dev/null && echo "meminfo read"
