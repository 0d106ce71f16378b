/* ui_table.h — pieces of the pages' tables: a responsive table's opening
 * with its headings, a row of heading cells, and the link to a server's
 * page. All text from lang/, all values escaped.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_UI_TABLE_H
#define UC_UI_TABLE_H

#include <stddef.h>

#include "app.h"

/* <a href="edit_server.cgi?id=ID">ID</a>. */
void ui_server_link(struct app *a, const char *id);

/* <th>text</th> for each of the n lang keys ("" makes an empty heading). */
void ui_heading_cells(struct app *a, const char *const *keys, size_t n);

/* <div class="table-responsive"><table class="table table-condensed cls">,
 * the headings of the n lang keys, and <tbody>; close with
 * "</tbody></table></div>". */
void ui_table_open(struct app *a, const char *cls, const char *const *keys,
                   size_t n);

#endif
