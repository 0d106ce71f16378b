/* fuzz_fossflow.c — libFuzzer target over the FossFLOW import
 * (docs/fossflow.md): fossflow_sniff, then fossflow_import, whose reader
 * (fossflow_read.c) maps items, views, connectors and rectangles and
 * checks the whole document. The first byte picks merge or replace and
 * whether the import is also written; the rest is the document
 * (fuzzimport.h runs it). Checked: fossflow_sniff answers 0 or 1; the
 * report agrees with the return value; a dry run predicts the real
 * import's counts.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>

#include "fossflow.h"
#include "fuzzimport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
sniff(const char *doc, size_t len)
{
    int s = fossflow_sniff(doc, len);
    fuzz_check(s == 0 || s == 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_import_input(data, size, fossflow_import, sniff);
    return 0;
}
