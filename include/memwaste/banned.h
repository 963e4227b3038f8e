/* SPDX-License-Identifier: MIT */
/* banned.h: functions we never use; including this makes their use a compile error (git banned.h). */
#ifndef MW_BANNED_H
#define MW_BANNED_H

#define MW_BANNED(func) sorry_##func##_is_banned_in_memwaste

#undef strcpy
#define strcpy(x, y) MW_BANNED(strcpy)
#undef strcat
#define strcat(x, y) MW_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) MW_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) MW_BANNED(strncat)
#undef sprintf
#define sprintf(...) MW_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) MW_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) MW_BANNED(strtok)
#undef atoi
#define atoi(x) MW_BANNED(atoi)
#undef atol
#define atol(x) MW_BANNED(atol)
#undef atoll
#define atoll(x) MW_BANNED(atoll)
#undef gets
#define gets(x) MW_BANNED(gets)

#endif
