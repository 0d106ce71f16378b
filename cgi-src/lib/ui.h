/* ui.h — HTML widgets shared by the pages: type and state cells, selects,
 * form rows, and the paged servers table.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_UI_H
#define UC_UI_H

#include "app.h"
#include "store.h"

/* <span class="uc-type"><img ...>Label</span> for a server type. */
void ui_type_cell(struct app *a, const char *type);

/* A status pill: unknown, active, warning, inactive. */
void ui_state_badge(struct app *a, const char *state);

/* <select name=...> of server types, connection types or states; with_any
 * adds a first "any" option with the empty value. */
void ui_select_type(struct app *a, const char *name, const char *selected,
                    int with_any);
void ui_select_conn_type(struct app *a, const char *name, const char *selected);
void ui_select_state(struct app *a, const char *name, const char *selected);

/* <input type=hidden>. */
void ui_hidden(struct app *a, const char *name, const char *value);

/* A labelled text input row: label from lang "field_<name>", help link to
 * help page `name` when help is non-zero. */
void ui_input_row(struct app *a, const char *name, const char *value,
                  int required, int maxlength, int help);

/* A one-button POST form to action with up to two hidden fields; the button
 * text is a lang key; confirm_key (may be NULL) asks first. */
void ui_button_form(struct app *a, const char *action, const char *k1,
                    const char *v1, const char *k2, const char *v2,
                    const char *button_key, const char *confirm_key);

/* The servers table for query q (limit rows) with sortable headers, a
 * selection checkbox per row, each row's clusters, and First / Previous /
 * Next links that keep the filters. base is the page ("index.cgi") and
 * extra an already-encoded query prefix to keep ("name=prod&") or "".
 * Returns 0 or -1 with e set. */
int ui_server_table(struct app *a, const struct server_query *q,
                    const char *base, const char *extra, struct err *e);

/* As ui_server_table, rendered into *into (not a->out), and telling how
 * many rows it showed and whether it was the whole result: a first page
 * with no next page needs no separate count. */
struct ui_table_info {
    size_t rows;
    int complete; /* no cursor given and no further page */
};
int ui_server_table_into(struct app *a, struct buf *into,
                         const struct server_query *q, const char *base,
                         const char *extra, struct ui_table_info *info,
                         struct err *e);

/* Fills q from the request's q type status region cluster sort desc
 * after_key after_id before_key before_id limit (all optional, validated;
 * a bad value is ERR_INVALID naming the field). Strings are borrowed from
 * the request. Returns 0 or -1. */
int ui_query_parse(struct app *a, struct server_query *q, struct err *e);

/* The request fields ui_query_parse reads, for a page's field table. */
#define UI_QUERY_FIELDS                                                  \
    {"q", 0}, {"type", 0}, {"status", 0}, {"region", 0}, {"cluster", 0}, \
        {"sort", 0}, {"desc", 0}, {"after_key", 0}, {"after_id", 0},     \
        {"before_key", 0}, {"before_id", 0},                             \
    {                                                                    \
        "limit", 0                                                       \
    }

/* Redirects to page?key=value (value url-encoded). */
void ui_redirect(struct app *a, const char *page, const char *key,
                 const char *value);

/* A text input without a label; its placeholder is the lang text of
 * placeholder_key. */
void ui_text_input(struct app *a, const char *name, const char *value,
                   int maxlength, int required, const char *placeholder_key);

/* <button type=submit class="btn btn-<style>"> with the lang text of
 * label_key; style is "primary", "default" or "danger", optionally followed
 * by a size ("default btn-xs"). */
void ui_submit(struct app *a, const char *style, const char *label_key);

/* A form's last row: an empty label cell and a primary submit button. */
void ui_submit_row(struct app *a, const char *label_key);

/* Inline script: forms with data-uc-confirm ask before they submit. */
extern const char UI_CONFIRM_SCRIPT[];

/* Appends "key=value&" url-encoded to b when value is set. */
void ui_query_arg(struct buf *b, const char *key, const char *value);

#endif
