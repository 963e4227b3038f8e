#!/bin/sh
# SPDX-License-Identifier: MIT
# The HTML report looked at as a person would: headless Chromium opens the
# boot report of a fixture and the chart document of check-render
# (tests/expected/render/charts.html), with tests/browser/view-report.js
# (playwright-core). Screenshots are saved in ARTIFACTS for a person to look
# at. Skips (77) when node, chromium or playwright-core is missing; .ci/run
# installs them (chromium from Debian, playwright-core from npm into
# build-test/node).
set -u
mw=$1
fixtures=$2
expected=$3
artifacts=$4
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null 2>&1 || { echo "skipped: no node"; exit 77; }
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$CHROMIUM" ] || { echo "skipped: no chromium"; exit 77; }
export CHROMIUM
export NODE_PATH="${MW_NODE_PATH:-}${NODE_PATH:+:$NODE_PATH}"
node -e "require('playwright-core')" 2>/dev/null || { echo "skipped: no playwright-core (npm install --prefix BUILD/node playwright-core)"; exit 77; }
mkdir -p "$artifacts"
export NO_COLOR=1 LC_ALL=C TZ=UTC
# from the fixtures directory, so that sources read as a user would see them ("dmesg/...:4")
(cd "$fixtures" &&
 "$mw" report --format html -o "$artifacts/boot-report.html" dmesg/firecracker_6.18.44_x86_64_dmesg.txt &&
 "$mw" report --format html --installed 1G -o "$artifacts/kleen-report.html" dmesg/kleen-2006-paper.txt) || exit 1
cp "$expected/render/charts.html" "$artifacts/charts.html" || exit 1
fail=0
node "$here/browser/view-report.js" "$artifacts/boot-report.html" "$artifacts/boot-report.png" 1 || fail=1
node "$here/browser/view-report.js" "$artifacts/kleen-report.html" "$artifacts/kleen-report.png" 1 || fail=1
node "$here/browser/view-report.js" "$artifacts/charts.html" "$artifacts/charts.png" 4 || fail=1
exit $fail
