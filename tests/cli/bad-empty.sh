# An empty file is refused with a clear message; nothing is imported (exit 1).
: >empty.log
"$MEMWASTE" import empty.log
