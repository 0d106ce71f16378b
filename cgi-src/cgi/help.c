/* help.c — GET page=<name>: shows help/<name>.<lang>.html (or the English
 * help/<name>.html), Webmin's help format, inside our frame; works with
 * and without Webmin's help.cgi.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "html.h"
#include "input.h"

#define HELP_MAX_BYTES (256 * 1024)

static const struct field fields[] = {{"page", 0}};
static const struct page page = {
    .script = "help.cgi",
    .flags = PAGE_NO_DB,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

/* Reads a shipped help file into b; -1 if missing or too large. */
static int
read_help(struct buf *b, const char *path)
{
    char chunk[4096];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n;
    int rc = 0;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        if (buf_addn(b, chunk, (size_t)n) < 0) {
            rc = -1;
            break;
        }
    close(fd);
    return n < 0 ? -1 : rc;
}

static int
handle(struct app *a, struct err *e)
{
    const char *name;
    char path[1400];
    struct buf text;

    if (input_ident(a, "page", &name, e) < 0)
        return -1;
    buf_init(&text, HELP_MAX_BYTES);
    snprintf(path, sizeof path, "%s/help/%s.%s.html", a->module_dir, name,
             a->lang.code);
    if (read_help(&text, path) < 0) {
        buf_reset(&text);
        snprintf(path, sizeof path, "%s/help/%s.html", a->module_dir, name);
        if (read_help(&text, path) < 0) {
            buf_free(&text);
            return err_set(e, ERR_NOT_FOUND, "page", "err_no_help", name, NULL);
        }
    }
    app_page_begin(a, "help_title", NULL, "index.cgi");
    html_lit(&a->out, "<div class=\"uc-helptext\">");
    /* Reviewed raw output: help files ship with the module (trusted markup,
     * like lang/), never user data. Webmin's <header> becomes a heading. */
    const char *t = buf_cstr(&text);
    const char *h = strstr(t, "<header>"), *he = strstr(t, "</header>");
    if (h != NULL && he != NULL && he > h) {
        buf_addn(&a->out, t, (size_t)(h - t));
        html_lit(&a->out, "<h2>");
        buf_addn(&a->out, h + 8, (size_t)(he - h - 8));
        html_lit(&a->out, "</h2>");
        buf_add(&a->out, he + 9);
    } else {
        buf_add(&a->out, t);
    }
    html_lit(&a->out, "</div>");
    app_page_end(a, NULL);
    buf_free(&text);
    return 0;
}

int
main(void)
{
    return app_run(&page, handle);
}
