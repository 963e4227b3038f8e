/* SPDX-License-Identifier: MIT */
/* fuzz.h: what the fuzz targets share (tests/fuzz/README.md explains the set-up). */
#ifndef MW_FUZZ_H
#define MW_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The libFuzzer entry point; replay.c calls it in builds without libFuzzer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message when an invariant the harness checks does not hold (a finding). */
#define MW_FUZZ_CHECK(cond, ...)                                                        \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "fuzz invariant failed at %s:%d: %s: ", __FILE__, \
				__LINE__, #cond);                                       \
			fprintf(stderr, __VA_ARGS__);                                   \
			fputc('\n', stderr);                                            \
			abort();                                                        \
		}                                                                       \
	} while (0)

#endif
