#!/bin/sh
# SPDX-License-Identifier: MIT
# Docs and tables agree (curl test1139, git t0450): every command has its man
# page, every report and finding is in the catalogue, every input kind in the
# formats page, and `--help` lists what the man page documents.
set -u
mw=$1
top=$2
man=$top/man
fail=0
say() { echo "$*"; fail=1; }

cmds=$("$mw" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF>1 && $1 != "Commands:" {print $1}')
[ -n "$cmds" ] || say "memwaste --help lists no commands"
for c in $cmds; do
    page="$man/memwaste-$c.1"
    [ -f "$page" ] || { say "command '$c' has no man page $page"; continue; }
    grep -q "^\.B memwaste $c" "$page" || say "$page: SYNOPSIS does not show 'memwaste $c'"
    grep -q "memwaste-$c (1)\|memwaste-$c\b" "$man/memwaste.1" || say "memwaste.1 does not mention memwaste-$c"
    "$mw" "$c" --help >/dev/null 2>&1 || say "'memwaste $c --help' fails"
    # every long option of the command's --help is documented in its man page
    for opt in $("$mw" "$c" --help | grep -oE -- '^ +(-[a-zA-Z], )?--[a-z][a-z-]*' | grep -o -- '--[a-z-]*' | sort -u); do
        esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
        grep -q -- "$esc\|$opt" "$page" || say "$page: option $opt of 'memwaste $c --help' is not documented"
    done
done
for r in $("$mw" report --list | awk '{print $1}'); do
    grep -q "^\.SH REPORT: $r\$" "$man/memwaste-reports.7" || say "report '$r' has no section in memwaste-reports.7"
done
for k in $("$mw" import --list-kinds | awk '{print $1}'); do
    grep -q "(kind $k)" "$man/memwaste-formats.5" || say "input kind '$k' is not described in memwaste-formats.5"
done
for id in $(grep -ho 'mw_finding([^"]*"[a-z0-9-]*"' "$top"/reports/*.c | sed 's/.*"\([a-z0-9-]*\)"$/\1/' | sort -u); do
    grep -q "^\.B $id\$" "$man/memwaste-reports.7" || say "finding '$id' is not listed in memwaste-reports.7"
done
grep -q '^\.TH ' "$man/memwaste.1" || say "memwaste.1 has no .TH"
exit $fail
