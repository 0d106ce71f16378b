/* testfs.h — temporary folders and files for the unit tests (header-only:
 * each tests/unit/test_*.c is its own program).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_TESTFS_H
#define UC_TESTFS_H

#include <stdio.h>
#include <stdlib.h>

/* Creates /tmp/<name>.XXXXXX into dir (size >= 64); 0 or -1. */
static inline int
testfs_mkdtemp(char *dir, size_t size, const char *name)
{
    snprintf(dir, size, "/tmp/%s.XXXXXX", name);
    return mkdtemp(dir) ? 0 : -1;
}

/* Writes text to <dir>/<name>; a failure fails the test. */
static inline void
testfs_put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* Removes a folder made by testfs_mkdtemp with all it holds; 0 or -1. */
static inline int
testfs_rmtree(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
