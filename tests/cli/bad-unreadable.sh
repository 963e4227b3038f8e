# A file we may not read, and a directory we may not list: "Permission
# denied" with the name, nothing imported (exit 1). Root reads anything,
# so as root the command runs as nobody (setpriv).
cp "$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt" secret.log
chmod 000 secret.log
mkdir locked && cp secret.log locked/ && chmod 000 locked
mkdir db && chmod 777 db
chmod 755 .
run=""
if [ "$(id -u)" = 0 ]; then
    cp "$MEMWASTE" ./mw && chmod 755 ./mw
    MEMWASTE=./mw
    run="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
$run "$MEMWASTE" import --db db/t.db secret.log locked
