"$MEMWASTE" --version
