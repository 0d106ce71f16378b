/* test_hist_crash.c — a writer that dies: a child process appends and
 * flushes, then exits without closing or is killed with SIGKILL in the
 * middle of its writes; the history it leaves is readable, holds every
 * sample flushed before, nothing wrong, and a new writer carries on from
 * it.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "hist.h"
#include "testfs.h"

#define T0     ((int64_t)1799971200 + 86400 - 1800) /* crosses midnight */
#define SERIES 400

struct got {
    int64_t ts[20000];
    double v[20000];
    size_t n;
};

static int
collect(const struct hist_point *p, void *ctx)
{
    struct got *g = ctx;
    assert_true(g->n < 20000);
    g->ts[g->n] = p->ts;
    g->v[g->n] = p->last;
    g->n++;
    return 0;
}

/* The value of series rid at ts: recomputable by the checker. */
static double
val(int64_t rid, int64_t ts)
{
    return (double)((rid * 31 + ts * 17) % 10000) / 100.0;
}

/* Appends every series at step i (ts = T0 + 15 i). */
static void
append_step(struct hist *w, int64_t i)
{
    struct err e;
    for (int64_t rid = 1; rid <= SERIES; rid++)
        if (hist_append(w, rid, HIST_CPU, T0 + 15 * i, val(rid, T0 + 15 * i),
                        &e) != 0)
            _exit(3);
}

/* Checks one series: increasing, correct values, and holding every step
 * up to flushed (-1: none). Returns the number of samples. */
static size_t
check_series(struct hist *h, int64_t rid, int64_t flushed)
{
    struct got *g = calloc(1, sizeof *g);
    struct hist_query q = {rid, HIST_CPU, T0, T0 + 86400, 0, collect, g, 0};
    struct err e;
    size_t n;

    assert_non_null(g);
    assert_int_equal(hist_query(h, &q, &e), 0);
    for (size_t k = 0; k < g->n; k++) {
        assert_int_equal(g->ts[k], T0 + 15 * (int64_t)k);
        assert_true(g->v[k] == val(rid, g->ts[k]));
    }
    assert_true((int64_t)g->n >= flushed + 1);
    n = g->n;
    free(g);
    return n;
}

static void
integrity_ok(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[384];
    int files = 0;

    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        sqlite3 *db;
        sqlite3_stmt *st;
        size_t len = strlen(de->d_name);
        if (len < 3 || strcmp(de->d_name + len - 3, ".db") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(
            sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL),
            SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
        sqlite3_finalize(st);
        sqlite3_close(db);
        files++;
    }
    closedir(d);
    assert_true(files > 0);
}

static void
test_exit_without_close_keeps_what_was_flushed(void **state)
{
    struct hist_options o = {.flush_seconds = -1};
    struct hist *w;
    struct err e;
    char dir[64];
    pid_t pid;
    int status;
    (void)state;

    assert_int_equal(testfs_mkdtemp(dir, sizeof dir, "test_hist_exit"), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (hist_open(dir, &o, &w, &e) < 0)
            _exit(2);
        for (int64_t i = 0; i < 200; i++) /* 50 min, over midnight */
            append_step(w, i);
        if (hist_flush(w, &e) < 0)
            _exit(4);
        for (int64_t i = 200; i < 230; i++)
            append_step(w, i);
        _exit(0); /* no close: the last 30 steps are lost */
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    integrity_ok(dir);

    o.readonly = 1;
    assert_int_equal(hist_open(dir, &o, &w, &e), 0);
    for (int64_t rid = 1; rid <= SERIES; rid += 37)
        assert_int_equal(check_series(w, rid, 199), 200);
    assert_int_equal(hist_close(w, &e), 0);

    /* a new writer reloads the open chunks and carries on */
    o.readonly = 0;
    assert_int_equal(hist_open(dir, &o, &w, &e), 0);
    for (int64_t i = 0; i < 230; i++) { /* the lost steps come again */
        struct err e2;
        int rc =
            hist_append(w, 1, HIST_CPU, T0 + 15 * i, val(1, T0 + 15 * i), &e2);
        assert_int_equal(rc, i < 200 ? 1 : 0);
    }
    assert_int_equal(hist_close(w, &e), 0);
    o.readonly = 1;
    assert_int_equal(hist_open(dir, &o, &w, &e), 0);
    assert_int_equal(check_series(w, 1, 229), 230);
    assert_int_equal(hist_close(w, &e), 0);
    testfs_rmtree(dir);
}

/* One run: the child is killed some time after its flush of step at. */
static void
kill_once(int64_t at, useconds_t delay_us)
{
    struct hist_options o = {.flush_seconds = -1};
    struct hist *w;
    struct err e;
    char dir[64];
    int fds[2];
    int64_t flushed = -1, got;
    pid_t pid;
    int status;

    assert_int_equal(testfs_mkdtemp(dir, sizeof dir, "test_hist_kill"), 0);
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        if (hist_open(dir, &o, &w, &e) < 0)
            _exit(2);
        /* flush every 2 steps, report each flush; killed mid-way */
        for (int64_t i = 0; i < 6000; i++) {
            append_step(w, i);
            if (i % 2 == 1) {
                if (hist_flush(w, &e) < 0)
                    _exit(4);
                if (write(fds[1], &i, sizeof i) != sizeof i)
                    _exit(5);
            }
        }
        _exit(0);
    }
    close(fds[1]);
    /* let it cross the hour and midnight (seals, roll-ups, new files),
     * then kill it while it writes */
    while (read(fds[0], &got, sizeof got) == sizeof got) {
        flushed = got;
        if (flushed >= at) {
            usleep(delay_us);
            kill(pid, SIGKILL);
            break;
        }
    }
    while (read(fds[0], &got, sizeof got) == sizeof got)
        flushed = got; /* reported before the kill landed */
    close(fds[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_true(flushed >= at);
    integrity_ok(dir);

    o.readonly = 1;
    assert_int_equal(hist_open(dir, &o, &w, &e), 0);
    for (int64_t rid = 1; rid <= SERIES; rid += 13)
        check_series(w, rid, flushed);
    assert_int_equal(hist_close(w, &e), 0);

    /* a new writer starts from the log and goes on */
    o.readonly = 0;
    assert_int_equal(hist_open(dir, &o, &w, &e), 0);
    for (int64_t i = flushed + 1; i < flushed + 300; i++) {
        struct err e2;
        for (int64_t rid = 1; rid <= SERIES; rid++)
            assert_true(hist_append(w, rid, HIST_CPU, T0 + 15 * i,
                                    val(rid, T0 + 15 * i), &e2) >= 0);
    }
    assert_int_equal(hist_close(w, &e), 0);
    integrity_ok(dir);
    o.readonly = 1;
    assert_int_equal(hist_open(dir, &o, &w, &e), 0);
    for (int64_t rid = 1; rid <= SERIES; rid += 13)
        assert_int_equal(check_series(w, rid, flushed + 299),
                         (size_t)flushed + 300);
    assert_int_equal(hist_close(w, &e), 0);
    testfs_rmtree(dir);
}

static void
test_kill_in_the_middle_of_writes(void **state)
{
    (void)state;
    /* before midnight, just after it (seals, roll-ups, a new file), and
     * later, with different delays */
    kill_once(101, 700);
    kill_once(121, 300);
    kill_once(151, 2000);
    kill_once(241, 5000);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_without_close_keeps_what_was_flushed),
        cmocka_unit_test(test_kill_in_the_middle_of_writes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
