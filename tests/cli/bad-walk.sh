# A directory walk: symbolic links to files are followed, links to
# directories (here a loop back to the top) are not, a link loop and a
# dangling link are skipped with a note, a FIFO and an empty file too; an
# unlistable sub-directory is an error (it may hide data): exit 3.
f="$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"
mkdir -p cap/sub cap/locked
cp "$f" cap/sub/dmesg.txt
ln -s sub/dmesg.txt cap/link.txt          # same content: imported once
ln -s .. cap/sub/up                       # a directory loop: not followed
ln -s loop-b cap/loop-a; ln -s loop-a cap/loop-b
ln -s missing.txt cap/dangling
mkfifo cap/fifo
: >cap/empty.txt
mkdir db && chmod 777 db && chmod 755 . cap cap/sub && chmod 000 cap/locked
run=""
if [ "$(id -u)" = 0 ]; then
    cp "$MEMWASTE" ./mw && chmod 755 ./mw
    MEMWASTE=./mw
    run="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
$run "$MEMWASTE" import --db db/t.db cap
