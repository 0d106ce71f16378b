/* test_backup.c — snapshots while another process writes, checking a
 * database file, and restoring one: what is refused (and left alone), the
 * previous database kept, other open connections, a missing or broken
 * live file.
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

#include "backup.h"
#include "store.h"
#include "store_events.h"
#include "storefx.h"
#include "testfs.h"

/* The test's folder and the files it uses there (none exists yet). */
struct paths {
    char dir[64], db[128], bak[128], keep[160];
};

static int
setup(void **state)
{
    struct paths *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(testfs_mkdtemp(f->dir, sizeof f->dir, "test_backup"), 0);
    snprintf(f->db, sizeof f->db, "%s/cluster.db", f->dir);
    snprintf(f->bak, sizeof f->bak, "%s/backup.db", f->dir);
    snprintf(f->keep, sizeof f->keep, "%s.before-restore", f->db);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct paths *f = *state;
    testfs_rmtree(f->dir);
    free(f);
    return 0;
}

/* Adds servers <prefix>0 .. <prefix>n-1 to the database at path. */
static void
add_servers(const char *path, const char *prefix, int n)
{
    struct store *st;
    struct err e;
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    for (int i = 0; i < n; i++) {
        char id[64];
        snprintf(id, sizeof id, "%s%d", prefix, i);
        struct server s = storefx_server(id, "web");
        snprintf(s.ip, sizeof s.ip, "10.0.%d.%d", i / 250, i % 250);
        storefx_put(st, &s);
    }
    assert_int_equal(store_commit(st, &e), 0);
    store_close(st);
}

/* The servers counter of the database file at path, and its schema. */
static long long
servers_in(const char *path, int *schema)
{
    struct store *st;
    struct store_totals t;
    struct err e;
    assert_int_equal(store_open(path, &st, &e), 0);
    assert_int_equal(store_begin(st, 0, &e), 0);
    assert_int_equal(store_totals(st, &t, &e), 0);
    store_commit(st, &e);
    if (schema != NULL)
        *schema = store_schema_version(st);
    store_close(st);
    return t.servers;
}

