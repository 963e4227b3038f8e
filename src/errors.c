/* SPDX-License-Identifier: MIT */
/* errors.c: names for memwaste's error codes. */
#include <string.h>
#include "memwaste/common.h"
#include "memwaste/banned.h"

const char *mw_strerror(int err)
{
	switch (err) {
	case MW_EFORMAT: return "unrecognised format";
	case MW_EUNSUPPORTED: return "not supported";
	case MW_EEMPTY: return "empty input";
	case MW_EBINARY: return "binary data, not text";
	case MW_ETRUNCATED: return "truncated compressed stream";
	case MW_ECORRUPT: return "damaged compressed stream";
	case MW_ELIMIT: return "limit exceeded";
	case MW_ESTORE: return "database error";
	case MW_ESTRICT: return "problem in input (--strict)";
	case MW_EDUPLICATE: return "already imported";
	case MW_EUSAGE: return "usage error";
	default:
		if (err < 0 && err > -4096)
			return strerror(-err);
		return "unknown error";
	}
}
