/* test_weblog.c — Webmin action log lines (webmin_log format) and appends.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "weblog.h"
#include "testfs.h"

#define SID "a77d1d25f9a9598168d769c215269c19"

/* The two real lines from the notes (§3e). */
static const char SAMPLE1[] =
    "1795928409.2665.0 [29/Nov/2026 05:00:09] admin " SID " 127.0.0.1 "
    "hello-c hello-c/perllog.cgi \"create\" \"server\" \"web1.example\" "
    "host='web1.example' port='22'\n";
static const char SAMPLE2[] =
    "1795928414.99999.0 [29/Nov/2026 05:00:14] admin " SID " 127.0.0.1 "
    "hello-c hello-c/connect.cgi \"connect\" \"link\" \"web1->db1\" "
    "from='web1' to='db1'\n";

static char dir[64];

static int
setup(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    umask(022);
    return testfs_mkdtemp(dir, sizeof dir, "test_weblog");
}

static int
teardown(void **state)
{
    (void)state;
    return testfs_rmtree(dir);
}

static struct weblog_entry
entry(const struct kv *params, size_t n)
{
    struct weblog_entry e = {
        .when = 1795928409,
        .pid = 2665,
        .seq = 0,
        .user = "admin",
        .session = SID,
        .client = "127.0.0.1",
        .module = "unlimited-cluster",
        .script = "add_server.cgi",
        .action = "create",
        .type = "server",
        .object = "web1",
        .params = params,
        .nparams = n,
    };
    return e;
}

/* The formatted line for e, in a static buffer. */
static const char *
fmt(const struct weblog_entry *e)
{
    static struct buf b;
    buf_free(&b);
    buf_init(&b, 4096);
    assert_int_equal(weblog_format(&b, e), 0);
    return buf_cstr(&b);
}

/* The part of a line after the quoted object, i.e. the parameters. */
static const char *
params_of(const char *line)
{
    const char *p = strstr(line, "\"web1\"");
    assert_non_null(p);
    return p + 6;
}

static void
test_sample_line_1_exact(void **state)
{
    const struct kv p[] = {{"host", "web1.example"}, {"port", "22"}};
    struct weblog_entry e = entry(p, 2);
    (void)state;
    e.module = "hello-c";
    e.script = "perllog.cgi";
    e.object = "web1.example";
    assert_string_equal(fmt(&e), SAMPLE1);
}

static void
test_sample_line_2_exact(void **state)
{
    const struct kv p[] = {{"from", "web1"}, {"to", "db1"}};
    struct weblog_entry e = entry(p, 2);
    (void)state;
    e.when = 1795928414;
    e.pid = 99999;
    e.module = "hello-c";
    e.script = "connect.cgi";
    e.action = "connect";
    e.type = "link";
    e.object = "web1->db1";
    assert_string_equal(fmt(&e), SAMPLE2);
}

static void
test_params_sorted_by_key(void **state)
{
    const struct kv p[] = {{"z", "1"}, {"a", "2"}, {"m", "3"}};
    struct weblog_entry e = entry(p, 3);
    (void)state;
    assert_string_equal(params_of(fmt(&e)), " a='2' m='3' z='1'\n");
}

static void
test_repeated_keys_keep_order(void **state)
{
    const struct kv p[] = {{"k", "2"}, {"a", "x"}, {"k", "1"}, {"k", "3"}};
    struct weblog_entry e = entry(p, 4);
    (void)state;
    assert_string_equal(params_of(fmt(&e)), " a='x' k='2' k='1' k='3'\n");
}

static void
test_empty_value_written_as_two_quotes(void **state)
{
    const struct kv p[] = {{"k", ""}};
    struct weblog_entry e = entry(p, 1);
    (void)state;
    assert_string_equal(params_of(fmt(&e)), " k=''\n");
}

static void
test_null_value_written_as_empty(void **state)
{
    const struct kv p[] = {{"k", NULL}};
    struct weblog_entry e = entry(p, 1);
    (void)state;
    assert_string_equal(params_of(fmt(&e)), " k=''\n");
}

static void
test_value_specials_percent_escaped(void **state)
{
    const struct kv p[] = {{"v", "'\"\\\r\n\t%"}};
    struct weblog_entry e = entry(p, 1);
    (void)state;
    assert_string_equal(params_of(fmt(&e)), " v='%27%22%5C%0D%0A%09%25'\n");
}

