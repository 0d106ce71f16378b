/* test_lang.c — language choice, lang/en + lang/<code> loading, $1/$2.
 * SPDX-License-Identifier: BSD-3-Clause */
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

#include "lang.h"
#include "testfs.h"

static char mdir[64];

static void
put_lang(const char *code, const char *text)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/lang", mdir);
    testfs_put(dir, code, text);
}

static int
setup(void **state)
{
    char path[128];
    (void)state;
    if (testfs_mkdtemp(mdir, sizeof mdir, "test_lang") < 0)
        return -1;
    snprintf(path, sizeof path, "%s/lang", mdir);
    if (mkdir(path, 0700) < 0)
        return -1;
    put_lang("en", "hello=Hello\nbye=Bye\n"
                   "greet=Hi <b>$1</b>, from $2!\n"
                   "dollars=$3 $x $ $1$1 cost$\n");
    put_lang("de", "hello=Hallo\n");
    put_lang("pt_br", "hello=Ola\n");
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    return testfs_rmtree(mdir);
}

/* lang_pick with a config given as text. */
static const char *
pick(const char *cfg, const char *user, const char *base, const char *al)
{
    static char code[16];
    struct cfgmap g = {0};
    assert_int_equal(cfgmap_parse(&g, cfg, strlen(cfg)), 0);
    lang_pick(code, &g, user, base, al);
    cfgmap_free(&g);
    return code;
}

static const char *
pick_in(const char *cfg, const char *al)
{
    static char code[16];
    struct cfgmap g = {0};
    assert_int_equal(cfgmap_parse(&g, cfg, strlen(cfg)), 0);
    lang_pick_in(code, &g, "u", "u", al, mdir);
    cfgmap_free(&g);
    return code;
}

static void
test_pick_default_en(void **state)
{
    (void)state;
    assert_string_equal(pick("", "u", "u", NULL), "en");
}

static void
test_pick_null_config_en(void **state)
{
    char code[16];
    (void)state;
    lang_pick(code, NULL, "u", "u", "de");
    assert_string_equal(code, "en");
}

static void
test_pick_global_lang(void **state)
{
    (void)state;
    assert_string_equal(pick("lang=fr\n", "u", "u", NULL), "fr");
}

static void
test_pick_user_lang_beats_global(void **state)
{
    (void)state;
    assert_string_equal(pick("lang=fr\nlang_u=de\n", "u", "u", NULL), "de");
}

static void
test_pick_base_user_lang(void **state)
{
    (void)state;
    assert_string_equal(pick("lang=fr\nlang_base=ja\n", "u", "base", NULL),
                        "ja");
}

static void
test_pick_user_beats_base_user(void **state)
{
    (void)state;
    assert_string_equal(pick("lang_base=ja\nlang_u=de\n", "u", "base", NULL),
                        "de");
}

static void
test_pick_accept_language_when_enabled(void **state)
{
    (void)state;
    assert_string_equal(pick("lang=fr\nacceptlang=1\n", "u", "u", "de"), "de");
}

static void
test_pick_accept_language_ignored_when_off(void **state)
{
    (void)state;
    assert_string_equal(pick("lang=fr\n", "u", "u", "de"), "fr");
}

static void
test_pick_user_lang_beats_accept_language(void **state)
{
    (void)state;
    assert_string_equal(pick("acceptlang=1\nlang_u=ja\n", "u", "u", "de"),
                        "ja");
}

static void
test_pick_accept_tag_normalised(void **state)
{
    (void)state;
    assert_string_equal(pick("acceptlang=1\n", "u", "u", " pt-BR;q=0.9, de"),
                        "pt_br");
}

static void
test_pick_accept_skips_star(void **state)
{
    (void)state;
    assert_string_equal(pick("acceptlang=1\n", "u", "u", "*, de"), "de");
}

static void
test_pick_in_skips_unsupported_tags(void **state)
{
    (void)state;
    assert_string_equal(pick_in("acceptlang=1\nlang=ja\n", "fr, de"), "de");
}

static void
test_pick_in_falls_back_to_primary_subtag(void **state)
{
    (void)state;
    assert_string_equal(pick_in("acceptlang=1\n", "de-AT,fr"), "de");
}

static void
test_pick_in_none_supported_uses_global(void **state)
{
    (void)state;
    assert_string_equal(pick_in("acceptlang=1\nlang=ja\n", "fr, it"), "ja");
}

static void
test_pick_invalid_codes_skipped(void **state)
{
    (void)state;
    assert_string_equal(
        pick("lang_u=../x\nlang_base=EN\nlang=de\n", "u", "base", NULL), "de");
    assert_string_equal(pick("lang=a1234567890123456\n", "u", "u", NULL), "en");
    assert_string_equal(pick("lang=..\n", "u", "u", NULL), "en");
}

static void
test_load_en(void **state)
{
    struct lang l;
    (void)state;
    assert_int_equal(lang_load(&l, mdir, "en"), 0);
    assert_string_equal(lang_get(&l, "hello"), "Hello");
    assert_string_equal(l.code, "en");
    lang_free(&l);
}

static void
test_load_overlay_overrides_keeps_rest(void **state)
{
    struct lang l;
    (void)state;
    assert_int_equal(lang_load(&l, mdir, "de"), 0);
    assert_string_equal(lang_get(&l, "hello"), "Hallo");
    assert_string_equal(lang_get(&l, "bye"), "Bye");
    assert_string_equal(l.code, "de");
    lang_free(&l);
}

