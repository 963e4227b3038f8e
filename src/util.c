/* SPDX-License-Identifier: MIT */
/* util.c: small helpers for the command line (sizes). */
#include <ctype.h>
#include <stdlib.h>
#include "memwaste/common.h"
#include "memwaste/banned.h"

bool mw_parse_size(const char *s, uint64_t *ret)
{
	char *end;
	double v;
	uint64_t mult = 1;
	if (!s || !*s)
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v < 0)
		return false;
	while (*end == ' ')
		end++;
	switch (toupper((unsigned char)*end)) {
	case 'K': mult = UINT64_C(1) << 10; end++; break;
	case 'M': mult = UINT64_C(1) << 20; end++; break;
	case 'G': mult = UINT64_C(1) << 30; end++; break;
	case 'T': mult = UINT64_C(1) << 40; end++; break;
	case 'P': mult = UINT64_C(1) << 50; end++; break;
	case 'B': case '\0': break;
	default: return false;
	}
	if (mult > 1 && (*end == 'i' || *end == 'I'))
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return false;
	if (v * (double)mult > 9.2e18)
		return false;
	*ret = (uint64_t)(v * (double)mult + 0.5);
	return true;
}

bool mw_parse_count(const char *s, uint64_t *ret)
{
	uint64_t v = 0;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		unsigned d;
		if (*s < '0' || *s > '9')
			return false;
		d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*ret = v;
	return true;
}