static void
test_value_other_bytes_unchanged(void **state)
{
    const struct kv p[] = {{"v", "a b<>&;=\xc3\xa9"}};
    struct weblog_entry e = entry(p, 1);
    (void)state;
    assert_string_equal(params_of(fmt(&e)), " v='a b<>&;=\xc3\xa9'\n");
}

static void
test_odd_key_escaped(void **state)
{
    const struct kv p[] = {{"a b='", "1"}};
    struct weblog_entry e = entry(p, 1);
    (void)state;
    assert_string_equal(params_of(fmt(&e)), " a%20b%3D%27='1'\n");
}

static void
test_no_params_ends_after_object(void **state)
{
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    assert_string_equal(params_of(fmt(&e)), "\n");
}

static void
test_empty_type_and_object_are_dash(void **state)
{
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    e.type = "";
    e.object = NULL;
    assert_non_null(strstr(fmt(&e), " \"create\" \"-\" \"-\"\n"));
}

static void
test_missing_user_and_session_are_dash(void **state)
{
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    e.user = NULL;
    e.session = "";
    assert_non_null(strstr(fmt(&e), "] - - 127.0.0.1 "));
}

static void
test_quote_and_newline_in_quoted_fields_escaped(void **state)
{
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    e.action = "a\nb";
    e.object = "x\"y";
    assert_non_null(strstr(fmt(&e), " \"a%0Ab\" \"server\" \"x%22y\"\n"));
}

static void
test_newline_in_bare_field_escaped(void **state)
{
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    e.client = "1.2.3.4\n5 x";
    assert_non_null(strstr(fmt(&e), " 1.2.3.4%0A5%20x "));
}

static void
test_date_is_local_time(void **state)
{
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    setenv("TZ", "XXX-2", 1); /* POSIX: two hours east of UTC */
    tzset();
    const char *line = fmt(&e);
    setenv("TZ", "UTC", 1);
    tzset();
    assert_non_null(strstr(line, " [29/Nov/2026 07:00:09] "));
}

static void
test_day_zero_padded(void **state)
{
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    e.when = 1767589200; /* 2026-01-05 05:00:00 UTC */
    assert_non_null(strstr(fmt(&e), " [05/Jan/2026 05:00:00] "));
}

static void
test_id_has_pid_and_seq(void **state)
{
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    e.pid = 42;
    e.seq = 7;
    assert_memory_equal(fmt(&e), "1795928409.42.7 [", 17);
}

static void
test_full_buffer_fails_unchanged(void **state)
{
    struct buf b;
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    buf_init(&b, 40);
    assert_int_equal(buf_add(&b, "keep"), 0);
    assert_int_equal(weblog_format(&b, &e), -1);
    assert_string_equal(buf_cstr(&b), "keep");
    buf_free(&b);
}

/* ---- weblog_append ---- */

static void
log_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
    unlink(out);
}

static char *
slurp(const char *path)
{
    static char data[8192];
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    size_t n = fread(data, 1, sizeof data - 1, f);
    fclose(f);
    data[n] = '\0';
    return data;
}

static void
append(const char *cfg, int readonly, int expect_rc)
{
    struct cfgmap g = {0};
    struct weblog_entry e = entry(NULL, 0);
    assert_int_equal(cfgmap_parse(&g, cfg, strlen(cfg)), 0);
    assert_int_equal(weblog_append(&g, dir, readonly, &e), expect_rc);
    cfgmap_free(&g);
}

static void
test_append_off_without_log(void **state)
{
    char path[128];
    (void)state;
    log_path(path, sizeof path, "webmin.log");
    append("log=0\n", 0, 0);
    assert_int_equal(access(path, F_OK), -1);
}

