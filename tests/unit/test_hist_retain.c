/* test_hist_retain.c — retention of the metrics history: exactly the old
 * day files go, roll-ups outlive raw data in roll-up files and answer the
 * queries for those days, retired days take no new samples, and the
 * figures of hist_stats.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "hist.h"
#include "testfs.h"

#define DAY0 ((int64_t)1799971200) /* 2027-01-15 00:00:00 UTC */
#define DAY  ((int64_t)86400)

struct fx {
    char dir[64];
    struct hist *w;
};

struct got {
    struct hist_point p[4096];
    size_t n;
};

static int
collect(const struct hist_point *p, void *ctx)
{
    struct got *g = ctx;
    assert_true(g->n < 4096);
    g->p[g->n++] = *p;
    return 0;
}

/* Five days (2027-01-15 .. 19) of one series, a sample a minute, value =
 * the day's index, then flushed. */
static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct hist_options o = {.flush_seconds = -1};
    struct err e;

    assert_non_null(f);
    assert_int_equal(testfs_mkdtemp(f->dir, sizeof f->dir, "test_hist_ret"), 0);
    assert_int_equal(hist_open(f->dir, &o, &f->w, &e), 0);
    for (int64_t t = DAY0; t < DAY0 + 5 * DAY; t += 60)
        assert_int_equal(
            hist_append(f->w, 1, HIST_CPU, t, (double)((t - DAY0) / DAY), &e),
            0);
    assert_int_equal(hist_flush(f->w, &e), 0);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(hist_close(f->w, &e), 0);
    testfs_rmtree(f->dir);
    free(f);
    return 0;
}

/* The partition files present, as "raw-20270115.db roll-..." sorted. */
static void
files(const char *dir, char *out, size_t outlen)
{
    static const char *const NAMES[] = {
        "raw-20270115.db",  "roll-20270115.db", "raw-20270116.db",
        "roll-20270116.db", "raw-20270117.db",  "roll-20270117.db",
        "raw-20270118.db",  "roll-20270118.db", "raw-20270119.db",
        "roll-20270119.db", "raw-20270120.db",  "roll-20270120.db"};
    char path[128];
    struct stat sb;

    out[0] = '\0';
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, NAMES[i]);
        if (stat(path, &sb) == 0) {
            size_t len = strlen(out);
            snprintf(out + len, outlen - len, "%s%s", len ? " " : "", NAMES[i]);
        }
    }
}

static unsigned
query(struct hist *h, int64_t from, int64_t to, int64_t step, struct got *g)
{
    struct hist_query q = {1, HIST_CPU, from, to, step, collect, g, 0};
    struct err e;
    g->n = 0;
    assert_int_equal(hist_query(h, &q, &e), 0);
    return q.levels_used;
}

static void
test_drops_exactly_the_old_days(void **state)
{
    struct fx *f = *state;
    struct got *g = calloc(1, sizeof *g);
    struct err e;
    char list[512];
    /* an hour into 2027-01-20 */
    int64_t now = DAY0 + 5 * DAY + 3600;

    assert_non_null(g);
    files(f->dir, list, sizeof list);
    assert_string_equal(list, "raw-20270115.db raw-20270116.db "
                              "raw-20270117.db raw-20270118.db "
                              "raw-20270119.db");
    /* raw: days that ended 2 days before now go (15, 16, 17); roll-ups:
     * days that ended 4 days before now go (15): 16 and 17 keep them */
    assert_int_equal(hist_retain(f->w, now, 2, 4, &e), 0);
    files(f->dir, list, sizeof list);
    assert_string_equal(list, "roll-20270116.db roll-20270117.db "
                              "raw-20270118.db raw-20270119.db");
    /* nothing more to do the same hour */
    assert_int_equal(hist_retain(f->w, now, 2, 4, &e), 0);
    files(f->dir, list, sizeof list);
    assert_string_equal(list, "roll-20270116.db roll-20270117.db "
                              "raw-20270118.db raw-20270119.db");

    /* raw samples where raw is kept, 5 min buckets where only roll-ups
     * are left */
    assert_int_equal(query(f->w, DAY0, DAY0 + 5 * DAY, 0, g),
                     1u << HIST_RAW | 1u << HIST_5M);
    assert_int_equal(g->n, 2 * 288 + 2 * 1440);
    assert_int_equal(g->p[0].ts, DAY0 + DAY);
    assert_int_equal(g->p[0].n, 5);
    assert_true(g->p[0].avg == 1);
    assert_int_equal(g->p[2 * 288].ts, DAY0 + 3 * DAY);
    assert_int_equal(g->p[2 * 288].n, 1);
    /* daily buckets from the 1 h roll-ups of every day left (and the
     * open hour, raw) */
    assert_int_equal(query(f->w, DAY0, DAY0 + 5 * DAY, DAY, g),
                     1u << HIST_1H | 1u << HIST_RAW);
    assert_int_equal(g->n, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(g->p[i].ts, DAY0 + (int64_t)(i + 1) * DAY);
        assert_int_equal(g->p[i].n, 1440);
        assert_true(g->p[i].min == (double)(i + 1) &&
                    g->p[i].max == (double)(i + 1));
    }
    /* a reader gets the same */
    {
        struct hist *r;
        struct hist_options o = {.readonly = 1};
        assert_int_equal(hist_open(f->dir, &o, &r, &e), 0);
        assert_int_equal(query(r, DAY0, DAY0 + 5 * DAY, 300, g),
                         1u << HIST_5M | 1u << HIST_RAW);
        assert_int_equal(g->n, 4 * 288);
        assert_int_equal(hist_close(r, &e), 0);
    }

    /* a week later everything is gone */
    assert_int_equal(hist_retain(f->w, now + 7 * DAY, 2, 4, &e), 0);
    files(f->dir, list, sizeof list);
    assert_string_equal(list, "");
    free(g);
}

