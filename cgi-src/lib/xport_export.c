/* xport_export.c — the estate as a native document (docs/format.md),
 * streamed: each server, connection and cluster is built as a small
 * jansson value, dumped and freed, so memory stays flat whatever the
 * estate's size. Only the fixed punctuation between entries ("[", ",\n",
 * "]") is written here; every key and value goes through jansson.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fossflow.h"
#include "snapshot.h"
#include "store_bulk.h"
#include "xport_int.h"

/* Progress every this many entries. */
#define STEP 4096

struct exporter {
    struct store *st;
    struct xport_out o; /* the writer, write_failed, oom */
    const struct xport_export_opts *opt;
    struct err *e; /* a store error met inside a callback */
    long long done, total;
    enum xport_phase phase;
    size_t entries; /* in the current list, for the separators */
    size_t members; /* in the current cluster */
};

#define out(x, s, n)   xport_out_raw(&(x)->o, (s), (n))
#define OUT_LIT(x, s)  out((x), "" s "", sizeof(s) - 1)
#define out_json(x, v) xport_out_json(&(x)->o, (v))

static json_t *
stamp(long long t)
{
    char s[XPORT_TIME_LEN + 1];
    xport_time_format(t, s, sizeof s);
    return json_string(s);
}

/* json_string, or json_null for "" (an empty optional value). */
static json_t *
string_or_null(const char *s)
{
    return s[0] ? json_stringn(s, strlen(s)) : json_null();
}

/* "80 443" -> [80, 443]; "" -> null (the type's own ports). */
static json_t *
port_list(const char *ports)
{
    json_t *a;
    if (ports[0] == '\0')
        return json_null();
    if ((a = json_array()) == NULL)
        return NULL;
    for (const char *p = ports; *p;) {
        long n = 0;
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        for (; *p >= '0' && *p <= '9'; p++)
            n = n * 10 + (*p - '0');
        if (json_array_append_new(a, json_integer(n)) < 0) {
            json_decref(a);
            return NULL;
        }
        while (*p && *p != ' ')
            p++; /* stored lists are canonical; skip anything else */
    }
    return a;
}

/* Starts an entry of the current list: "\n" before the first, ",\n"
 * before the others. */
static int
entry_start(struct exporter *x)
{
    int rc = x->entries == 0 ? OUT_LIT(x, "\n") : OUT_LIT(x, ",\n");
    x->entries++;
    if (++x->done % STEP == 0 && x->opt->progress != NULL)
        x->opt->progress(x->opt->progress_ctx, x->phase, x->done, x->total);
    return rc;
}

/* Opens list name ("servers") after the document's other members. */
static int
list_start(struct exporter *x, const char *name, enum xport_phase phase,
           long long total)
{
    x->entries = 0;
    x->done = 0;
    x->total = total;
    x->phase = phase;
    if (x->opt->progress != NULL)
        x->opt->progress(x->opt->progress_ctx, phase, 0, total);
    if (OUT_LIT(x, ",\n") < 0 || out_json(x, json_string(name)) < 0)
        return -1;
    return OUT_LIT(x, ":[");
}

static int
list_end(struct exporter *x)
{
    if (x->opt->progress != NULL)
        x->opt->progress(x->opt->progress_ctx, x->phase, x->done, x->total);
    return x->entries ? OUT_LIT(x, "\n]") : OUT_LIT(x, "]");
}

static json_t *
int_or_null(int v)
{
    return v < 0 ? json_null() : json_integer(v);
}

/* null when every setting is the module's default. */
static json_t *
probe_json(const struct probe_settings *p)
{
    struct probe_settings def;
    probe_settings_default(&def);
    if (xport_probe_equal(p, &def))
        return json_null();
    return json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:b}", "node_port",
        int_or_null(p->node_port), "http_port", int_or_null(p->http_port),
        "http_scheme", string_or_null(p->http_scheme), "http_path",
        string_or_null(p->http_path), "http_status",
        int_or_null(p->http_status), "maintenance", p->maintenance);
}

static int
one_server(void *ctx, const struct server *s, const struct probe_settings *p)
{
    struct exporter *x = ctx;
    json_t *pos = s->has_pos ? json_pack("{s:f, s:f}", "x", s->x, "y", s->y)
                             : json_null();
    json_t *v =
        pos == NULL
            ? NULL
            : json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o, "
                        "s:o, s:o, s:o}",
                        "id", s->id, "name", s->name, "type", s->type, "ip",
                        s->ip, "region", string_or_null(s->region), "ports",
                        port_list(s->ports), "status", s->status, "position",
                        pos, "probe", probe_json(p), "created",
                        stamp(s->created), "updated", stamp(s->updated));
    if (entry_start(x) < 0)
        return -1;
    return out_json(x, v);
}

static int
one_conn(void *ctx, const struct connection *c)
{
    struct exporter *x = ctx;
    json_t *v = json_pack("{s:s, s:s, s:s, s:o}", "from", c->from, "to", c->to,
                          "type", c->type, "created", stamp(c->created));
    if (entry_start(x) < 0)
        return -1;
    return out_json(x, v);
}

