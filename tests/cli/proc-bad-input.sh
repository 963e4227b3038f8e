# Bad /proc input: every problem is reported as file:line, the rest imports.
printf 'MemTotal:       16000000 kB\nMemFree:        abc kB\nCached:          5000000 kB\n' >meminfo
printf 'slabinfo - version: 2.1\ndentry             40719  40719    192   21    1 : tunables    0    0    0 : slabdata   1939\nkmalloc-8          4096   4096      8  512    1 : tunables    0    0    0 : slabdata      8      8      0\n' >slabinfo
printf 'slabinfo - version: 7.3\ndentry 1 1 1 1 1 : tunables 0 0 0 : slabdata 1 1 0\n' >slabinfo-new
printf 'Node 0, zone   Normal\n  pages free     500\n        protection: (0, 0)\nNode 0, zone  HighMem\n  pages free     7\n        min      1\n        low      2\n        high     3\n' >zoneinfo
"$MEMWASTE" report --format json meminfo slabinfo slabinfo-new zoneinfo | grep -E '"(memtotal_kb|slab_total_bytes)":' | head -2