static void
test_no_rollup_copy_when_not_kept_longer(void **state)
{
    struct fx *f = *state;
    struct err e;
    char list[512];

    assert_int_equal(hist_retain(f->w, DAY0 + 5 * DAY + 3600, 3, 3, &e), 0);
    files(f->dir, list, sizeof list);
    assert_string_equal(list, "raw-20270117.db raw-20270118.db "
                              "raw-20270119.db");
}

static void
test_retired_days_take_no_samples(void **state)
{
    struct fx *f = *state;
    struct hist_stats st;
    struct err e;
    char list[512];

    assert_int_equal(hist_retain(f->w, DAY0 + 5 * DAY + 3600, 3, 0, &e), 0);
    /* a new series with an old timestamp would recreate 2027-01-15 */
    assert_int_equal(hist_append(f->w, 2, HIST_CPU, DAY0 + 100, 1, &e), 1);
    assert_int_equal(hist_append(f->w, 2, HIST_CPU, DAY0 + 2 * DAY, 1, &e), 0);
    assert_int_equal(hist_flush(f->w, &e), 0);
    files(f->dir, list, sizeof list);
    assert_string_equal(list, "raw-20270117.db raw-20270118.db "
                              "raw-20270119.db");
    assert_int_equal(hist_stats(f->w, &st, &e), 0);
    assert_int_equal(st.dropped, 1);
}

static void
test_bad_retention_is_refused(void **state)
{
    struct fx *f = *state;
    struct err e;

    assert_int_equal(hist_retain(f->w, DAY0, 0, 10, &e), -1);
    assert_string_equal(e.field, "raw_days");
    assert_int_equal(hist_retain(f->w, DAY0, 1, -1, &e), -1);
    assert_string_equal(e.field, "rollup_days");
}

static void
test_stats(void **state)
{
    struct fx *f = *state;
    struct hist_stats st;
    struct hist *r;
    struct hist_options o = {.readonly = 1};
    struct err e;

    assert_int_equal(hist_stats(f->w, &st, &e), 0);
    assert_int_equal(st.raw_days, 5);
    assert_int_equal(st.rollup_days, 0);
    assert_int_equal(st.oldest, DAY0);
    assert_int_equal(st.newest, DAY0 + 4 * DAY);
    assert_int_equal(st.samples, 5 * 1440);
    assert_int_equal(st.appended, 5 * 1440);
    assert_int_equal(st.series, 1);
    assert_true(st.bytes > 0);
    assert_true(st.memory_bytes > 0);
    assert_int_equal(hist_retain(f->w, DAY0 + 5 * DAY + 3600, 2, 30, &e), 0);
    assert_int_equal(hist_open(f->dir, &o, &r, &e), 0);
    assert_int_equal(hist_stats(r, &st, &e), 0);
    assert_int_equal(st.raw_days, 2);
    assert_int_equal(st.rollup_days, 3);
    assert_int_equal(st.samples, 2 * 1440 - 60); /* the open hour: no */
    assert_int_equal(st.series, 0);              /* a reader holds none */
    assert_int_equal(hist_close(r, &e), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_drops_exactly_the_old_days, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_no_rollup_copy_when_not_kept_longer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retired_days_take_no_samples,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_retention_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
