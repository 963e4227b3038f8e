# No argument, a bad --kernel.
$MEMWASTE explain
$MEMWASTE explain --kernel banana 'mode:0x20'
