# A bare mask with --kernel: 0x20 is GFP_ATOMIC in 2.6.18, and __GFP_HIGH from 4.4.
$MEMWASTE explain --kernel 2.6.18 'mode:0x20'
$MEMWASTE explain --kernel 4.19.0 'mode:0x20'
