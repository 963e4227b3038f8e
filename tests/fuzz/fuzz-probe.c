/* SPDX-License-Identifier: MIT */
/*
 * fuzz-probe.c: the per-line entry points that see every line of every
 * input, fed one line at a time so each execution is cheap: the
 * kernel-log prefix parser (mw_kmsg_parse), the capture markers and date
 * forms (mw_capture_marker), and the probe() of every parser in
 * parsers.def (new parsers are covered when they are registered).
 *
 * The line is copied into a buffer of exactly len + 1 bytes (the NUL the
 * input layer promises), so ASan catches a read past it. Oracles: the
 * message kmsg leaves is inside the line, a probe scores 0..100.
 */
#include <stdio.h>
#include <string.h>
#include "memwaste/capture.h"
#include "memwaste/kmsg.h"
#include "memwaste/parser.h"
#include "fuzz.h"
#include "memwaste/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = mw_xmalloc(size + 1);
	struct mw_line line = { .ptr = buf, .len = size, .lineno = 1 };
	struct mw_kmsg k;
	struct mw_marker_info d;

	memcpy(buf, data, size);
	buf[size] = '\0';
	mw_kmsg_parse(buf, size, (int)(size % 3) * 1000 + 1000, &k);
	MW_FUZZ_CHECK(k.msg >= buf && k.msg + k.len == buf + size, "kmsg message outside the line");
	if (k.host.len)
		MW_FUZZ_CHECK(k.host.ptr >= buf && k.host.ptr + k.host.len <= buf + size, "kmsg host outside the line");
	(void)mw_capture_marker(buf, size, &d);
	for (size_t i = 0; mw_parsers[i]; i++) {
		if (mw_parsers[i]->probe) {
			int s = mw_parsers[i]->probe(&line, NULL);
			MW_FUZZ_CHECK(s >= 0 && s <= 100, "%s probe scored %d", mw_parsers[i]->name, s);
			s = mw_parsers[i]->probe(&line, mw_parsers[i]->name);
			MW_FUZZ_CHECK(s >= 0 && s <= 100, "%s probe scored %d", mw_parsers[i]->name, s);
		}
	}
	free(buf);
	return 0;
}
