# The real memory-cgroup OOM of the development machine, from a file and from stdin.
$MEMWASTE explain "$MW_FIXTURES/oom/firecracker_6.18.44_memcg-v1_tail_oom.txt"
$MEMWASTE explain - < "$MW_FIXTURES/oom/firecracker_6.18.44_memcg-v1_tail_oom.txt" | grep -c 'OOM kill: tail (pid 15618) killed'
