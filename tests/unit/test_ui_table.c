/* test_ui_table.c — the pages' table pieces (cgi-src/lib/ui_table.c): a
 * server link escapes the id for the URL and for the text, headings come
 * from lang/ in the order given (an empty key an empty cell), and a table
 * opens with its class escaped and its body ready for rows. Runs from the
 * repository root (lang/en, lang/es).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "ui_table.h"

/* An app with the lang/ texts of code and an empty output buffer. */
static int
setup_lang(void **state, const char *code)
{
    static struct app a;
    memset(&a, 0, sizeof a);
    if (lang_load(&a.lang, ".", code) != 0)
        return -1;
    buf_init(&a.out, 1024);
    *state = &a;
    return 0;
}

static int
setup_en(void **state)
{
    return setup_lang(state, "en");
}

static int
setup_es(void **state)
{
    return setup_lang(state, "es");
}

static int
teardown(void **state)
{
    struct app *a = *state;
    buf_free(&a->out);
    lang_free(&a->lang);
    return 0;
}

static void
test_server_link_escapes_the_id(void **state)
{
    struct app *a = *state;
    ui_server_link(a, "web-1");
    assert_string_equal(buf_cstr(&a->out),
                        "<a href=\"edit_server.cgi?id=web-1\">web-1</a>");
    buf_reset(&a->out);
    ui_server_link(a, "a&b<\"x");
    assert_string_equal(buf_cstr(&a->out),
                        "<a href=\"edit_server.cgi?id=a%26b%3C%22x\">"
                        "a&amp;b&lt;&quot;x</a>");
}

static void
test_headings_in_order(void **state)
{
    struct app *a = *state;
    static const char *const keys[] = {"field_name", "", "field_type"};
    char want[256];
    snprintf(want, sizeof want, "<th>%s</th><th></th><th>%s</th>",
             lang_get(&a->lang, "field_name"),
             lang_get(&a->lang, "field_type"));
    ui_heading_cells(a, keys, 3);
    assert_string_equal(buf_cstr(&a->out), want);
    assert_string_not_equal(lang_get(&a->lang, "field_name"), "field_name");
}

static void
test_table_opens_with_its_headings(void **state)
{
    struct app *a = *state;
    static const char *const keys[] = {"field_name"};
    char want[512];
    snprintf(want, sizeof want,
             "<div class=\"table-responsive\"><table class=\"table "
             "table-condensed uc-x&quot;y\"><thead><tr><th>%s</th></tr>"
             "</thead><tbody>",
             lang_get(&a->lang, "field_name"));
    ui_table_open(a, "uc-x\"y", keys, 1);
    assert_string_equal(buf_cstr(&a->out), want);
}

static void
test_headings_follow_the_language(void **state)
{
    struct app *a = *state;
    static const char *const keys[] = {"field_name"};
    struct lang en;
    assert_int_equal(lang_load(&en, ".", "en"), 0);
    ui_heading_cells(a, keys, 1);
    /* Spanish text, not the English one and not the bare key */
    assert_null(strstr(buf_cstr(&a->out), lang_get(&en, "field_name")));
    assert_null(strstr(buf_cstr(&a->out), "field_name"));
    lang_free(&en);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_server_link_escapes_the_id,
                                        setup_en, teardown),
        cmocka_unit_test_setup_teardown(test_headings_in_order, setup_en,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_table_opens_with_its_headings,
                                        setup_en, teardown),
        cmocka_unit_test_setup_teardown(test_headings_follow_the_language,
                                        setup_es, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
