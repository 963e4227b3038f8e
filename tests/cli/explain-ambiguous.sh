# No release and a mask that means two things: both readings are shown.
$MEMWASTE explain 'order:2 mode:0x20'
