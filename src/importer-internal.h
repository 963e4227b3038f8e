/* SPDX-License-Identifier: MIT */
/* importer-internal.h: what importer.c and importer-dir.c share; not a public API. */
#ifndef MW_IMPORTER_INTERNAL_H
#define MW_IMPORTER_INTERNAL_H

#include "memwaste/importer.h"

/* One file (or "-") through the parser into the store; in_dir: unreadable or binary files are notes, not errors. */
int mw_import_file(struct mw_importer *im, const char *path, const char *display, const char *origin, bool in_dir);
/* A directory: capture roots (sosreports, supportconfigs), timestamped files, the rest as one moment. */
int mw_import_dir(struct mw_importer *im, const char *path);

#endif
