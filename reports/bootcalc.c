/* SPDX-License-Identifier: MIT */
/* bootcalc.c: architecture, kernel version, struct page size, installed-RAM estimate, sizes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "bootcalc.h"
#include "memwaste/banned.h"

static const char *const arch_names[MW_ARCH__MAX] = {
	[MW_ARCH_UNKNOWN] = "unknown", [MW_ARCH_X86_64] = "x86_64", [MW_ARCH_I386] = "i386",
	[MW_ARCH_ARM64] = "arm64", [MW_ARCH_ARM] = "arm", [MW_ARCH_PPC64] = "ppc64",
	[MW_ARCH_PPC32] = "ppc", [MW_ARCH_RISCV64] = "riscv64", [MW_ARCH_MIPS] = "mips",
	[MW_ARCH_S390] = "s390x",
};

const char *mw_arch_name(enum mw_arch a)
{
	return (unsigned)a < MW_ARCH__MAX ? arch_names[a] : "unknown";
}

bool mw_arch_is_64bit(enum mw_arch a)
{
	return a == MW_ARCH_X86_64 || a == MW_ARCH_ARM64 || a == MW_ARCH_PPC64 || a == MW_ARCH_RISCV64 ||
	       a == MW_ARCH_S390;
}

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

enum mw_arch mw_arch_guess(const char *release, const char *version_line, bool has_e820, bool has_highmem)
{
	static const struct {
		const char *needle;
		enum mw_arch arch;
	} hints[] = {
		{ "x86_64", MW_ARCH_X86_64 }, { "amd64", MW_ARCH_X86_64 }, { "aarch64", MW_ARCH_ARM64 },
		{ "arm64", MW_ARCH_ARM64 }, { "ppc64", MW_ARCH_PPC64 }, { "powerpc64", MW_ARCH_PPC64 },
		{ "riscv64", MW_ARCH_RISCV64 }, { "s390x", MW_ARCH_S390 }, { "mips", MW_ARCH_MIPS },
		{ "-686", MW_ARCH_I386 }, { "-486", MW_ARCH_I386 }, { "-586", MW_ARCH_I386 }, { "i386", MW_ARCH_I386 },
		{ "i686", MW_ARCH_I386 }, { "armv7", MW_ARCH_ARM }, { "armhf", MW_ARCH_ARM },
		{ "arm-linux", MW_ARCH_ARM }, { "-tegra", MW_ARCH_ARM64 }, { "-pmac", MW_ARCH_PPC32 },
		{ "PMacG5", MW_ARCH_PPC64 }, { "powerpc", MW_ARCH_PPC32 }, { "(CRUX-ARM)", MW_ARCH_ARM },
	};
	for (size_t i = 0; i < MW_ARRAY_SIZE(hints); i++)
		if (has(release, hints[i].needle))
			return hints[i].arch;
	for (size_t i = 0; i < MW_ARRAY_SIZE(hints); i++)
		if (has(version_line, hints[i].needle))
			return hints[i].arch;
	if (has_e820)
		return has_highmem ? MW_ARCH_I386 : MW_ARCH_X86_64;
	if (has(version_line, "android"))
		return MW_ARCH_ARM;
	return MW_ARCH_UNKNOWN;
}

long mw_kver(const char *release)
{
	long v[3] = { 0, 0, 0 };
	const char *p = release;
	int i = 0;
	if (!p || !isdigit((unsigned char)*p))
		return 0;
	while (i < 3 && isdigit((unsigned char)*p)) {
		char *end;
		v[i++] = strtol(p, &end, 10);
		p = end;
		if (*p != '.')
			break;
		p++;
	}
	if (i < 2 || v[1] > 999 || v[2] > 999)
		return 0;
	return MW_KVER(v[0], v[1], v[2]);
}

int mw_struct_page_size_guess(enum mw_arch arch, long kver, const char **how)
{
	if (arch != MW_ARCH_UNKNOWN && !mw_arch_is_64bit(arch)) {
		*how = "32-bit kernel: struct page is 32 bytes";
		return 32;
	}
	if (kver && kver < MW_KVER(3, 2, 0)) {
		*how = "64-bit kernel before aligned struct page (~3.2): 56 bytes";
		return 56;
	}
	*how = "64-bit kernel with aligned struct page: 64 bytes";
	return 64;
}

int mw_page_size_default(enum mw_arch arch)
{
	(void)arch;	/* every default config we know uses 4 KiB except some ppc64 distros (64 KiB) */
	return 4096;
}

uint64_t mw_installed_estimate(uint64_t seen, uint64_t *ret_granule)
{
	uint64_t g = 1;
	if (!seen) {
		if (ret_granule)
			*ret_granule = 0;
		return 0;
	}
	while (g * 2 <= seen / 4)
		g *= 2;
	if (g < (UINT64_C(1) << 20))
		g = UINT64_C(1) << 20;
	/*
	 * An exact multiple of a large granule (1 GiB, or the granule when
	 * smaller) is what a hypervisor or partition assigned: take it as is.
	 */
	if (seen % MW_MIN(g, UINT64_C(1) << 30) == 0 && seen % (UINT64_C(1) << 20) == 0) {
		if (ret_granule)
			*ret_granule = MW_MIN(g, UINT64_C(1) << 30);
		return seen;
	}
	if (ret_granule)
		*ret_granule = g;
	return (seen + g - 1) / g * g;
}

