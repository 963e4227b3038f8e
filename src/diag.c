/* SPDX-License-Identifier: MIT */
/* diag.c: diagnostics collected by library code and handed to the owner's callback. */
#include <stdarg.h>
#include <stdio.h>
#include "memwaste/diag.h"
#include "memwaste/buf.h"
#include "memwaste/banned.h"

void mw_diag_init(struct mw_diag *d, void (*report)(void *, const struct mw_diag_msg *), void *userdata)
{
	d->report = report;
	d->userdata = userdata;
	d->counts[0] = d->counts[1] = d->counts[2] = 0;
	d->limit = 0;
	d->reported = 0;
}

void mw_diag_add(struct mw_diag *d, enum mw_severity sev, const char *file, uint64_t line,
		 const char *parser, const char *fmt, ...)
{
	struct mw_buf b = MW_BUF_INIT;
	struct mw_diag_msg m;
	va_list ap;

	if (!d)
		return;
	d->counts[sev]++;
	if (sev == MW_SEV_WARN) {
		d->reported++;
		if (d->limit && d->reported > d->limit)
			return;
	}
	if (!d->report)
		return;
	va_start(ap, fmt);
	mw_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	m.severity = sev;
	m.file = file;
	m.line = line;
	m.parser = parser;
	m.text = b.buf;
	d->report(d->userdata, &m);
	mw_buf_release(&b);
}

void mw_diag_reset_input(struct mw_diag *d)
{
	d->reported = 0;
}
