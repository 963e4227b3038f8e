"$MEMWASTE" frobnicate
