/* store_auto.c — wiring a cluster's members by role (autoconnect).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <time.h>

#include "store_int.h"

/* One role rule: members of type from connect to members of type to (NULL:
 * every other member) with a connection of type conn. */
struct rule {
    const char *from, *to, *conn;
};

static const struct rule RULES[] = {
    {"loadbalancer", "web", "http"},
    {"web", "database", "database"},
    {"web", "cache", "cache"},
    {"monitoring", NULL, "monitoring"},
};

/* OR IGNORE skips a pair already connected in either direction, through
 * the pair index, including pairs this same statement adds (two
 * monitoring members: the first by id connects to the second). */
static const char SQL_AUTO_RULE[] =
    "INSERT OR IGNORE INTO main.connections(from_id, to_id, type, created)"
    " SELECT a.id, b.id, ?4, ?5"
    " FROM cluster_members ma JOIN servers a ON a.id = ma.server"
    " JOIN cluster_members mb ON mb.cluster = ma.cluster"
    " JOIN servers b ON b.id = mb.server"
    " WHERE ma.cluster = ?1 AND a.type = ?2 AND (?3 IS NULL OR b.type = ?3)"
    " AND a.id <> b.id ORDER BY a.id, b.id";

/* Members (but first) with no connection to another member, to first. */
static const char SQL_AUTO_REST[] =
    "INSERT OR IGNORE INTO main.connections(from_id, to_id, type, created)"
    " SELECT m.server, ?2, 'standard', ?3 FROM cluster_members m"
    " WHERE m.cluster = ?1 AND m.server <> ?2"
    " AND NOT EXISTS (SELECT 1 FROM connections c JOIN cluster_members o"
    "  ON o.cluster = ?1 AND o.server = c.to_id WHERE c.from_id = m.server)"
    " AND NOT EXISTS (SELECT 1 FROM connections c JOIN cluster_members o"
    "  ON o.cluster = ?1 AND o.server = c.from_id WHERE c.to_id = m.server)"
    " ORDER BY m.server";

/* The first member by id and, when it is still alone, the second. */
static const char SQL_AUTO_FIRST[] =
    "SELECT server FROM cluster_members WHERE cluster = ?1"
    " ORDER BY server LIMIT 2";

static int
add_changes(struct store *st, sqlite3_stmt *s, long long *added, struct err *e)
{
    if (store_run(st, s, e, "autoconnect") < 0)
        return -1;
    *added += sqlite3_changes(st->db);
    return 0;
}

static int
apply_rule(struct store *st, const char *name, const struct rule *r,
           long long now, long long *added, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_AUTO_RULE, e);
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    store_bind_text(s, 2, r->from);
    store_bind_text(s, 3, r->to);
    store_bind_text(s, 4, r->conn);
    sqlite3_bind_int64(s, 5, now);
    return add_changes(st, s, added, e);
}

/* The first two members by id into first/second ("" when absent). */
static int
first_two(struct store *st, const char *name, char *first, char *second,
          struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_AUTO_FIRST, e);
    int rc, i = 0;

    first[0] = second[0] = '\0';
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        store_col_text(s, 0, i++ == 0 ? first : second, VALID_ID_MAX + 1);
    store_done(s);
    if (rc != SQLITE_DONE)
        return store_fail(st, e, "autoconnect");
    return 0;
}

/* Connects every member but `to` that has no connection to another member
 * of the cluster to `to` (type standard). */
static int
join_rest(struct store *st, const char *name, const char *to, long long now,
          long long *added, struct err *e)
{
    sqlite3_stmt *s = store_prep(st, SQL_AUTO_REST, e);
    if (s == NULL)
        return -1;
    store_bind_text(s, 1, name);
    store_bind_text(s, 2, to);
    sqlite3_bind_int64(s, 3, now);
    return add_changes(st, s, added, e);
}

int
store_cluster_autoconnect(struct store *st, const char *name, long long *added,
                          struct err *e)
{
    char first[VALID_ID_MAX + 1], second[VALID_ID_MAX + 1];
    long long now = (long long)time(NULL);
    struct cluster c;

    *added = 0;
    if (store_cluster_get(st, name, &c, e) < 0)
        return -1;
    for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++)
        if (apply_rule(st, c.name, &RULES[i], now, added, e) < 0)
            return -1;
    if (first_two(st, c.name, first, second, e) < 0)
        return -1;
    if (second[0] == '\0')
        return 0; /* fewer than two members: nothing to join */
    if (join_rest(st, c.name, first, now, added, e) < 0)
        return -1;
    /* Only first can still be alone now (all others were already wired
     * among themselves); it joins the second member. */
    return join_rest(st, c.name, second, now, added, e);
}
