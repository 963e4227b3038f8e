# A log whose blocks were allocated but never written (only NUL bytes, as
# after a crash on ext4) is refused with a message that says so.
head -c 65536 /dev/zero >kern.log
"$MEMWASTE" import kern.log
