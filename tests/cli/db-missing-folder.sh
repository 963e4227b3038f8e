# an explicit database path in a folder that does not exist: a clear error, nothing created
"$MEMWASTE" --db "$TMPDIR/no/such/folder/x.db" import "$MW_FIXTURES/dmesg/kleen-2006-paper.txt"
echo "exit $?"
[ -e "$TMPDIR/no" ] && echo "folder was created"
# the default location is created on first use
HOME="$TMPDIR/home" XDG_DATA_HOME= MEMWASTE_DB= "$MEMWASTE" -q import "$MW_FIXTURES/dmesg/kleen-2006-paper.txt"
echo "exit $?"
[ -f "$TMPDIR/home/.local/share/memwaste/memwaste.db" ] && echo "default database created"
