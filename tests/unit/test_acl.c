/* test_acl.c — webmin.acl module access, RPC-only users, get_module_acl merge.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "acl.h"
#include "testfs.h"

#define MOD "unlimited-cluster"

static char root[64];
static char conf[128]; /* $WEBMIN_CONFIG */
static char mdir[128]; /* module dir */

static int
setup(void **state)
{
    char path[256];
    (void)state;
    if (testfs_mkdtemp(root, sizeof root, "test_acl") < 0)
        return -1;
    snprintf(conf, sizeof conf, "%s/etc", root);
    snprintf(mdir, sizeof mdir, "%s/%s", root, MOD);
    snprintf(path, sizeof path, "%s/%s", conf, MOD);
    if (mkdir(conf, 0700) < 0 || mkdir(mdir, 0700) < 0 || mkdir(path, 0700))
        return -1;
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    return testfs_rmtree(root);
}

static int
allows(const char *text, const char *user, const char *module)
{
    return acl_webmin_line_allows(text, strlen(text), user, module);
}

/* ---- acl_webmin_line_allows ---- */

static void
test_line_lists_module(void **state)
{
    (void)state;
    assert_int_equal(
        allows("admin: system-status " MOD " proc\n", "admin", MOD), 1);
}

static void
test_line_star_allows_all(void **state)
{
    (void)state;
    assert_int_equal(allows("root: *\n", "root", MOD), 1);
}

static void
test_line_without_module_refused(void **state)
{
    (void)state;
    assert_int_equal(allows("limited: proc status\n", "limited", MOD), 0);
}

static void
test_user_without_line_refused(void **state)
{
    (void)state;
    assert_int_equal(allows("root: *\n", "admin", MOD), 0);
}

static void
test_user_prefix_does_not_match(void **state)
{
    (void)state;
    assert_int_equal(allows("admin2: *\nxadmin: *\n", "admin", MOD), 0);
}

static void
test_user_ends_exactly_at_colon(void **state)
{
    (void)state;
    assert_int_equal(allows("admin : *\n", "admin", MOD), 0);
}

static void
test_module_substring_does_not_match(void **state)
{
    (void)state;
    assert_int_equal(allows("admin: " MOD "-old x" MOD "\n", "admin", MOD), 0);
}

static void
test_tabs_and_crlf_separate_modules(void **state)
{
    (void)state;
    assert_int_equal(allows("admin:\tproc\t" MOD "\r\n", "admin", MOD), 1);
}

static void
test_module_as_last_word_without_newline(void **state)
{
    (void)state;
    assert_int_equal(allows("admin:proc " MOD, "admin", MOD), 1);
}

static void
test_lines_of_one_user_are_united(void **state)
{
    (void)state;
    assert_int_equal(allows("admin: proc\nadmin: " MOD "\n", "admin", MOD), 1);
}

static void
test_module_on_other_users_line_refused(void **state)
{
    (void)state;
    assert_int_equal(allows("admin: proc\nbob: " MOD "\n", "admin", MOD), 0);
}

static void
test_empty_user_never_matches(void **state)
{
    (void)state;
    assert_int_equal(allows(": *\n", "", MOD), 0);
}

/* ---- acl_check_access ---- */

static void
test_access_granted(void **state)
{
    struct err e;
    (void)state;
    testfs_put(conf, "webmin.acl", "root: *\nadmin: proc " MOD "\n");
    err_clear(&e);
    assert_int_equal(acl_check_access(conf, "admin", MOD, &e), 0);
    assert_int_equal(e.code, ERR_OK);
}

