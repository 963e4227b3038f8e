/* SPDX-License-Identifier: MIT */
/* bootcalc.h: boot-time arithmetic shared by reports and tests (no SQL, no text formats). */
#ifndef MW_REPORTS_BOOTCALC_H
#define MW_REPORTS_BOOTCALC_H

#include "memwaste/common.h"

/* Architecture as far as the log tells. */
enum mw_arch {
	MW_ARCH_UNKNOWN,
	MW_ARCH_X86_64,
	MW_ARCH_I386,
	MW_ARCH_ARM64,
	MW_ARCH_ARM,
	MW_ARCH_PPC64,
	MW_ARCH_PPC32,
	MW_ARCH_RISCV64,
	MW_ARCH_MIPS,
	MW_ARCH_S390,
	MW_ARCH__MAX
};
const char *mw_arch_name(enum mw_arch a);
bool mw_arch_is_64bit(enum mw_arch a);

/*
 * Guesses the architecture from the kernel release ("5.14.0-570.el9.x86_64",
 * "3.2.0-4-686-pae"), the "Linux version" line (compiler triplets such as
 * "aarch64-linux-gnu-gcc"), and hints: has_e820 (x86 firmware map),
 * has_highmem (32-bit HIGHMEM kernel).
 */
enum mw_arch mw_arch_guess(const char *release, const char *version_line, bool has_e820, bool has_highmem);

/* Kernel release -> comparable number: "2.6.18-rc4" -> 2006018, "6.1.0" -> 6001000; 0 if unreadable. */
long mw_kver(const char *release);
#define MW_KVER(a, b, c) ((long)(a) * 1000000L + (long)(b) * 1000L + (long)(c))

/*
 * sizeof(struct page) when no log line states it: 32 bytes on 32-bit
 * kernels; on 64-bit 56 bytes before HAVE_ALIGNED_STRUCT_PAGE became the
 * norm (x86_64 SLUB kernels from ~3.2) and 64 bytes since. `how` gets a
 * one-line explanation.
 */
int mw_struct_page_size_guess(enum mw_arch arch, long kver, const char **how);

/* Default PAGE_SIZE by architecture (bytes) when the log does not tell. */
int mw_page_size_default(enum mw_arch arch);

/*
 * Installed RAM from what the firmware/kernel saw (`seen` bytes): rounded
 * up to a multiple of the largest power of two <= seen/4 (so 1013.95 MiB
 * -> 1 GiB, 2.9 GiB -> 3 GiB, 1535.7 GiB -> 1.5 TiB). A value that already
 * is an exact multiple of that granule (or of 1 GiB) is kept: virtual
 * machines and partitions get such round sizes. *ret_granule gets the
 * granule.
 */
uint64_t mw_installed_estimate(uint64_t seen, uint64_t *ret_granule);

#endif
