printf 'hello\nworld\n' > plain.txt
"$MEMWASTE" report plain.txt
