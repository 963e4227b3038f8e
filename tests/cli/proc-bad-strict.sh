# --strict: a malformed /proc line fails its input (nothing imported from it).
printf 'MemTotal:       16000000 kB\nMemFree:        abc kB\n' >meminfo
"$MEMWASTE" report --strict meminfo
