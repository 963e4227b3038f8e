# An order-0 failure of a normal (GFP_KERNEL) allocation: "you have no memory".
$MEMWASTE explain 'page allocation failure. order:0, mode:0xd0'
$MEMWASTE explain --format json 'page allocation failure. order:0, mode:0xd0' | grep -c 'you have no memory, and we could free no memory to satisfy the request'