static void
test_backup_is_a_self_contained_checked_copy(void **state)
{
    struct paths *f = *state;
    struct backup_info info;
    unsigned char head[20];
    struct stat sb;
    struct err e;
    FILE *fp;

    int schema = 0;
    add_servers(f->db, "a", 120);
    servers_in(f->db, &schema);
    assert_int_equal(backup_create(f->db, f->bak, &info, &e), 0);
    assert_int_equal(info.servers, 120);
    assert_int_equal(info.schema, schema);
    assert_true(info.bytes > 0);
    assert_int_equal(stat(f->bak, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* Rollback journal (header bytes 18 and 19 = 1), not WAL: no -wal. */
    assert_non_null(fp = fopen(f->bak, "rb"));
    assert_int_equal(fread(head, 1, sizeof head, fp), sizeof head);
    fclose(fp);
    assert_int_equal(head[18], 1);
    assert_int_equal(head[19], 1);
    assert_int_equal(backup_check(f->bak, &info, &e), 0);
    assert_int_equal(servers_in(f->bak, NULL), 120);
}

static void
test_backup_errors(void **state)
{
    struct paths *f = *state;
    struct err e;
    char dest[160];
    assert_int_equal(backup_create(f->db, f->bak, NULL, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_string_equal(e.key, "xport_err_no_db");
    add_servers(f->db, "a", 1);
    snprintf(dest, sizeof dest, "%s/no/such/dir/x.db", f->dir);
    assert_int_equal(backup_create(f->db, dest, NULL, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.key, "xport_err_backup_dest");
}

/* A writer in another process: batches of servers, one transaction each,
 * until the deadline. */
static void
writer(const char *path, double seconds)
{
    struct store *st;
    struct err e;
    time_t end = time(NULL) + (time_t)seconds + 1;
    if (store_open(path, &st, &e) < 0)
        _exit(2);
    for (int batch = 0; batch < 100000 && time(NULL) < end; batch++) {
        if (store_begin(st, 1, &e) < 0)
            continue; /* busy: try again */
        for (int i = 0; i < 20; i++) {
            char id[64];
            snprintf(id, sizeof id, "w%d-%d", (int)getpid(), batch * 20 + i);
            struct server s = storefx_server(id, "cache");
            snprintf(s.ip, sizeof s.ip, "10.9.%d.%d", batch % 250, i);
            if (store_server_add(st, &s, &e) < 0)
                break;
        }
        store_commit(st, &e);
    }
    store_close(st);
    _exit(0);
}

static void
test_backup_is_consistent_while_another_process_writes(void **state)
{
    struct paths *f = *state;
    struct backup_info info;
    long long last = 0;
    struct err e;
    int status;

    add_servers(f->db, "a", 500);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        writer(f->db, 2);
    usleep(200 * 1000);
    for (int i = 0; i < 6; i++) {
        char dest[160];
        snprintf(dest, sizeof dest, "%s/b%d.db", f->dir, i);
        assert_int_equal(backup_create(f->db, dest, &info, &e), 0);
        /* Each copy is intact, and its counter matches its rows: one
         * snapshot, not pages from different moments. */
        assert_int_equal(backup_check(dest, &info, &e), 0);
        struct store *st;
        struct server_query q = {0};
        long long n = 0;
        q.type = "cache";
        assert_int_equal(store_open(dest, &st, &e), 0);
        assert_int_equal(store_begin(st, 0, &e), 0);
        assert_int_equal(store_server_count(st, &q, 100000000, &n, &e), 0);
        q.type = "web";
        long long web = 0;
        assert_int_equal(store_server_count(st, &q, 100000000, &web, &e), 0);
        store_commit(st, &e);
        store_close(st);
        assert_int_equal(web, 500);
        assert_int_equal(info.servers, 500 + n);
        assert_int_equal(n % 20, 0); /* whole batches only */
        assert_true(n >= last);      /* later copies see more */
        last = n;
        usleep(100 * 1000);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_true(last > 0); /* the writer did write during the backups */
    assert_int_equal(backup_check(f->db, NULL, &e), 0);
}

static int
last_kind(void *ctx, const struct store_event *ev)
{
    snprintf(ctx, 32, "%s", ev->kind);
    return 0;
}

static void
test_restore_brings_the_copy_back_and_keeps_the_previous(void **state)
{
    struct paths *f = *state;
    struct backup_info info;
    struct err e;

    add_servers(f->db, "a", 10);
    assert_int_equal(backup_create(f->db, f->bak, NULL, &e), 0);
    add_servers(f->db, "b", 5);
    assert_int_equal(backup_restore(f->db, f->bak, &info, &e), 0);
    assert_int_equal(info.servers, 10);
    assert_int_equal(servers_in(f->db, NULL), 10);
    assert_int_equal(servers_in(f->keep, NULL), 15);
    assert_int_equal(backup_check(f->db, NULL, &e), 0);
    /* The change journal says "reload": its last event is a reset. */
    struct store *st;
    char kind[32] = "";
    long long last;
    assert_int_equal(store_open(f->db, &st, &e), 0);
    assert_int_equal(store_begin(st, 0, &e), 0);
    assert_int_equal(
        store_events_read(st, 0, 10000, last_kind, kind, &last, &e), 0);
    store_commit(st, &e);
    store_close(st);
    assert_string_equal(kind, "reset");
}

static void
test_restore_reaches_connections_already_open(void **state)
{
    struct paths *f = *state;
    struct store *st;
    struct store_totals t;
    struct err e;

    add_servers(f->db, "a", 7);
    assert_int_equal(backup_create(f->db, f->bak, NULL, &e), 0);
    add_servers(f->db, "b", 3);
    /* Another "page" holds the database open across the restore. */
    assert_int_equal(store_open(f->db, &st, &e), 0);
    assert_int_equal(store_begin(st, 0, &e), 0);
    assert_int_equal(store_totals(st, &t, &e), 0);
    assert_int_equal(t.servers, 10);
    store_commit(st, &e);
    assert_int_equal(backup_restore(f->db, f->bak, NULL, &e), 0);
    assert_int_equal(store_begin(st, 1, &e), 0);
    assert_int_equal(store_totals(st, &t, &e), 0);
    assert_int_equal(t.servers, 7);
    /* ...and may keep writing. */
    struct server s = storefx_server("late", "dns");
    snprintf(s.ip, sizeof s.ip, "10.0.0.53");
    storefx_put(st, &s);
    assert_int_equal(store_commit(st, &e), 0);
    store_close(st);
    assert_int_equal(backup_check(f->db, NULL, &e), 0);
    assert_int_equal(servers_in(f->db, NULL), 8);
}

/* A checksum of the bytes of path, for "left alone" checks. */
static unsigned long long
file_sum(const char *path)
{
    char buf[4096];
    FILE *fp = fopen(path, "rb");
    unsigned long long sum = 0;
    size_t n;
    assert_non_null(fp);
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        for (size_t i = 0; i < n; i++)
            sum = sum * 31 + (unsigned char)buf[i];
    fclose(fp);
    return sum;
}

static void
sql(const char *path, const char *script)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, script, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void
test_restore_refuses_bad_files_and_changes_nothing(void **state)
{
    struct paths *f = *state;
    char other[160];
    struct err e;

    add_servers(f->db, "a", 3);
    unsigned long long before = file_sum(f->db);
    /* Not a database. */
    testfs_put(f->dir, "notes.txt", "hello, this is not SQLite\n");
    snprintf(other, sizeof other, "%s/notes.txt", f->dir);
    assert_int_equal(backup_restore(f->db, other, NULL, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.key, "xport_err_not_db");
    /* Missing. */
    snprintf(other, sizeof other, "%s/missing.db", f->dir);
    assert_int_equal(backup_restore(f->db, other, NULL, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    /* Another application's database. */
    snprintf(other, sizeof other, "%s/other.db", f->dir);
    sql(other, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    assert_int_equal(backup_restore(f->db, other, NULL, &e), -1);
    assert_string_equal(e.key, "xport_err_not_ours");
    /* Ours, from a newer module. */
    assert_int_equal(backup_create(f->db, f->bak, NULL, &e), 0);
    sql(f->bak, "PRAGMA user_version = 99;");
    assert_int_equal(backup_restore(f->db, f->bak, NULL, &e), -1);
    assert_string_equal(e.key, "xport_err_db_newer");
    assert_string_equal(e.arg[0], "99");
    /* Damaged: pages past the first overwritten. */
    assert_int_equal(backup_create(f->db, f->bak, NULL, &e), 0);
    FILE *fp = fopen(f->bak, "r+b");
    assert_non_null(fp);
    fseek(fp, 4096 * 2, SEEK_SET);
    for (int i = 0; i < 4096 * 3; i++)
        fputc(0x5a, fp);
    fclose(fp);
    assert_int_equal(backup_restore(f->db, f->bak, NULL, &e), -1);
    assert_string_equal(e.key, "xport_err_db_damaged");
    /* Nothing happened to the live database, no copy was kept. */
    assert_int_equal(file_sum(f->db), before);
    assert_int_equal(access(f->keep, F_OK), -1);
    assert_int_equal(servers_in(f->db, NULL), 3);
}

static void
test_restore_without_a_live_database(void **state)
{
    struct paths *f = *state;
    char src[128];
    struct err e;

    snprintf(src, sizeof src, "%s/src.db", f->dir);
    add_servers(src, "a", 4);
    assert_int_equal(backup_create(src, f->bak, NULL, &e), 0);
    assert_int_equal(backup_restore(f->db, f->bak, NULL, &e), 0);
    assert_int_equal(servers_in(f->db, NULL), 4);
    assert_int_equal(access(f->keep, F_OK), -1);
}

static void
test_restore_over_a_broken_live_file_moves_it_aside(void **state)
{
    struct paths *f = *state;
    char src[128];
    struct err e;

    snprintf(src, sizeof src, "%s/src.db", f->dir);
    add_servers(src, "a", 2);
    assert_int_equal(backup_create(src, f->bak, NULL, &e), 0);
    testfs_put(f->dir, "cluster.db", "garbage, not a database at all.......");
    assert_int_equal(backup_restore(f->db, f->bak, NULL, &e), 0);
    assert_int_equal(servers_in(f->db, NULL), 2);
    FILE *fp = fopen(f->keep, "r");
    char line[64] = "";
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp));
    fclose(fp);
    assert_int_equal(strncmp(line, "garbage", 7), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_backup_is_a_self_contained_checked_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backup_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_backup_is_consistent_while_another_process_writes, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_restore_brings_the_copy_back_and_keeps_the_previous, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_restore_reaches_connections_already_open, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_restore_refuses_bad_files_and_changes_nothing, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_restore_without_a_live_database,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_restore_over_a_broken_live_file_moves_it_aside, setup,
            teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
