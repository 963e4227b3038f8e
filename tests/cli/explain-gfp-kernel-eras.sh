# GFP_KERNEL in four layouts, as JSON.
for km in "2.6.32 0xd0" "4.9.0 0x24000c0" "4.14.0 0x14000c0" "4.19.0 0x6000c0" "5.15.0 0xcc0"; do
    set -- $km
    $MEMWASTE explain --format json --kernel "$1" "gfp_mask=$2" | grep -E '^			"(gfp_mask|gfp_flags)":'
done
