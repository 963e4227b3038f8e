/* SPDX-License-Identifier: MIT */
/* record-json.h: records as JSON objects, for `memwaste debug parse` and the tests. */
#ifndef MW_RECORD_JSON_H
#define MW_RECORD_JSON_H

#include <cjson/cJSON.h>
#include "memwaste/record.h"

/*
 * One object per record: {"kind": "memline", "line": 42, ...fields}. Field
 * names are the struct member names; MW_UNKNOWN values are omitted; string
 * views become strings (invalid UTF-8 replaced); arrays stay arrays.
 */
cJSON *mw_record_to_json(const struct mw_record *rec);

#endif
