/* json_alloc.h — jansson's small blocks from size-class free lists, for
 * processes with one thread (see json_alloc.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_JSON_ALLOC_H
#define UC_JSON_ALLOC_H

/* Call before the first jansson value is made; never mix with values made
 * before (they would be freed to the wrong allocator). Not thread-safe. */
void json_alloc_small(void);

/* Frees what json_dumps returned (it comes from jansson's allocator, so
 * plain free() is wrong once json_alloc_small is in use). NULL-safe. */
void json_text_free(char *text);

#endif
