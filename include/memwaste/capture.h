/* SPDX-License-Identifier: MIT */
/* capture.h: the markers of captures over time: date lines, separators, section headers, file-name times. */
#ifndef MW_CAPTURE_H
#define MW_CAPTURE_H

#include "memwaste/common.h"
#include "memwaste/record.h"

/*
 * A capture over time is text in which snapshots follow each other: the
 * logging loop of "Can you handle the pressure?" (2005) section 7.2
 *
 *   while true; do date; cat /proc/meminfo; cat /proc/slabinfo;
 *     ps ef -o user,pid,rss,command; echo ------------------------; sleep 10; done
 *
 * `head /proc/meminfo /proc/slabinfo` ("==> /proc/meminfo <==" headers),
 * a SUSE supportconfig file ("#==[ Configuration File ]===#" then
 * "# /proc/meminfo"), and `memwaste record` output, which combines them:
 *
 *   # memwaste record 0.1.0 host=db1 kernel=6.18.44 interval=10
 *   2026-11-21T23:41:57.000123+00:00
 *   ==> /proc/meminfo <==
 *   MemTotal:       24684032 kB
 *   ...
 *   ------------------------
 *
 * This header describes what the demultiplexer (parsers/demux.c) asks of
 * a line before any parser sees it, and the timestamps found in file and
 * directory names (meminfo.20261121-2341, slabinfo-1700000000.txt).
 */

enum mw_marker {
	MW_MARK_NONE,
	MW_MARK_DATE,		/* a line printed by date(1): a snapshot begins */
	MW_MARK_SEPARATOR,	/* "------------------------" (4 or more '-' or '='): a snapshot ends */
	MW_MARK_SECTION,	/* "==> /proc/meminfo <==": names the section that follows (name = the path) */
	MW_MARK_SCC_ENTRY,	/* "#==[ Command ]====#": a supportconfig entry; name = its type; the next line labels it */
	MW_MARK_META,		/* "# memwaste record VERSION key=value...": the header of a record capture */
};

struct mw_date {
	int64_t t;		/* unix seconds (UTC) */
	double frac;
	bool zone_known;	/* false: no zone or a zone name we do not know (read as UTC) */
};

struct mw_marker_info {
	struct mw_date date;	/* MW_MARK_DATE */
	struct mw_str name;	/* MW_MARK_SECTION: path or command as printed; MW_MARK_SCC_ENTRY: entry type */
	struct mw_str host;	/* MW_MARK_META: host=, may be empty */
};

/*
 * Recognises a whole line as a marker. Dates: date(1) in the C locale
 * with any zone name ("Sat Nov 21 23:41:57 UTC 2026"), en_US 12-hour
 * ("Sat 21 Nov 2026 11:41:57 PM CET"), date -R, date -I[seconds|ns],
 * --rfc-3339, "2026-11-21 23:41:57", and date +%s (10 digits between 2000
 * and 2100, optional fraction). Views in *ret point into the line.
 * Cheap for lines that are not markers (a look at the first bytes).
 */
enum mw_marker mw_capture_marker(const char *p, size_t len, struct mw_marker_info *ret);
bool mw_parse_date(const char *p, size_t len, struct mw_date *ret);

/*
 * What a section header or supportconfig label names, as the parser that
 * reads it: "meminfo", "zoneinfo", "buddyinfo", "pagetypeinfo",
 * "slabinfo", "vmstat" for those /proc files (any directory prefix,
 * e.g. a sosreport's proc/meminfo), "ps" for a ps or top command, "klog"
 * for kernel logs (dmesg, journalctl -k, /var/log/messages, kern.log,
 * boot.msg, vmcore-dmesg.txt). Returns MW_SECTION_SKIP for a command or
 * file known not to be one of ours (free, vmstat 1 4, sysctl, pmap,
 * numastat, /sys/... tunables: their lines are ignored, so no probe
 * mistakes them), MW_SECTION_UNKNOWN when the label says nothing (the
 * lines are then recognised by content). `scc_type` is the supportconfig
 * entry type ("Command", "Configuration File", "Log File") or an empty
 * view for "==>" headers; supportconfig entries of other types are
 * skipped.
 */
#define MW_SECTION_SKIP "-"
#define MW_SECTION_UNKNOWN NULL
const char *mw_capture_section_kind(struct mw_str label, struct mw_str scc_type);

/*
 * A timestamp in a file or directory name, for capture folders: the
 * first of "1700000000" (10 digits, 2000..2100), "20261121-2341[57]"
 * (also with '_' or 'T'), "2026-11-21T23:41[:57]" (separators - _ : . T
 * or a space), or supportconfig's "261121_2341". Read as UTC (names carry
 * no zone). `ret_at`/`ret_end` (may be NULL) get the offsets of the
 * timestamp in the name. Returns false when the name holds none.
 */
bool mw_capture_name_time(const char *name, size_t len, int64_t *ret_t, size_t *ret_at, size_t *ret_end);

#endif
