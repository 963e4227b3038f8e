/* SPDX-License-Identifier: MIT */
/* registry.c: the table of reports, from reports.def. */
#include <string.h>
#include "memwaste/report.h"
#include "memwaste/banned.h"

const struct mw_report *const mw_reports[] = {
#define MW_REPORT(name) &mw_report_##name,
#include "memwaste/reports.def"
#undef MW_REPORT
	NULL
};

const struct mw_report *mw_report_find(const char *name)
{
	for (size_t i = 0; mw_reports[i]; i++)
		if (strcmp(mw_reports[i]->name, name) == 0)
			return mw_reports[i];
	return NULL;
}
