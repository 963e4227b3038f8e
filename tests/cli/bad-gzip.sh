# gzip (and xz, bzip2, lz4) are recognised by their magic bytes, whatever
# the name, and refused with the command that decompresses them.
gzip -c "$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt" >dmesg.txt
"$MEMWASTE" import dmesg.txt
