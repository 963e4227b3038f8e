# Names built to break SQL, JSON, Markdown, HTML and terminals -- in the
# file name, the syslog host and the kernel release of a log, and --host
# -- are stored verbatim (bound parameters: the tables survive), come out
# of every format `memwaste report --help` lists still there but harmless
# (JSON parses and keeps them; no raw control byte anywhere; no live
# <script> tag outside text and JSON), and are escaped in messages.
f="$MW_FIXTURES/dmesg/firecracker_6.18.44_x86_64_dmesg.txt"
esc=$(printf '\033')
# a host token ends at a blank or a colon: everything else goes in
host=$(printf "h'\";DROP/**/TABLE/**/host;--<script>alert(1)</script>|*_#\033[31m\007\r\177&amp;")
rel="6.18.44-x');DROP/**/TABLE/**/boot;--<img/src=x/onerror=alert(1)>|\`\$(id)\`"
# a file name holds anything but "/" and NUL
name=$(printf "x'; DROP TABLE input; --<script>alert(2)<\\script>|a\033]0;pwned\007\nmemwaste: forged.log")
h=$(printf '%s' "$host" | sed 's/[&%\\]/\\&/g')
r=$(printf '%s' "$rel" | sed 's/[&%\\]/\\&/g')
sed -e "s%^%Nov 22 01:37:00 $h kernel: %" -e "s%Linux version 6.18.44-fc-v669%Linux version $r%" "$f" >"$name"
printf 'a NUL in a kernel line: \000 <b>bold</b>\n' | sed "s%^%Nov 22 01:37:01 $h kernel: %" >>"$name"
"$MEMWASTE" import --db t.db "$name" 2>import.err
echo "import: exit $?"
"$MEMWASTE" import --db t.db --host "$(printf 'db1 <i>"x"</i>\033[2J')" -q "$f"
echo "import --host: exit $?"
# messages: the name is there, escaped; no raw ESC, BEL or CR, and no forged line
grep -c '^memwaste: ' import.err
grep -qF 'x'"'"'; DROP TABLE input; --<script>alert(2)<\script>|a\x1b]0;pwned\x07\nmemwaste: forged.log: ' import.err && echo "message escaped"
LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" import.err && echo "RAW CONTROL BYTE IN MESSAGES"

# the database: intact, names verbatim
sqlite3 t.db "PRAGMA integrity_check"
sqlite3 t.db "SELECT count(*) FROM input; SELECT count(*) FROM boot"
[ "$(sqlite3 t.db "SELECT hex(display) FROM input ORDER BY id LIMIT 1")" = "$(printf '%s' "$name" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ] && echo "file name stored verbatim"
[ "$(sqlite3 t.db "SELECT hex(name) FROM host ORDER BY id LIMIT 1")" = "$(printf '%s' "$host" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ] && echo "host stored verbatim"
[ "$(sqlite3 t.db "SELECT kernel_release FROM boot ORDER BY id LIMIT 1")" = "$rel" ] && echo "release stored verbatim"

# every format
formats=$("$MEMWASTE" report --help | sed -n 's/.*--format FORMAT *\(.*\) (default text).*/\1/p' | tr -d ',')
[ -n "$formats" ] || echo "no formats in report --help"
for fmt in $formats; do
    out=out.$fmt
    "$MEMWASTE" --db t.db report --format "$fmt" -o "$out" || { echo "$fmt: exit $?"; continue; }
    bad=""
    LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$out" && bad="$bad raw-control-byte"
    [ "$(tr -d '\000' <"$out" | wc -c)" = "$(wc -c <"$out")" ] || bad="$bad NUL"
    # Markdown escapes * < | ` with a backslash: compare without them
    sed 's/\\//g' "$out" | grep -q 'DROP/\*\*/TABLE/\*\*/boot' || bad="$bad release-missing"
    sed 's/\\//g' "$out" | grep -q 'DROP TABLE input' || bad="$bad file-name-missing"
    case $fmt in
    json)
        jq -e . "$out" >/dev/null || bad="$bad invalid-json"
        jq -r '.. | strings' "$out" | grep -qF "<img/src=x/onerror=alert(1)>" || bad="$bad release-not-verbatim-in-json"
        ;;
    text) ;;
    *)  # markup formats: no live tag may come from the data
        # Markdown: a backslash-escaped "\<img" and anything inside a fenced
        # code block (``` or longer fences) are literal text, not tags
        awk '/^```/ { code = !code; next } !code' "$out" |
            grep -qiE '(^|[^\\])<(script>alert|img/src=x)' && bad="$bad live-markup" ;;
    esac
    echo "$fmt:${bad:- ok}"
done | sort
