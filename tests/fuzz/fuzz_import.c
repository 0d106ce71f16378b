/* fuzz_import.c — libFuzzer target over xport_import, the native import
 * (docs/format.md): parsing, the whole-document check (xport_check.c),
 * reference resolution and, for some inputs, the writes. The first byte
 * picks merge or replace and whether the import is also written; the rest
 * is the document (fuzzimport.h runs it). Checked: the report agrees with
 * the return value, and a dry run predicts the real import's counts.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>

#include "fuzzimport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* xport_import without progress reports. */
static int
native(struct store *st, const char *doc, size_t len, enum xport_mode mode,
       int dry_run, struct xport_report *r, struct err *e)
{
    return xport_import(st, doc, len, mode, dry_run, r, NULL, NULL, e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_import_input(data, size, native, NULL);
    return 0;
}
