/* SPDX-License-Identifier: MIT */
/* redact.h: stable placeholders for host names and IP addresses (--redact-hosts). */
#ifndef MW_REDACT_H
#define MW_REDACT_H

#include "memwaste/buf.h"
#include "memwaste/common.h"

/*
 * Reports pasted into tickets must not leak host names or addresses when
 * the user asks for --redact-hosts. A redactor maps each host name to
 * "host-N" and each IPv4/IPv6 address to "ip-N", numbered in the order
 * they are first registered; the same input always gets the same
 * placeholder within one redactor, so a reader can still tell hosts apart.
 *
 * Every renderer uses the same redactor through mw_render_ctx (render.h),
 * which registers the document's host values and addresses in document
 * order before anything is written: text and JSON of one document number
 * them the same way.
 *
 * What gets replaced in a string (mw_redactor_add()):
 *   - IPv4 addresses, dotted quads with octets 0..255 not part of a longer
 *     dotted number ("1.2.3.4.5" and "v1.2.3.4" are left alone);
 *   - IPv6 addresses, runs of hex digits, ':' and '.' with at least two
 *     colons and one hex digit that inet_pton() accepts ("fe80::1",
 *     "::ffff:10.0.0.1"); times ("23:41:57"), MAC and PCI addresses are
 *     not IPv6 addresses; "fe80::1%eth0" keeps its "%eth0";
 *   - the known host names (registered with mw_redactor_host()) and the
 *     first label of known dotted names ("db1" of "db1.example.com"),
 *     matched case-insensitively, longest first, where no letter or digit
 *     touches them: "db1" is replaced in "db1.example.com", "db1-b" and
 *     "sosreport-db1-2026" (capture paths carry host names; replacing too
 *     much is the safe side) but not in "db10" or "xdb1". Names of one
 *     character are only replaced as whole values.
 * Host names that were never registered cannot be recognised in free text.
 */

struct mw_redactor;

struct mw_redactor *mw_redactor_new(void);
/* NULL-safe; returns NULL. */
struct mw_redactor *mw_redactor_free(struct mw_redactor *r);

/*
 * The placeholder for a whole host value ("host-N"; "ip-N" when the value
 * is an IP address), registering it if new. An empty value stays "".
 * Borrowed: valid until mw_redactor_free().
 */
const char *mw_redactor_host(struct mw_redactor *r, const char *host);
/* Registers the addresses found in `s`, in order, without output (a dry mw_redactor_add()). */
void mw_redactor_scan(struct mw_redactor *r, const char *s);
/* Appends `s` to `out` with addresses and known host names replaced. `s` may be NULL (nothing appended). */
void mw_redactor_add(struct mw_redactor *r, struct mw_buf *out, const char *s);

#endif
