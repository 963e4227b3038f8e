"$MEMWASTE" report --installed 12X "$MW_FIXTURES/dmesg/kleen-2006-paper.txt"
