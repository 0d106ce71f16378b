/* store_sql.c — a test tool: `store_sql DBPATH SQL` runs SQL on the
 * module's database the way a writer of the store does (the monitoring
 * daemon, a page): opened with store_open, in one write transaction begun
 * by store_begin, so the change journal's TEMP triggers
 * (store_events_journal.c) are armed and see the change, unlike the
 * sqlite3 shell's. For tests that play the daemon (an alert firing);
 * never staged. Exit 0 done, 1 failure (the transaction rolled back),
 * 2 usage.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include "store.h"
#include "store_int.h"

int
main(int argc, char **argv)
{
    struct store *st = NULL;
    struct err e;
    char *msg = NULL;

    if (argc != 3) {
        fprintf(stderr, "usage: store_sql DBPATH SQL\n");
        return 2;
    }
    if (store_open(argv[1], &st, &e) < 0) {
        fprintf(stderr, "store_sql: %s %s\n", e.key, e.arg[0]);
        return 1;
    }
    if (store_begin(st, 1, &e) < 0) {
        fprintf(stderr, "store_sql: begin: %s %s\n", e.key, e.arg[0]);
        store_close(st);
        return 1;
    }
    if (sqlite3_exec(st->db, argv[2], NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "store_sql: %s\n", msg ? msg : "failed");
        sqlite3_free(msg);
        store_rollback(st);
        store_close(st);
        return 1;
    }
    if (store_commit(st, &e) < 0) {
        fprintf(stderr, "store_sql: commit: %s %s\n", e.key, e.arg[0]);
        store_rollback(st);
        store_close(st);
        return 1;
    }
    store_close(st);
    return 0;
}
