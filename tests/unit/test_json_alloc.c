/* test_json_alloc.c — jansson on the small-block allocator: values of every
 * size class and past it are made, dumped, freed and made again (blocks
 * come back from the free lists), and json_dumps text is freed with
 * json_text_free. Under ASan the allocator stays off; the same checks run
 * on malloc.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "json_alloc.h"

static json_t *
make(int n)
{
    json_t *o = json_object();
    char key[32], text[600];
    for (int i = 0; i < n; i++) {
        size_t len = (size_t)(i * 37) % sizeof text;
        memset(text, 'a' + i % 26, len);
        text[len] = '\0';
        snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(json_object_set_new(o, key, json_string(text)), 0);
    }
    return o;
}

static void
test_values_survive_reuse(void **state)
{
    (void)state;
    char *first = NULL;
    for (int round = 0; round < 3; round++) {
        json_t *o = make(200);
        char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        assert_non_null(text);
        if (first == NULL)
            first = strdup(text);
        else
            assert_string_equal(text, first); /* reused blocks, same values */
        json_t *back = json_loads(text, 0, NULL);
        assert_true(json_equal(back, o));
        json_decref(back);
        json_text_free(text);
        json_decref(o);
    }
    free(first);
}

int
main(void)
{
    json_alloc_small();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_survive_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