static void
test_append_writes_line_0600(void **state)
{
    char path[128];
    struct stat st;
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    log_path(path, sizeof path, "webmin.log");
    append("log=1\n", 0, 0);
    assert_string_equal(slurp(path), fmt(&e));
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

static void
test_append_appends(void **state)
{
    char path[128];
    char two[1024];
    struct weblog_entry e = entry(NULL, 0);
    (void)state;
    log_path(path, sizeof path, "webmin.log");
    append("log=1\n", 0, 0);
    append("log=1\n", 0, 0);
    const char *one = fmt(&e);
    size_t n = strlen(one);
    assert_true(2 * n < sizeof two);
    memcpy(two, one, n);
    memcpy(two + n, one, n + 1);
    assert_string_equal(slurp(path), two);
}

static void
test_append_logusers_excludes(void **state)
{
    char path[128];
    (void)state;
    log_path(path, sizeof path, "webmin.log");
    append("log=1\nlogusers=root bob\n", 0, 0);
    assert_int_equal(access(path, F_OK), -1);
}

static void
test_append_logusers_includes(void **state)
{
    char path[128];
    (void)state;
    log_path(path, sizeof path, "webmin.log");
    append("log=1\nlogusers=root admin\n", 0, 0);
    assert_int_equal(access(path, F_OK), 0);
}

static void
test_append_logmodules_excludes(void **state)
{
    char path[128];
    (void)state;
    log_path(path, sizeof path, "webmin.log");
    append("log=1\nlogmodules=proc status\n", 0, 0);
    assert_int_equal(access(path, F_OK), -1);
}

static void
test_append_logmodules_includes(void **state)
{
    char path[128];
    (void)state;
    log_path(path, sizeof path, "webmin.log");
    append("log=1\nlogmodules=proc unlimited-cluster\n", 0, 0);
    assert_int_equal(access(path, F_OK), 0);
}

static void
test_append_skips_readonly_user(void **state)
{
    char path[128];
    (void)state;
    log_path(path, sizeof path, "webmin.log");
    append("log=1\n", 1, 0);
    assert_int_equal(access(path, F_OK), -1);
}

static void
test_append_webmin_log_overrides_path(void **state)
{
    char path[128];
    char def[128];
    char cfg[256];
    (void)state;
    log_path(path, sizeof path, "custom.log");
    log_path(def, sizeof def, "webmin.log");
    snprintf(cfg, sizeof cfg, "log=1\nwebmin_log=%s\n", path);
    append(cfg, 0, 0);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(access(def, F_OK), -1);
}

static void
test_append_unwritable_fails(void **state)
{
    char cfg[256];
    (void)state;
    snprintf(cfg, sizeof cfg, "log=1\nwebmin_log=%s/no/such/dir.log\n", dir);
    append(cfg, 0, -1);
}

static void
test_append_logperms_applied(void **state)
{
    char path[128];
    struct stat st;
    (void)state;
    log_path(path, sizeof path, "webmin.log");
    append("log=1\nlogperms=640\n", 0, 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_line_1_exact),
        cmocka_unit_test(test_sample_line_2_exact),
        cmocka_unit_test(test_params_sorted_by_key),
        cmocka_unit_test(test_repeated_keys_keep_order),
        cmocka_unit_test(test_empty_value_written_as_two_quotes),
        cmocka_unit_test(test_null_value_written_as_empty),
        cmocka_unit_test(test_value_specials_percent_escaped),
        cmocka_unit_test(test_value_other_bytes_unchanged),
        cmocka_unit_test(test_odd_key_escaped),
        cmocka_unit_test(test_no_params_ends_after_object),
        cmocka_unit_test(test_empty_type_and_object_are_dash),
        cmocka_unit_test(test_missing_user_and_session_are_dash),
        cmocka_unit_test(test_quote_and_newline_in_quoted_fields_escaped),
        cmocka_unit_test(test_newline_in_bare_field_escaped),
        cmocka_unit_test(test_date_is_local_time),
        cmocka_unit_test(test_day_zero_padded),
        cmocka_unit_test(test_id_has_pid_and_seq),
        cmocka_unit_test(test_full_buffer_fails_unchanged),
        cmocka_unit_test(test_append_off_without_log),
        cmocka_unit_test(test_append_writes_line_0600),
        cmocka_unit_test(test_append_appends),
        cmocka_unit_test(test_append_logusers_excludes),
        cmocka_unit_test(test_append_logusers_includes),
        cmocka_unit_test(test_append_logmodules_excludes),
        cmocka_unit_test(test_append_logmodules_includes),
        cmocka_unit_test(test_append_skips_readonly_user),
        cmocka_unit_test(test_append_webmin_log_overrides_path),
        cmocka_unit_test(test_append_unwritable_fails),
        cmocka_unit_test(test_append_logperms_applied),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
