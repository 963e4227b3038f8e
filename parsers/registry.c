/* SPDX-License-Identifier: MIT */
/* registry.c: the table of parsers, from parsers.def. */
#include <string.h>
#include "memwaste/parser.h"
#include "memwaste/banned.h"

const struct mw_parser *const mw_parsers[] = {
#define MW_PARSER(name) &mw_parser_##name,
#include "memwaste/parsers.def"
#undef MW_PARSER
	NULL
};

const struct mw_parser *mw_parser_find(const char *name)
{
	for (size_t i = 0; mw_parsers[i]; i++)
		if (strcmp(mw_parsers[i]->name, name) == 0)
			return mw_parsers[i];
	return NULL;
}

#include "klog.h"

void mw_parsers_release(void)
{
	mw_bootfacts_release();
	mw_events_release();
}
