# Binary data (an ELF executable: memwaste itself) is refused, not parsed as text.
head -c 65536 "$MEMWASTE" >prog.log
"$MEMWASTE" import prog.log
