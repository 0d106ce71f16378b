/* firewall.c — GET id=ID [public=0|1] [format=ufw|nft] [download=0|1]: the
 * ufw script and the nftables file that open a server's ports only to the
 * servers connected to it (and 80/443 of a web or load balancer server to
 * everyone with public=1), both shown in the page (a long one in part), or
 * one downloaded as a file with download=1 (format ufw unless nft).
 * Read-only: the module never applies them to any host.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "firewall.h"
#include "html.h"
#include "input.h"
#include "store_page.h"
#include "types.h"
#include "ui.h"

/* Connected servers one set of rules covers (a download of that many is
 * about 8 MB, the response limit); a server with more is refused rather
 * than given rules that miss some. */
#define FW_PEERS_MAX 100000
/* Text of one script shown in the page; longer ones are cut there (the
 * download has it all). */
#define FW_SHOW_MAX (128 * 1024)

static const struct field fields[] = {
    {"id", 0}, {"format", 0}, {"public", 0}, {"download", 0}};
static const struct page page = {
    .script = "firewall.cgi",
    .flags = 0,
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
};

struct peer_row {
    char id[VALID_ID_MAX + 1];
    char ip[VALID_HOST_MAX + 1];
};

struct peers {
    const char *self;
    struct peer_row *v;
    size_t n, cap;
    size_t in_page; /* rows the current page gave */
    int oom;
};

static int
collect(void *ctx, const struct connection *c)
{
    struct peers *p = ctx;
    const char *other = strcmp(c->from, p->self) == 0 ? c->to : c->from;
    p->in_page++;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        struct peer_row *v = realloc(p->v, cap * sizeof *v);
        if (v == NULL) {
            p->oom = 1;
            return 1;
        }
        p->v = v;
        p->cap = cap;
    }
    snprintf(p->v[p->n].id, sizeof p->v[0].id, "%s", other);
    p->v[p->n++].ip[0] = '\0';
    return 0;
}

/* The connected servers (either direction) with their addresses, by the
 * other end's id, read a page at a time. */
static int
load_peers(struct app *a, const char *id, struct peers *p, struct err *e)
{
    char after[VALID_ID_MAX + 1] = "";
    p->self = id;
    for (;;) {
        p->in_page = 0;
        if (store_conn_page_server(a->st, id, after, STORE_PAGE_MAX, collect, p,
                                   e) < 0)
            return -1;
        if (p->oom)
            return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
        if (p->n > FW_PEERS_MAX) {
            char max[24];
            snprintf(max, sizeof max, "%d", FW_PEERS_MAX);
            return err_set(e, ERR_TOO_LARGE, "id", "fw_err_too_many", max,
                           NULL);
        }
        if (p->in_page < STORE_PAGE_MAX)
            break;
        snprintf(after, sizeof after, "%s", p->v[p->n - 1].id);
    }
    for (size_t i = 0; i < p->n; i++) {
        struct server s;
        if (store_server_get(a->st, p->v[i].id, &s, e) < 0)
            return -1;
        snprintf(p->v[i].ip, sizeof p->v[i].ip, "%s", s.ip);
    }
    return 0;
}

/* An optional 0/1 parameter; absent or "" is 0. */
static int
flag(struct app *a, const char *key, int *out, struct err *e)
{
    const char *v = app_param(a, key);
    if (v == NULL || v[0] == '\0' || strcmp(v, "0") == 0)
        *out = 0;
    else if (strcmp(v, "1") == 0)
        *out = 1;
    else
        return err_set(e, ERR_INVALID, key, "err_out_of_range", "0", "1");
    return 0;
}

