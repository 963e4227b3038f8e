# The paper's order-3 example: 8 physically contiguous pages, GFP_ATOMIC dated to 2.6 by the full stop.
$MEMWASTE explain 'page allocation failure. order:3, mode:0x20'
