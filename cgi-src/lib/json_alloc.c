/* json_alloc.c — a small-block allocator for jansson in one-threaded
 * processes (the CGIs, clusterctl). jansson makes several tiny blocks per
 * value (the value, its string copy, each object pair), so glibc's malloc
 * and free were a fifth of a JSON API request. Here a block of up to 256
 * bytes comes from a free list of its size class, refilled from 64 KiB
 * chunks, and goes back to that list when freed; larger blocks go to
 * malloc. Memory is bounded by the peak of live blocks (chunks are kept
 * until exit and reused). Every block starts with an 8-byte header naming
 * its class, so blocks stay 8-byte aligned. Under ASan or valgrind jansson
 * keeps malloc, so they still see every block.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json_alloc.h"

/* Under AddressSanitizer jansson keeps malloc, so ASan still sees every
 * block's bounds and lifetime. */
#if defined(__SANITIZE_ADDRESS__)
#define UC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UC_ASAN 1
#endif
#endif

#ifndef UC_ASAN
#define HDR       8
#define STEP      16
#define CLASSES   16 /* 16, 32, ..., 256 bytes of payload */
#define CHUNK     (64 * 1024)
#define BIG_CLASS UINT64_MAX

struct free_block {
    struct free_block *next;
};

static struct free_block *free_list[CLASSES];
static char *chunk_at, *chunk_end;

static void *
refill(size_t need)
{
    if ((size_t)(chunk_end - chunk_at) < need) {
        /* The tail of the old chunk is abandoned (under one block). */
        char *c = malloc(CHUNK);
        if (c == NULL)
            return NULL;
        chunk_at = c;
        chunk_end = c + CHUNK;
    }
    void *p = chunk_at;
    chunk_at += need;
    return p;
}

static void *
small_malloc(size_t size)
{
    uint64_t *h;
    if (size > (size_t)STEP * CLASSES) {
        if ((h = malloc(HDR + size)) == NULL)
            return NULL;
        *h = BIG_CLASS;
        return (char *)h + HDR;
    }
    size_t k = size == 0 ? 0 : (size - 1) / STEP;
    struct free_block *f = free_list[k];
    if (f != NULL) {
        free_list[k] = f->next;
        h = (uint64_t *)((char *)f - HDR);
    } else if ((h = refill(HDR + (k + 1) * STEP)) == NULL) {
        return NULL;
    }
    *h = k;
    return (char *)h + HDR;
}

static void
small_free(void *p)
{
    if (p == NULL)
        return;
    uint64_t *h = (uint64_t *)((char *)p - HDR);
    if (*h == BIG_CLASS) {
        free(h);
        return;
    }
    struct free_block *f = p;
    f->next = free_list[*h];
    free_list[*h] = f;
}

#endif /* UC_ASAN */

/* Under valgrind too (its preload library is in LD_PRELOAD), so memcheck
 * sees each jansson block and a leaked value is reported. */
void
json_alloc_small(void)
{
#ifndef UC_ASAN
    const char *pre = getenv("LD_PRELOAD");
    if (pre == NULL || strstr(pre, "vgpreload") == NULL)
        json_set_alloc_funcs(small_malloc, small_free);
#endif
}

void
json_text_free(char *text)
{
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    f(text);
}