static int
render(struct buf *b, enum fw_format f, const struct server *s,
       const struct peers *p, int public_web, struct err *e)
{
    struct fw_peer *list = calloc(p->n ? p->n : 1, sizeof *list);
    struct fw_options o = {.public_web = public_web};
    if (list == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    for (size_t i = 0; i < p->n; i++) {
        list[i].id = p->v[i].id;
        list[i].addr = p->v[i].ip;
    }
    int rc = fw_render(b, f, s, list, p->n, &o);
    free(list);
    if (rc < 0)
        return err_set(e, ERR_TOO_LARGE, "id", "fw_err_too_large", NULL, NULL);
    return 0;
}

static int
download(struct app *a, enum fw_format f, const struct server *s,
         const struct peers *p, int public_web, struct err *e)
{
    char name[128], disp[200];
    if (render(&a->out, f, s, p, public_web, e) < 0)
        return -1;
    fw_filename(name, sizeof name, f, s->id);
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
    a->content_type = "text/plain; charset=UTF-8";
    app_header(a, "Content-Disposition", disp);
    return 0;
}

/* One script: heading, download link, the text in <pre>. */
static int
section(struct app *a, enum fw_format f, const struct server *s,
        const struct peers *p, int public_web, struct err *e)
{
    struct buf *b = &a->out;
    struct buf text;
    buf_init(&text, APP_PAGE_MAX / 4);
    if (render(&text, f, s, p, public_web, e) < 0) {
        buf_free(&text);
        return -1;
    }
    html_lit(b, "<h2>");
    html_text(b, app_text(a, f == FW_UFW ? "fw_ufw" : "fw_nft"));
    html_lit(b, "</h2><p><a class=\"btn btn-default btn-sm\" "
                "href=\"firewall.cgi?id=");
    html_url_arg(b, s->id);
    if (f == FW_UFW)
        html_lit(b, "&amp;format=ufw");
    else
        html_lit(b, "&amp;format=nft");
    if (public_web)
        html_lit(b, "&amp;public=1");
    html_lit(b, "&amp;download=1\" download target=\"_blank\" "
                "rel=\"noopener\">");
    html_text(b,
              app_text(a, f == FW_UFW ? "fw_download_ufw" : "fw_download_nft"));
    html_lit(b, "</a></p><pre class=\"uc-script\">");
    size_t more = 0;
    if (text.len > FW_SHOW_MAX) {
        /* Cut at the end of a line; count the lines left out. */
        size_t cut = FW_SHOW_MAX;
        while (cut > 0 && text.p[cut - 1] != '\n')
            cut--;
        for (size_t i = cut; i < text.len; i++)
            more += text.p[i] == '\n';
        text.p[cut] = '\0';
    }
    html_text(b, text.p);
    html_lit(b, "</pre>");
    if (more > 0) {
        char n[24];
        snprintf(n, sizeof n, "%zu", more);
        html_lit(b, "<p class=\"uc-muted\">");
        lang_html(b, &a->lang, "fw_truncated", n, NULL);
        html_lit(b, "</p>");
    }
    buf_free(&text);
    return 0;
}

static int
show(struct app *a, const struct server *s, const struct peers *p,
     int public_web, struct err *e)
{
    struct buf *b = &a->out;
    struct buf back;
    const struct server_type *t = types_find(s->type);
    buf_init(&back, 256);
    buf_add(&back, "edit_server.cgi?id=");
    html_url_arg(&back, s->id);
    app_page_begin(a, "fw_title", "firewall", buf_cstr(&back));
    buf_free(&back);
    html_lit(b, "<p>");
    lang_html(b, &a->lang, "fw_intro", s->id,
              t != NULL ? app_text(a, t->label_key) : s->type);
    html_lit(b, "</p><p class=\"uc-muted\">");
    html_text(b, app_text(a, "fw_never_applied"));
    html_lit(b, "</p>");
    if (fw_public_allowed(s->type)) {
        html_lit(b, "<form class=\"uc-toolbar\" method=\"get\" "
                    "action=\"firewall.cgi\">");
        ui_hidden(a, "id", s->id);
        html_lit(b, "<label><input type=\"checkbox\" name=\"public\" "
                    "value=\"1\"");
        if (public_web)
            html_lit(b, " checked");
        html_lit(b, "> ");
        html_text(b, app_text(a, "fw_public"));
        html_lit(b, "</label> ");
        ui_submit(a, "default", "fw_show");
        html_lit(b, "</form>");
    } else if (public_web) {
        html_lit(b, "<p class=\"uc-muted\">");
        html_text(b, app_text(a, "fw_public_na"));
        html_lit(b, "</p>");
    }
    if (p->n == 0) {
        html_lit(b, "<p class=\"uc-muted\">");
        html_text(b, app_text(a, "fw_no_peers"));
        html_lit(b, "</p>");
    }
    if (section(a, FW_UFW, s, p, public_web, e) < 0 ||
        section(a, FW_NFT, s, p, public_web, e) < 0)
        return -1;
    app_page_end(a, NULL);
    return 0;
}

static int
handle(struct app *a, struct err *e)
{
    const char *id, *fmt = app_param(a, "format");
    enum fw_format f = FW_UFW;
    int public_web, want_file;
    struct server s;
    struct peers p = {0};
    int rc = -1;

    if (input_ident(a, "id", &id, e) < 0 ||
        flag(a, "public", &public_web, e) < 0 ||
        flag(a, "download", &want_file, e) < 0)
        return -1;
    if (fmt != NULL && fmt[0] != '\0' && fw_format_parse(fmt, &f) < 0)
        return err_set(e, ERR_INVALID, "format", "fw_err_format", NULL, NULL);
    if (store_server_get(a->st, id, &s, e) < 0 ||
        load_peers(a, s.id, &p, e) < 0)
        goto out;
    rc = want_file ? download(a, f, &s, &p, public_web, e)
                   : show(a, &s, &p, public_web, e);
out:
    free(p.v);
    return rc;
}

int
main(void)
{
    return app_run(&page, handle);
}
