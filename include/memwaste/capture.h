/* SPDX-License-Identifier: MIT */
/* capture.h: snapshot markers of logging-loop captures: date lines and separators. */
#ifndef MW_CAPTURE_H
#define MW_CAPTURE_H

#include "memwaste/common.h"

enum mw_marker {
	MW_MARK_NONE,
	MW_MARK_DATE,		/* a line printed by date(1): a snapshot begins */
	MW_MARK_SEPARATOR,	/* "------------------------": a snapshot ends */
};

struct mw_date {
	int64_t t;		/* unix seconds (UTC) */
	double frac;
	bool zone_known;	/* false: no zone or a zone name we do not know (read as UTC) */
};

/*
 * Recognises a whole line as a date or a separator. Dates: date(1) in the
 * C locale with any zone name ("Sat Nov 21 23:41:57 UTC 2026"), en_US
 * 12-hour ("Sat 21 Nov 2026 11:41:57 PM CET"), date -R, date -I[s|ns],
 * "2026-11-21 23:41:57", and date +%s (10 digits, optional fraction).
 */
enum mw_marker mw_capture_marker(const char *p, size_t len, struct mw_date *ret);
bool mw_parse_date(const char *p, size_t len, struct mw_date *ret);

#endif