static void
test_access_denied_names_user(void **state)
{
    struct err e;
    (void)state;
    testfs_put(conf, "webmin.acl", "root: *\nlimited: proc\n");
    assert_int_equal(acl_check_access(conf, "limited", MOD, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_string_equal(e.key, "err_no_module_access");
    assert_string_equal(e.arg[0], "limited");
}

static void
test_access_missing_acl_file_denied(void **state)
{
    struct err e;
    char other[256];
    (void)state;
    snprintf(other, sizeof other, "%s/nowhere", root);
    assert_int_equal(acl_check_access(other, "root", MOD, &e), -1);
    assert_string_equal(e.key, "err_no_module_access");
}

static void
test_access_rpc_only_denied(void **state)
{
    struct err e;
    (void)state;
    testfs_put(conf, "webmin.acl", "rpcuser: *\n");
    testfs_put(conf, "rpcuser.acl", "rpc=3\n");
    assert_int_equal(acl_check_access(conf, "rpcuser", MOD, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_string_equal(e.key, "err_rpc_only");
    assert_string_equal(e.arg[0], "rpcuser");
}

static void
test_access_rpc_3_0_is_numeric_3(void **state)
{
    struct err e;
    (void)state;
    testfs_put(conf, "webmin.acl", "rpc2: *\n");
    testfs_put(conf, "rpc2.acl", "rpc=3.0\n");
    assert_int_equal(acl_check_access(conf, "rpc2", MOD, &e), -1);
    assert_string_equal(e.key, "err_rpc_only");
}

static void
test_access_rpc_2_allowed(void **state)
{
    struct err e;
    (void)state;
    testfs_put(conf, "webmin.acl", "rpcany: *\n");
    testfs_put(conf, "rpcany.acl", "rpc=2\nreadonly=0\n");
    assert_int_equal(acl_check_access(conf, "rpcany", MOD, &e), 0);
}

static void
test_access_unreadable_global_acl_denied(void **state)
{
    struct err e;
    char path[256];
    (void)state;
    testfs_put(conf, "webmin.acl", "weird: *\n");
    snprintf(path, sizeof path, "%s/weird.acl", conf);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(acl_check_access(conf, "weird", MOD, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
}

static void
test_access_user_with_slash_refused(void **state)
{
    struct err e;
    (void)state;
    testfs_put(conf, "webmin.acl", "a/b: *\n");
    assert_int_equal(acl_check_access(conf, "a/b", MOD, &e), -1);
    assert_string_equal(e.key, "err_no_module_access");
}

static void
test_access_user_leading_dot_refused(void **state)
{
    struct err e;
    (void)state;
    testfs_put(conf, "webmin.acl", ".x: *\n");
    assert_int_equal(acl_check_access(conf, ".x", MOD, &e), -1);
}

static void
test_access_user_control_char_refused(void **state)
{
    struct err e;
    (void)state;
    testfs_put(conf, "webmin.acl", "ad\tmin: *\n");
    assert_int_equal(acl_check_access(conf, "ad\tmin", MOD, &e), -1);
}

static void
test_access_empty_user_refused(void **state)
{
    struct err e;
    (void)state;
    testfs_put(conf, "webmin.acl", ": *\n");
    assert_int_equal(acl_check_access(conf, "", MOD, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
}

static void
test_access_null_user_refused(void **state)
{
    struct err e;
    (void)state;
    assert_int_equal(acl_check_access(conf, NULL, MOD, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
}

/* ---- acl_module_load / acl_global_load ---- */

static void
test_module_defaultacl_only(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    testfs_put(mdir, "defaultacl", "edit=1\nnoconfig=0\n");
    assert_int_equal(acl_module_load(&m, mdir, conf, MOD, "u1", "u1"), 0);
    assert_string_equal(cfgmap_get(&m, "edit"), "1");
    cfgmap_free(&m);
}

static void
test_module_user_acl_overrides_default(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    testfs_put(mdir, "defaultacl", "edit=1\nview=1\n");
    testfs_put(conf, MOD "/u2.acl", "edit=0\n");
    assert_int_equal(acl_module_load(&m, mdir, conf, MOD, "u2", NULL), 0);
    assert_string_equal(cfgmap_get(&m, "edit"), "0");
    assert_string_equal(cfgmap_get(&m, "view"), "1");
    cfgmap_free(&m);
}

static void
test_module_negativeacl_when_negative(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    testfs_put(mdir, "defaultacl", "edit=1\nview=1\n");
    testfs_put(mdir, "negativeacl", "edit=neg\nview=neg\n");
    testfs_put(conf, "u3.acl", "negative=1\n");
    testfs_put(conf, MOD "/u3.acl", "view=user\n");
    assert_int_equal(acl_module_load(&m, mdir, conf, MOD, "u3", "u3"), 0);
    assert_string_equal(cfgmap_get(&m, "edit"), "neg");
    assert_string_equal(cfgmap_get(&m, "view"), "user");
    cfgmap_free(&m);
}

static void
test_module_negativeacl_skipped_otherwise(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    testfs_put(mdir, "defaultacl", "edit=1\n");
    testfs_put(mdir, "negativeacl", "edit=neg\n");
    testfs_put(conf, "u4.acl", "negative=0\n");
    assert_int_equal(acl_module_load(&m, mdir, conf, MOD, "u4", "u4"), 0);
    assert_string_equal(cfgmap_get(&m, "edit"), "1");
    cfgmap_free(&m);
}

static void
test_module_remote_user_file_after_base(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    testfs_put(mdir, "defaultacl", "a=def\nb=def\n");
    testfs_put(conf, MOD "/base.acl", "a=base\nb=base\n");
    testfs_put(conf, MOD "/remote.acl", "b=remote\n");
    assert_int_equal(acl_module_load(&m, mdir, conf, MOD, "base", "remote"), 0);
    assert_string_equal(cfgmap_get(&m, "a"), "base");
    assert_string_equal(cfgmap_get(&m, "b"), "remote");
    cfgmap_free(&m);
}

static void
test_module_safe_applies_safeacl_and_noconfig(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    testfs_put(mdir, "defaultacl", "edit=1\nnoconfig=0\n");
    testfs_put(mdir, "safeacl", "edit=0\n");
    testfs_put(conf, MOD "/safe.acl", "_safe=1\nedit=1\n");
    assert_int_equal(acl_module_load(&m, mdir, conf, MOD, "safe", "safe"), 0);
    assert_string_equal(cfgmap_get(&m, "edit"), "0");
    assert_string_equal(cfgmap_get(&m, "noconfig"), "1");
    cfgmap_free(&m);
}

static void
test_module_missing_files_skipped(void **state)
{
    struct cfgmap m = {0};
    char empty[256];
    (void)state;
    snprintf(empty, sizeof empty, "%s/empty-mod", root);
    assert_int_equal(mkdir(empty, 0700), 0);
    assert_int_equal(acl_module_load(&m, empty, conf, MOD, "ghost", "ghost"),
                     0);
    assert_int_equal(m.n, 0);
    cfgmap_free(&m);
}

static void
test_module_unsafe_user_refused(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    assert_int_equal(acl_module_load(&m, mdir, conf, MOD, "../x", "../x"), -1);
    assert_int_equal(acl_module_load(&m, mdir, conf, MOD, "ok", "a/b"), -1);
    cfgmap_free(&m);
}

static void
test_module_unsafe_module_refused(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    assert_int_equal(acl_module_load(&m, mdir, conf, "..", "u1", "u1"), -1);
    cfgmap_free(&m);
}

static void
test_module_unreadable_user_acl_fails_closed(void **state)
{
    struct cfgmap m = {0};
    char path[256];
    (void)state;
    snprintf(path, sizeof path, "%s/%s/dir.acl", conf, MOD);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(acl_module_load(&m, mdir, conf, MOD, "dir", "dir"), -1);
    cfgmap_free(&m);
}

static void
test_global_missing_is_ok(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    assert_int_equal(acl_global_load(&m, conf, "nobody-here"), 0);
    assert_int_equal(m.n, 0);
    cfgmap_free(&m);
}

static void
test_global_reads_user_file(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    testfs_put(conf, "g1.acl", "rpc=1\nreadonly=1\n");
    assert_int_equal(acl_global_load(&m, conf, "g1"), 0);
    assert_string_equal(cfgmap_get(&m, "readonly"), "1");
    cfgmap_free(&m);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_lists_module),
        cmocka_unit_test(test_line_star_allows_all),
        cmocka_unit_test(test_line_without_module_refused),
        cmocka_unit_test(test_user_without_line_refused),
        cmocka_unit_test(test_user_prefix_does_not_match),
        cmocka_unit_test(test_user_ends_exactly_at_colon),
        cmocka_unit_test(test_module_substring_does_not_match),
        cmocka_unit_test(test_tabs_and_crlf_separate_modules),
        cmocka_unit_test(test_module_as_last_word_without_newline),
        cmocka_unit_test(test_lines_of_one_user_are_united),
        cmocka_unit_test(test_module_on_other_users_line_refused),
        cmocka_unit_test(test_empty_user_never_matches),
        cmocka_unit_test(test_access_granted),
        cmocka_unit_test(test_access_denied_names_user),
        cmocka_unit_test(test_access_missing_acl_file_denied),
        cmocka_unit_test(test_access_rpc_only_denied),
        cmocka_unit_test(test_access_rpc_3_0_is_numeric_3),
        cmocka_unit_test(test_access_rpc_2_allowed),
        cmocka_unit_test(test_access_unreadable_global_acl_denied),
        cmocka_unit_test(test_access_user_with_slash_refused),
        cmocka_unit_test(test_access_user_leading_dot_refused),
        cmocka_unit_test(test_access_user_control_char_refused),
        cmocka_unit_test(test_access_empty_user_refused),
        cmocka_unit_test(test_access_null_user_refused),
        cmocka_unit_test(test_module_defaultacl_only),
        cmocka_unit_test(test_module_user_acl_overrides_default),
        cmocka_unit_test(test_module_negativeacl_when_negative),
        cmocka_unit_test(test_module_negativeacl_skipped_otherwise),
        cmocka_unit_test(test_module_remote_user_file_after_base),
        cmocka_unit_test(test_module_safe_applies_safeacl_and_noconfig),
        cmocka_unit_test(test_module_missing_files_skipped),
        cmocka_unit_test(test_module_unsafe_user_refused),
        cmocka_unit_test(test_module_unsafe_module_refused),
        cmocka_unit_test(test_module_unreadable_user_acl_fails_closed),
        cmocka_unit_test(test_global_missing_is_ok),
        cmocka_unit_test(test_global_reads_user_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
