/* test_cfgfile.c — Webmin read_file semantics of cfgmap_parse/cfgmap_read.
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

#include "cfgfile.h"
#include "testfs.h"

static char tmpdir[64];

static int
setup_dir(void **state)
{
    (void)state;
    return testfs_mkdtemp(tmpdir, sizeof tmpdir, "test_cfgfile");
}

static int
teardown_dir(void **state)
{
    (void)state;
    return testfs_rmtree(tmpdir);
}

static void
write_file(const char *name, const char *data, size_t len, char *path,
           size_t size)
{
    snprintf(path, size, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void
parse(struct cfgmap *m, const char *text)
{
    assert_int_equal(cfgmap_parse(m, text, strlen(text)), 0);
}

static void
test_splits_at_first_equals(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "a=b=c\n");
    assert_string_equal(cfgmap_get(&m, "a"), "b=c");
    cfgmap_free(&m);
}

static void
test_skips_hash_lines(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "#a=1\n");
    assert_int_equal(m.n, 0);
    assert_null(cfgmap_get(&m, "#a"));
    cfgmap_free(&m);
}

static void
test_hash_not_first_is_part_of_key(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, " #a=1\n");
    assert_string_equal(cfgmap_get(&m, " #a"), "1");
    cfgmap_free(&m);
}

static void
test_ignores_lines_without_equals(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "junk\nk=v\n\n");
    assert_int_equal(m.n, 1);
    assert_string_equal(cfgmap_get(&m, "k"), "v");
    cfgmap_free(&m);
}

static void
test_strips_crlf(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "k=v\r\nx=y\r\n");
    assert_string_equal(cfgmap_get(&m, "k"), "v");
    assert_string_equal(cfgmap_get(&m, "x"), "y");
    cfgmap_free(&m);
}

static void
test_removes_every_cr_like_perl(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "k\r=a\rb\n");
    assert_string_equal(cfgmap_get(&m, "k"), "ab");
    cfgmap_free(&m);
}

static void
test_cr_before_hash_still_comment(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "\r#k=v\n");
    assert_int_equal(m.n, 0);
    cfgmap_free(&m);
}

static void
test_later_key_wins_in_place(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "a=1\nb=2\na=3\n");
    assert_int_equal(m.n, 2);
    assert_string_equal(m.v[0].key, "a");
    assert_string_equal(m.v[0].val, "3");
    assert_string_equal(m.v[1].key, "b");
    cfgmap_free(&m);
}

static void
test_keys_and_values_not_trimmed(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "a = b \n");
    assert_null(cfgmap_get(&m, "a"));
    assert_string_equal(cfgmap_get(&m, "a "), " b ");
    cfgmap_free(&m);
}

static void
test_empty_key_and_value(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "=v\nk=\n");
    assert_string_equal(cfgmap_get(&m, ""), "v");
    assert_string_equal(cfgmap_get(&m, "k"), "");
    cfgmap_free(&m);
}

static void
test_last_line_without_newline(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "a=1\nb=2");
    assert_string_equal(cfgmap_get(&m, "b"), "2");
    cfgmap_free(&m);
}

static void
test_line_with_nul_dropped(void **state)
{
    static const char text[] = "a=1\0x\nb=2\n";
    struct cfgmap m = {0};
    (void)state;
    assert_int_equal(cfgmap_parse(&m, text, sizeof text - 1), 0);
    assert_null(cfgmap_get(&m, "a"));
    assert_string_equal(cfgmap_get(&m, "b"), "2");
    cfgmap_free(&m);
}

static void
test_parse_merges_over_existing(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "a=1\nb=2\n");
    parse(&m, "b=3\nc=4\n");
    assert_int_equal(m.n, 3);
    assert_string_equal(cfgmap_get(&m, "a"), "1");
    assert_string_equal(cfgmap_get(&m, "b"), "3");
    assert_string_equal(m.v[1].key, "b");
    cfgmap_free(&m);
}

static void
test_many_keys_keep_order_and_override(void **state)
{
    struct cfgmap m = {0};
    char *text = malloc(200000);
    size_t len = 0;
    (void)state;
    assert_non_null(text);
    for (int i = 0; i < 5000; i++)
        len += (size_t)snprintf(text + len, 200000 - len, "k%d=%d\n", i, i);
    len += (size_t)snprintf(text + len, 200000 - len, "k42=last\n");
    assert_int_equal(cfgmap_parse(&m, text, len), 0);
    assert_int_equal(m.n, 5000);
    assert_string_equal(m.v[4999].key, "k4999");
    assert_string_equal(cfgmap_get(&m, "k42"), "last");
    assert_string_equal(cfgmap_get(&m, "k4321"), "4321");
    free(text);
    cfgmap_free(&m);
}

static void
test_get_or_default(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    parse(&m, "a=1\n");
    assert_string_equal(cfgmap_get_or(&m, "a", "d"), "1");
    assert_string_equal(cfgmap_get_or(&m, "z", "d"), "d");
    cfgmap_free(&m);
}

static void
test_set_copies_and_replaces(void **state)
{
    struct cfgmap m = {0};
    char key[] = "k";
    char val[] = "v1";
    (void)state;
    assert_int_equal(cfgmap_set(&m, key, val), 0);
    key[0] = 'x';
    val[0] = 'x';
    assert_string_equal(cfgmap_get(&m, "k"), "v1");
    assert_int_equal(cfgmap_set(&m, "k", "v2"), 0);
    assert_int_equal(m.n, 1);
    assert_string_equal(cfgmap_get(&m, "k"), "v2");
    cfgmap_free(&m);
}

static void
test_free_null_safe_and_reusable(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    cfgmap_free(NULL);
    parse(&m, "a=1\n");
    cfgmap_free(&m);
    assert_int_equal(m.n, 0);
    assert_null(m.v);
    parse(&m, "b=2\n");
    assert_string_equal(cfgmap_get(&m, "b"), "2");
    cfgmap_free(&m);
}

static void
test_read_file_merges(void **state)
{
    char path[256];
    struct cfgmap m = {0};
    (void)state;
    write_file("ok", "a=1\r\nb=2\n", 9, path, sizeof path);
    assert_int_equal(cfgmap_set(&m, "b", "0"), 0);
    assert_int_equal(cfgmap_read(&m, path), 0);
    assert_string_equal(cfgmap_get(&m, "a"), "1");
    assert_string_equal(cfgmap_get(&m, "b"), "2");
    cfgmap_free(&m);
}

static void
test_read_missing_fails_enoent_unchanged(void **state)
{
    char path[256];
    struct cfgmap m = {0};
    (void)state;
    snprintf(path, sizeof path, "%s/nope", tmpdir);
    assert_int_equal(cfgmap_set(&m, "a", "1"), 0);
    assert_int_equal(cfgmap_read(&m, path), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(m.n, 1);
    cfgmap_free(&m);
}

static void
test_read_over_cap_refused(void **state)
{
    char path[256];
    struct cfgmap m = {0};
    size_t len = CFGFILE_MAX_BYTES + 1;
    char *big = malloc(len);
    (void)state;
    assert_non_null(big);
    memset(big, '\n', len);
    memcpy(big, "a=1\n", 4);
    write_file("big", big, len, path, sizeof path);
    free(big);
    assert_int_equal(cfgmap_read(&m, path), -1);
    assert_int_equal(errno, EFBIG);
    assert_int_equal(m.n, 0);
    cfgmap_free(&m);
}

static void
test_read_exactly_cap_accepted(void **state)
{
    char path[256];
    struct cfgmap m = {0};
    size_t len = CFGFILE_MAX_BYTES;
    char *big = malloc(len);
    (void)state;
    assert_non_null(big);
    memset(big, '\n', len);
    memcpy(big, "a=1\n", 4);
    write_file("cap", big, len, path, sizeof path);
    free(big);
    assert_int_equal(cfgmap_read(&m, path), 0);
    assert_string_equal(cfgmap_get(&m, "a"), "1");
    cfgmap_free(&m);
}

static void
test_read_directory_refused(void **state)
{
    struct cfgmap m = {0};
    (void)state;
    assert_int_equal(cfgmap_read(&m, tmpdir), -1);
    assert_int_not_equal(errno, ENOENT);
    cfgmap_free(&m);
}

static void
test_read_all_returns_bytes(void **state)
{
    char path[256];
    size_t len = 0;
    (void)state;
    write_file("raw", "x\0y", 3, path, sizeof path);
    char *p = cfgfile_read_all(path, &len);
    assert_non_null(p);
    assert_int_equal(len, 3);
    assert_memory_equal(p, "x\0y", 4);
    free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_splits_at_first_equals),
        cmocka_unit_test(test_skips_hash_lines),
        cmocka_unit_test(test_hash_not_first_is_part_of_key),
        cmocka_unit_test(test_ignores_lines_without_equals),
        cmocka_unit_test(test_strips_crlf),
        cmocka_unit_test(test_removes_every_cr_like_perl),
        cmocka_unit_test(test_cr_before_hash_still_comment),
        cmocka_unit_test(test_later_key_wins_in_place),
        cmocka_unit_test(test_keys_and_values_not_trimmed),
        cmocka_unit_test(test_empty_key_and_value),
        cmocka_unit_test(test_last_line_without_newline),
        cmocka_unit_test(test_line_with_nul_dropped),
        cmocka_unit_test(test_parse_merges_over_existing),
        cmocka_unit_test(test_many_keys_keep_order_and_override),
        cmocka_unit_test(test_get_or_default),
        cmocka_unit_test(test_set_copies_and_replaces),
        cmocka_unit_test(test_free_null_safe_and_reusable),
        cmocka_unit_test(test_read_file_merges),
        cmocka_unit_test(test_read_missing_fails_enoent_unchanged),
        cmocka_unit_test(test_read_over_cap_refused),
        cmocka_unit_test(test_read_exactly_cap_accepted),
        cmocka_unit_test(test_read_directory_refused),
        cmocka_unit_test(test_read_all_returns_bytes),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
