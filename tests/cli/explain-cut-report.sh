# A report cut off in the middle: kept, marked, noted with file:line; exit 0.
head -n 400 "$MW_FIXTURES/oom/firecracker_6.18.44_memcg-v1_tail_oom.txt" > cut.log
$MEMWASTE explain cut.log