static void
test_load_missing_overlay_is_en(void **state)
{
    struct lang l;
    (void)state;
    assert_int_equal(lang_load(&l, mdir, "fr"), 0);
    assert_string_equal(lang_get(&l, "hello"), "Hello");
    assert_string_equal(l.code, "en");
    lang_free(&l);
}

static void
test_load_invalid_code_is_en(void **state)
{
    struct lang l;
    (void)state;
    assert_int_equal(lang_load(&l, mdir, "../lang/de"), 0);
    assert_string_equal(lang_get(&l, "hello"), "Hello");
    lang_free(&l);
}

static void
test_load_without_en_fails(void **state)
{
    struct lang l;
    char other[128];
    (void)state;
    snprintf(other, sizeof other, "%s/lang", mdir); /* has no lang/ below */
    assert_int_equal(lang_load(&l, other, "en"), -1);
    lang_free(&l);
}

static void
test_get_missing_key_returns_key(void **state)
{
    struct lang l;
    (void)state;
    assert_int_equal(lang_load(&l, mdir, "en"), 0);
    assert_string_equal(lang_get(&l, "no_such_key"), "no_such_key");
    lang_free(&l);
}

/* Renders key with lang_html or lang_plain into a static string. */
static const char *
render(int html, const char *key, const char *a1, const char *a2)
{
    static char out[512];
    struct lang l;
    struct buf b;
    assert_int_equal(lang_load(&l, mdir, "en"), 0);
    buf_init(&b, 4096);
    if (html)
        assert_int_equal(lang_html(&b, &l, key, a1, a2), 0);
    else
        assert_int_equal(lang_plain(&b, &l, key, a1, a2), 0);
    snprintf(out, sizeof out, "%s", buf_cstr(&b));
    buf_free(&b);
    lang_free(&l);
    return out;
}

static void
test_html_escapes_args_not_text(void **state)
{
    (void)state;
    assert_string_equal(render(1, "greet", "<i>&", "'x\""),
                        "Hi <b>&lt;i&gt;&amp;</b>, from &#39;x&quot;!");
}

static void
test_plain_does_not_escape(void **state)
{
    (void)state;
    assert_string_equal(render(0, "greet", "<i>", "&"),
                        "Hi <b><i></b>, from &!");
}

static void
test_other_dollars_literal(void **state)
{
    (void)state;
    assert_string_equal(render(0, "dollars", "A", "B"), "$3 $x $ AA cost$");
}

static void
test_null_args_empty(void **state)
{
    (void)state;
    assert_string_equal(render(0, "greet", NULL, NULL), "Hi <b></b>, from !");
}

static void
test_args_not_rescanned(void **state)
{
    (void)state;
    assert_string_equal(render(0, "greet", "$2", "x"), "Hi <b>$2</b>, from x!");
}

static void
test_html_missing_key_escaped(void **state)
{
    (void)state;
    assert_string_equal(render(1, "<k>", "a", "b"), "&lt;k&gt;");
}

static void
test_html_full_buffer_unchanged(void **state)
{
    struct lang l;
    struct buf b;
    (void)state;
    assert_int_equal(lang_load(&l, mdir, "en"), 0);
    buf_init(&b, 10);
    assert_int_equal(buf_add(&b, "ab"), 0);
    assert_int_equal(lang_html(&b, &l, "greet", "123456789", "x"), -1);
    assert_string_equal(buf_cstr(&b), "ab");
    buf_free(&b);
    lang_free(&l);
}

static void
test_free_null_safe(void **state)
{
    (void)state;
    lang_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pick_default_en),
        cmocka_unit_test(test_pick_null_config_en),
        cmocka_unit_test(test_pick_global_lang),
        cmocka_unit_test(test_pick_user_lang_beats_global),
        cmocka_unit_test(test_pick_base_user_lang),
        cmocka_unit_test(test_pick_user_beats_base_user),
        cmocka_unit_test(test_pick_accept_language_when_enabled),
        cmocka_unit_test(test_pick_accept_language_ignored_when_off),
        cmocka_unit_test(test_pick_user_lang_beats_accept_language),
        cmocka_unit_test(test_pick_accept_tag_normalised),
        cmocka_unit_test(test_pick_accept_skips_star),
        cmocka_unit_test(test_pick_in_skips_unsupported_tags),
        cmocka_unit_test(test_pick_in_falls_back_to_primary_subtag),
        cmocka_unit_test(test_pick_in_none_supported_uses_global),
        cmocka_unit_test(test_pick_invalid_codes_skipped),
        cmocka_unit_test(test_load_en),
        cmocka_unit_test(test_load_overlay_overrides_keeps_rest),
        cmocka_unit_test(test_load_missing_overlay_is_en),
        cmocka_unit_test(test_load_invalid_code_is_en),
        cmocka_unit_test(test_load_without_en_fails),
        cmocka_unit_test(test_get_missing_key_returns_key),
        cmocka_unit_test(test_html_escapes_args_not_text),
        cmocka_unit_test(test_plain_does_not_escape),
        cmocka_unit_test(test_other_dollars_literal),
        cmocka_unit_test(test_null_args_empty),
        cmocka_unit_test(test_args_not_rescanned),
        cmocka_unit_test(test_html_missing_key_escaped),
        cmocka_unit_test(test_html_full_buffer_unchanged),
        cmocka_unit_test(test_free_null_safe),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
