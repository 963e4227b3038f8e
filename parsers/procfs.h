/* SPDX-License-Identifier: MIT */
/* procfs.h: helpers the /proc snapshot parsers share (parsers/ only). */
#ifndef MW_PARSERS_PROCFS_H
#define MW_PARSERS_PROCFS_H

#include "memwaste/parser.h"

/*
 * "Node %d, zone %8s" opens a line of /proc/zoneinfo, buddyinfo and
 * pagetypeinfo (mm/vmstat.c); pagetypeinfo pads the node ("Node    0,").
 * Reads it from p; returns the position after the zone name (which ends
 * at a blank, a comma or the end of the line), or NULL when the line does
 * not start that way. The zone name is a view into the line.
 */
const char *mw_proc_node_zone(const char *p, const char *end, int64_t *ret_node, struct mw_str *ret_zone);

/*
 * Sanity bounds for numbers from /proc: beyond them a value is a damaged
 * line, not a machine (2^44 kB is 16 PiB of RAM; 2^40 free blocks of one
 * order, 2^44 objects or slabs of one cache). They keep every product the
 * reports form (pages x page size, objects x object size) inside 64 bits.
 */
#define MW_PROC_MAX_KB (INT64_C(1) << 44)
#define MW_PROC_MAX_PAGES (INT64_C(1) << 44)
#define MW_PROC_MAX_BLOCKS (UINT64_C(1) << 40)

/* Whether the file's base name (the probe's name_hint) mentions `kind` ("meminfo", "slabinfo"...). */
bool mw_proc_hint(const char *name_hint, const char *kind);

/* Whether [p, end) holds only blanks. */
bool mw_proc_blank(const char *p, const char *end);

/* Emits a snapshot fact (key, value, text) for the open snapshot. */
int mw_proc_fact(struct mw_pctx *ctx, uint64_t line, const char *key, int64_t value, const char *text);

/* A short quote of a line for messages: at most 60 bytes, "..." when cut. */
struct mw_proc_quote {
	char s[72];
};
const char *mw_proc_quote(struct mw_proc_quote *q, const char *p, size_t len);

/* The meminfo field table, for the test that it is sorted: the i-th name or NULL past the end. */
const char *mw_meminfo_field_name(size_t i);

#endif
