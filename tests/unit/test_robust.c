/* test_robust.c — the store's defences (docs/robustness.md): the error
 * mapping (busy, full disk, damaged file), the checks on open (a file too
 * short for a database, a file shorter than its header says), the full
 * check, and the busy wait that outlasts another writer.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "dberr.h"
#include "store.h"
#include "testfs.h"

struct fx {
    char dir[64];
    char path[128];
};

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    if (f == NULL || testfs_mkdtemp(f->dir, sizeof f->dir, "uc-robust") < 0)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/cluster.db", f->dir);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    testfs_rmtree(f->dir);
    free(f);
    return 0;
}

/* A database of n servers, closed (its WAL checkpointed and emptied). */
static void
make_db(const struct fx *f, int n)
{
    struct store *st = NULL;
    struct err e;
    assert_int_equal(store_open(f->path, &st, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    for (int i = 0; i < n; i++) {
        struct server s = {0};
        snprintf(s.id, sizeof s.id, "srv-%05d", i);
        snprintf(s.name, sizeof s.name, "Server number %d", i);
        snprintf(s.type, sizeof s.type, "web");
        snprintf(s.ip, sizeof s.ip, "10.0.%d.%d", i / 256, i % 256);
        snprintf(s.status, sizeof s.status, "unknown");
        assert_int_equal(store_server_add(st, &s, &e), 0);
    }
    assert_int_equal(store_commit(st, &e), 0);
    store_close(st);
}

static long long
file_size(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return (long long)sb.st_size;
}

/* The file's bytes, for "nothing was written" checks; caller frees. */
static unsigned char *
slurp(const char *path, long long *n)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    *n = file_size(path);
    unsigned char *b = malloc((size_t)*n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)*n, fp), (size_t)*n);
    fclose(fp);
    return b;
}

static void
test_dberr_maps_each_kind(void **state)
{
    struct err e;
    (void)state;
    assert_int_equal(dberr_set(NULL, SQLITE_BUSY, NULL, &e), -1);
    assert_int_equal(e.code, ERR_BUSY);
    assert_string_equal(e.key, "err_db_busy");
    dberr_set(NULL, SQLITE_FULL, NULL, &e);
    assert_int_equal(e.code, ERR_BUSY);
    assert_int_equal(err_http_status(e.code), 503);
    assert_string_equal(e.key, "robust_disk_full");
    dberr_set(NULL, SQLITE_CORRUPT_INDEX, NULL, &e);
    assert_int_equal(e.code, ERR_INTERNAL);
    assert_string_equal(e.key, "robust_db_corrupt");
    dberr_set(NULL, SQLITE_NOTADB, "err_db_corrupt", &e);
    assert_string_equal(e.key, "err_db_corrupt");
    /* An I/O error says nothing about space without the system errno. */
    dberr_set(NULL, SQLITE_IOERR_WRITE, NULL, &e);
    assert_int_equal(e.code, ERR_INTERNAL);
    assert_string_equal(e.key, "err_db");
    assert_true(dberr_is_full(NULL, SQLITE_FULL));
    assert_false(dberr_is_full(NULL, SQLITE_IOERR_FSYNC));
}

static void
test_open_refuses_a_one_byte_file_and_leaves_it(void **state)
{
    struct fx *f = *state;
    struct store *st = NULL;
    struct err e;
    testfs_put(f->dir, "cluster.db", "x");
    assert_int_equal(store_open(f->path, &st, &e), -1);
    assert_null(st);
    assert_string_equal(e.key, "robust_db_corrupt");
    assert_string_equal(e.arg[0], f->path);
    assert_int_equal(file_size(f->path), 1);
}

static void
test_open_refuses_a_truncated_file_and_leaves_it(void **state)
{
    struct fx *f = *state;
    struct store *st = NULL;
    struct err e;
    make_db(f, 2000);
    long long full = file_size(f->path);
    assert_true(full > 64 * 1024);
    assert_int_equal(truncate(f->path, full / 2), 0);
    assert_int_equal(store_open(f->path, &st, &e), -1);
    assert_null(st);
    assert_int_equal(e.code, ERR_INTERNAL);
    assert_string_equal(e.key, "robust_db_corrupt");
    assert_int_equal(file_size(f->path), full / 2);
}

static void
test_open_accepts_a_grown_database(void **state)
{
    struct fx *f = *state;
    struct store *st = NULL;
    struct err e;
    make_db(f, 2000);
    assert_int_equal(store_open(f->path, &st, &e), 0);
    assert_int_equal(store_check_quick(st, &e), 0);
    store_close(st);
}

static void
test_quick_check_finds_damage_the_open_does_not(void **state)
{
    struct fx *f = *state;
    struct store *st = NULL;
    struct err e;
    make_db(f, 2000);
    long long n = file_size(f->path);
    /* Garbage over the last four pages: the header, the schema page and
     * the length are all fine. */
    FILE *fp = fopen(f->path, "r+b");
    assert_non_null(fp);
    unsigned char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 131 + 7);
    for (long long p = n / 4096 - 4; p < n / 4096; p++) {
        assert_int_equal(fseek(fp, (long)(p * 4096), SEEK_SET), 0);
        assert_int_equal(fwrite(junk, 1, sizeof junk, fp), sizeof junk);
    }
    fclose(fp);
    long long before_n;
    unsigned char *before = slurp(f->path, &before_n);
    assert_int_equal(store_open(f->path, &st, &e), 0);
    assert_int_equal(store_check_quick(st, &e), -1);
    assert_string_equal(e.key, "robust_db_corrupt");
    store_close(st);
    long long after_n;
    unsigned char *after = slurp(f->path, &after_n);
    assert_int_equal(before_n, after_n);
    assert_memory_equal(before, after, (size_t)before_n);
    free(before);
    free(after);
}

static long long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Another process holds the write lock for 700 ms: a write transaction
 * here waits for it (no "busy"), and not much longer than needed. */
static void
test_begin_waits_for_another_writer(void **state)
{
    struct fx *f = *state;
    struct store *st = NULL;
    struct err e;
    int ready[2];
    char c;
    make_db(f, 1);
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        sqlite3 *db = NULL;
        close(ready[0]);
        if (sqlite3_open(f->path, &db) != SQLITE_OK ||
            sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            _exit(1);
        if (write(ready[1], "r", 1) != 1)
            _exit(1);
        struct timespec ts = {0, 700000000L};
        nanosleep(&ts, NULL);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(db);
        _exit(0);
    }
    close(ready[1]);
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    assert_int_equal(store_open(f->path, &st, &e), 0);
    long long t0 = now_ms();
    assert_int_equal(store_begin(st, 1, &e), 0);
    long long waited = now_ms() - t0;
    assert_int_equal(store_commit(st, &e), 0);
    store_close(st);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_true(waited >= 500);
    assert_true(waited < 5000);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dberr_maps_each_kind),
        cmocka_unit_test_setup_teardown(
            test_open_refuses_a_one_byte_file_and_leaves_it, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_open_refuses_a_truncated_file_and_leaves_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_accepts_a_grown_database,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_quick_check_finds_damage_the_open_does_not, setup, teardown),
        cmocka_unit_test_setup_teardown(test_begin_waits_for_another_writer,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
