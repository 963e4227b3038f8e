/* SPDX-License-Identifier: MIT */
/* events.h: the events report's analysis, for `memwaste explain` on a bare request ("order:3, mode:0x20"). */
#ifndef MW_EVENTS_H
#define MW_EVENTS_H

#include "memwaste/doc.h"
#include "memwaste/report.h"

/*
 * The events report (reports/events.c) explains every OOM kill,
 * allocation failure or stall and show_mem dump of the store. `explain`
 * also answers questions that are not a whole report: an order and a GFP
 * mask typed on the command line. Such a request goes through the same
 * analysis, as one item of the document's "events" list with kind
 * "request".
 */
struct mw_event_request {
	int64_t order;			/* MW_UNKNOWN when not given */
	const char *gfp_mask;		/* "0x20" as typed, NULL when not given */
	const char *gfp_names;		/* "GFP_KERNEL|__GFP_COMP" when typed, NULL otherwise */
	const char *text;		/* what was asked, for the evidence */
};

/* Adds the explanation of `rq` to `root` (under "events"); o->kernel picks the GFP era. */
int mw_events_explain_request(const struct mw_event_request *rq, const struct mw_report_opts *o, struct mw_node *root);

#endif
