/* store_events.c — reading the change journal the schema's triggers
 * write (store_events.h): rows after a seq, filtered for a scoped store by
 * the cluster names each row was stamped with, the journal's bounds, and
 * the resume rule.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "store_events.h"
#include "store_int.h"

#define READ_MAX 10000

/* vis/vis2 are " a b " lists of lower-cased cluster names (NULL: for
 * everyone); temp.scope exists only on a scoped connection, hence two
 * texts. */
static const char SQL_READ[] =
    "SELECT seq, at, kind, id, peer, text, x, y, 1 FROM main.events"
    " WHERE seq > ?1 ORDER BY seq LIMIT ?2";
static const char SQL_READ_SCOPED[] =
    "SELECT e.seq, e.at, e.kind, e.id, e.peer, e.text, e.x, e.y,"
    " (e.vis IS NULL OR EXISTS (SELECT 1 FROM temp.scope s"
    "   WHERE instr(e.vis, ' ' || lower(s.name) || ' ') > 0))"
    " AND (e.vis2 IS NULL OR EXISTS (SELECT 1 FROM temp.scope s"
    "   WHERE instr(e.vis2, ' ' || lower(s.name) || ' ') > 0))"
    " FROM main.events e WHERE e.seq > ?1 ORDER BY e.seq LIMIT ?2";

static const char *
col_text(sqlite3_stmt *s, int col)
{
    return (const char *)sqlite3_column_text(s, col);
}

int
store_events_read(struct store *st, long long after, size_t limit,
                  store_event_cb cb, void *ctx, long long *last, struct err *e)
{
    sqlite3_stmt *s =
        store_prep(st, st->scoped ? SQL_READ_SCOPED : SQL_READ, e);
    int rc, ret = 0;

    *last = after;
    if (s == NULL)
        return -1;
    if (limit < 1)
        limit = 1;
    if (limit > READ_MAX)
        limit = READ_MAX;
    sqlite3_bind_int64(s, 1, after);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_event ev = {
            .seq = sqlite3_column_int64(s, 0),
            .at = sqlite3_column_int64(s, 1),
            .kind = col_text(s, 2),
            .id = col_text(s, 3),
            .peer = col_text(s, 4),
            .text = col_text(s, 5),
            .has_xy = sqlite3_column_type(s, 6) != SQLITE_NULL &&
                      sqlite3_column_type(s, 7) != SQLITE_NULL,
            .x = sqlite3_column_double(s, 6),
            .y = sqlite3_column_double(s, 7),
        };
        *last = ev.seq;
        if (ev.kind == NULL || sqlite3_column_int(s, 8) == 0)
            continue;
        if ((ret = cb(ctx, &ev)) != 0)
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        store_fail(st, e, "events read");
        ret = -1;
    }
    store_done(s);
    return ret;
}

static const char SQL_OLDEST[] = "SELECT min(seq) FROM main.events";
static const char SQL_NEWEST[] =
    "SELECT seq FROM main.sqlite_sequence WHERE name = 'events'";

/* The first column of the first row of s into *v (0 for none/NULL). */
static int
one_int(struct store *st, sqlite3_stmt *s, long long *v, struct err *e)
{
    int rc = sqlite3_step(s);
    *v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    store_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(st, e, "events bounds");
    return 0;
}

int
store_events_bounds(struct store *st, long long *oldest, long long *newest,
                    struct err *e)
{
    sqlite3_stmt *s;

    *oldest = *newest = 0;
    if ((s = store_prep(st, SQL_OLDEST, e)) == NULL ||
        one_int(st, s, oldest, e) < 0)
        return -1;
    if ((s = store_prep(st, SQL_NEWEST, e)) == NULL ||
        one_int(st, s, newest, e) < 0)
        return -1;
    return 0;
}

int
store_events_gap(long long since, long long oldest, long long newest)
{
    if (since > newest || since < 0)
        return 1; /* another database (restored or replaced) */
    if (since == newest)
        return 0;
    /* Events since+1 .. newest were written; the oldest kept must be
     * since+1 or earlier. */
    return oldest == 0 || oldest > since + 1;
}

static const char SQL_RESET[] =
    "INSERT INTO main.events(at, kind) VALUES (unixepoch(), 'reset')";

int
store_events_reset(struct store *st, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_RESET, e);
    if (s == NULL)
        return -1;
    return store_run(st, s, e, "events reset");
}