static int
one_member(void *ctx, const char *id)
{
    struct exporter *x = ctx;
    if (x->members++ > 0 && OUT_LIT(x, ",") < 0)
        return -1;
    return out_json(x, json_string(id));
}

/* {"name":..,"description":..,"created":..,"updated":..,"servers":[ids]}
 * with the members streamed: a cluster may hold the whole estate. */
static int
one_cluster(void *ctx, const struct cluster *c)
{
    struct exporter *x = ctx;
    json_t *head = json_pack("{s:s, s:s, s:o, s:o}", "name", c->name,
                             "description", c->description, "created",
                             stamp(c->created), "updated", stamp(c->updated));
    const char *k;
    json_t *val;
    int first = 1;

    if (head == NULL) {
        x->o.oom = 1;
        return -1;
    }
    if (entry_start(x) < 0 || OUT_LIT(x, "{") < 0) {
        json_decref(head);
        return -1;
    }
    json_object_foreach(head, k, val)
    {
        if ((!first && OUT_LIT(x, ",") < 0) ||
            out_json(x, json_string(k)) < 0 || OUT_LIT(x, ":") < 0 ||
            out_json(x, json_incref(val)) < 0) {
            json_decref(head);
            return -1;
        }
        first = 0;
    }
    json_decref(head);
    if (OUT_LIT(x, ",") < 0 || out_json(x, json_string("servers")) < 0 ||
        OUT_LIT(x, ":[") < 0)
        return -1;
    x->members = 0;
    if (store_bulk_each_member(x->st, c->name, one_member, x, x->e) != 0)
        return -1;
    return OUT_LIT(x, "]}");
}

static int
header(struct exporter *x, long long when)
{
    json_t *v = json_pack("{s:s, s:i, s:o}", "format", XPORT_FORMAT_NAME,
                          "version", XPORT_VERSION, "exported", stamp(when));
    const char *k;
    json_t *val;
    int first = 1, rc = 0;

    if (v == NULL) {
        x->o.oom = 1;
        return -1;
    }
    rc = OUT_LIT(x, "{");
    json_object_foreach(v, k, val)
    {
        if (rc == 0 && !first)
            rc = OUT_LIT(x, ",");
        if (rc == 0)
            rc = out_json(x, json_string(k));
        if (rc == 0)
            rc = OUT_LIT(x, ":");
        if (rc == 0)
            rc = out_json(x, json_incref(val));
        first = 0;
    }
    json_decref(v);
    return rc;
}

int
xport_export_as(struct store *st, const struct xport_export_opts *opts,
                xport_write_fn write, void *ctx, struct err *e)
{
    static const struct xport_export_opts defaults = {.format = XPORT_NATIVE};
    struct exporter x = {.st = st, .o = {.write = write, .ctx = ctx}, .e = e};
    struct store_totals t;

    x.opt = opts ? opts : &defaults;
    err_clear(e);
    if (x.opt->format == XPORT_FOSSFLOW) {
        struct fossflow_opts fo = {.icon_dir = x.opt->icon_dir,
                                   .layout = LAYOUT_AUTO};
        return fossflow_export_opts(st, &fo, x.opt->cluster, x.opt->region,
                                    write, ctx, e);
    }
    if (x.opt->format == XPORT_HTML && x.opt->module_dir != NULL) {
        struct snapshot_opts so = {.module_dir = x.opt->module_dir,
                                   .lang = x.opt->lang,
                                   .layout = x.opt->layout};
        return snapshot_html(st, &so, write, ctx, e);
    }
    if (x.opt->format != XPORT_NATIVE)
        return err_set(e, ERR_INVALID, "format", "xport_err_unsupported",
                       xport_format_name(x.opt->format), NULL);
    if (store_totals(st, &t, e) < 0)
        return -1;
    if (header(&x, x.opt->exported ? (long long)x.opt->exported
                                   : (long long)time(NULL)) < 0 ||
        list_start(&x, "servers", XPORT_PHASE_SERVERS, t.servers) < 0 ||
        store_bulk_each_server_probe(st, one_server, &x, e) != 0 ||
        list_end(&x) < 0 ||
        list_start(&x, "connections", XPORT_PHASE_CONNECTIONS, t.connections) <
            0 ||
        store_bulk_each_conn(st, one_conn, &x, e) != 0 || list_end(&x) < 0 ||
        list_start(&x, "clusters", XPORT_PHASE_CLUSTERS, t.clusters) < 0 ||
        store_cluster_list(st, one_cluster, &x, e) != 0 || list_end(&x) < 0 ||
        OUT_LIT(&x, "}\n") < 0)
        return xport_out_failed(&x.o, e);
    return 0;
}

int
xport_export(struct store *st, xport_write_fn write, void *ctx, struct err *e)
{
    return xport_export_as(st, NULL, write, ctx, e);
}
