/* xport_check.c — the checks of a native document's top-level members and
 * of each server, connection and cluster entry, with the pages' rules
 * (valid.h); a valid entry becomes a compact record, each problem an issue
 * with its path. References between entries are checked later
 * (xport_resolve.c), once every server is known.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json_alloc.h"
#include "types.h"
#include "valid.h"
#include "xport_int.h"

/* One entry being checked. */
struct entry {
    struct xport_imp *im;
    enum xport_sec sec;
    size_t i;
    json_t *v;
    int ok; /* no problem so far */
};

static void
problem(struct entry *c, const char *suffix, enum err_code code,
        const char *key, const char *a1, const char *a2)
{
    xport_issue_at(c->im, c->sec, c->i, suffix, code, key, a1, a2);
    c->ok = 0;
}

/* A problem with member field of the entry (path suffix ".field"). */
static void
problem_in(struct entry *c, const char *field, enum err_code code,
           const char *key, const char *a1, const char *a2)
{
    char suffix[48];
    snprintf(suffix, sizeof suffix, ".%s", field);
    problem(c, suffix, code, key, a1, a2);
}

/* Records e (from a valid_* call) at ".field". */
static void
invalid(struct entry *c, const char *field, const struct err *e)
{
    problem_in(c, field, e->code, e->key, e->arg[0][0] ? e->arg[0] : NULL,
               e->arg[1][0] ? e->arg[1] : NULL);
}

/* The JSON text of v as a printable argument (at most 32 bytes). */
static void
shown(const json_t *v, char *out, size_t outlen)
{
    char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    size_t n = 0;
    for (; t != NULL && t[n] != '\0' && n + 1 < outlen && n < 32; n++)
        out[n] = (t[n] >= 0x20 && t[n] < 0x7f) ? t[n] : '?';
    out[n] = '\0';
    json_text_free(t);
}

static const char *
arena_copy(struct entry *c, const char *s)
{
    char *p = xport_arena_strn(&c->im->arena, s, strlen(s));
    if (p == NULL) {
        c->im->oom = 1;
        c->ok = 0;
        return "";
    }
    return p;
}

/* Refuses members of the entry that are not in keys (NULL-terminated). */
static void
only_keys(struct entry *c, const json_t *obj, const char *prefix,
          const char *const *keys)
{
    const char *k;
    json_t *val;
    json_object_foreach((json_t *)obj, k, val)
    {
        int known = 0;
        for (size_t j = 0; keys[j] != NULL && !known; j++)
            known = strcmp(k, keys[j]) == 0;
        if (!known) {
            char suffix[80];
            xport_key_path(suffix, sizeof suffix, prefix, k);
            problem(c, suffix, ERR_INVALID, "xport_err_unknown_key", NULL,
                    NULL);
        }
    }
}

enum want { OPTIONAL, REQUIRED };

/* The string member key: 1 and *out set when it is a string; 0 when absent
 * or null (an issue when required); -1 when of another type (issue). */
static int
text(struct entry *c, const char *key, enum want want, const char **out)
{
    json_t *v = json_object_get(c->v, key);
    *out = "";
    if (v == NULL || json_is_null(v)) {
        if (want == REQUIRED)
            problem_in(c, key, ERR_INVALID, "err_required", NULL, NULL);
        return 0;
    }
    if (!json_is_string(v)) {
        problem_in(c, key, ERR_INVALID, "xport_err_not_string", NULL, NULL);
        return -1;
    }
    *out = json_string_value(v);
    return 1;
}

/* An optional time stamp: 1 with *t, 0 absent or null, -1 bad (issue). */
static int
stamp(struct entry *c, const char *key, long long *t)
{
    const char *s;
    int got = text(c, key, OPTIONAL, &s);
    if (got == 1 && xport_time_parse(s, t) < 0) {
        problem_in(c, key, ERR_INVALID, "xport_err_bad_time", NULL, NULL);
        return -1;
    }
    return got;
}

/* A required identifier member (server id, cluster name, ends). */
static const char *
ident(struct entry *c, const char *key)
{
    const char *s;
    struct err e;
    if (text(c, key, REQUIRED, &s) != 1)
        return NULL;
    if (valid_ident(key, s, &e) < 0) {
        invalid(c, key, &e);
        return NULL;
    }
    return s;
}

static size_t
index_of(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return 0;
}

/* ---- servers ---- */

static const char *const SERVER_KEYS[] = {
    "id",     "name",     "type",  "ip",      "region",  "ports",
    "status", "position", "probe", "created", "updated", NULL};

/* "ports": null or [] (the type's ports) or a list of port numbers. */
static void
ports(struct entry *c, struct xport_srv *s)
{
    json_t *list = json_object_get(c->v, "ports");
    char joined[VALID_PORTS_MAX * 8 + 8], canon[128];
    size_t used = 0, k;
    json_t *p;
    struct err e;

    if (list == NULL)
        return;
    s->flags |= SRV_PORTS;
    s->ports = "";
    if (json_is_null(list))
        return;
    if (!json_is_array(list)) {
        problem(c, ".ports", ERR_INVALID, "xport_err_not_array", NULL, NULL);
        return;
    }
    if (json_array_size(list) > VALID_PORTS_MAX) {
        char m[8];
        snprintf(m, sizeof m, "%d", VALID_PORTS_MAX);
        problem(c, ".ports", ERR_INVALID, "err_too_many_ports", m, NULL);
        return;
    }
    json_array_foreach(list, k, p)
    {
        json_int_t n = json_is_integer(p) ? json_integer_value(p) : 0;
        if (n < 1 || n > 65535) {
            char suffix[32], arg[40];
            snprintf(suffix, sizeof suffix, ".ports[%zu]", k);
            shown(p, arg, sizeof arg);
            problem(c, suffix, ERR_INVALID, "err_bad_port", arg, NULL);
            return;
        }
        used += (size_t)snprintf(joined + used, sizeof joined - used,
                                 used ? " %d" : "%d", (int)n);
    }
    joined[used] = '\0';
    /* Repeats, as the pages refuse them. */
    if (valid_ports("ports", joined, canon, sizeof canon, &e) < 0) {
        invalid(c, "ports", &e);
        return;
    }
    s->ports = arena_copy(c, canon);
}

/* "position": null or {"x": n, "y": n}. */
static void
position(struct entry *c, struct xport_srv *s)
{
    static const char *const POS_KEYS[] = {"x", "y", NULL};
    json_t *pos = json_object_get(c->v, "position");
    double *dst[2] = {&s->x, &s->y};
    const char *name[2] = {"x", "y"};

    if (pos == NULL)
        return;
    s->flags |= SRV_POS;
    if (json_is_null(pos))
        return;
    if (!json_is_object(pos)) {
        problem(c, ".position", ERR_INVALID, "xport_err_not_object", NULL,
                NULL);
        return;
    }
    only_keys(c, pos, ".position", POS_KEYS);
    for (int k = 0; k < 2; k++) {
        json_t *n = json_object_get(pos, name[k]);
        char suffix[24];
        snprintf(suffix, sizeof suffix, ".position.%s", name[k]);
        if (n == NULL) {
            problem(c, suffix, ERR_INVALID, "err_required", NULL, NULL);
            continue;
        }
        if (!json_is_number(n)) {
            problem(c, suffix, ERR_INVALID, "err_bad_number", NULL, NULL);
            continue;
        }
        double d = json_number_value(n);
        if (!isfinite(d) || d < -1e6 || d > 1e6) {
            problem(c, suffix, ERR_INVALID, "err_out_of_range", "-1000000",
                    "1000000");
            continue;
        }
        *dst[k] = d;
    }
    s->flags |= SRV_POS_SET;
}

/* A whole number or null (-1: the module's default) at ".probe.<key>". */
static void
probe_int(struct entry *c, const json_t *pr, const char *key, int *out)
{
    json_t *v = json_object_get(pr, key);
    char suffix[40];
    if (v == NULL || json_is_null(v))
        return;
    snprintf(suffix, sizeof suffix, ".probe.%s", key);
    if (!json_is_integer(v) || json_integer_value(v) < -1 ||
        json_integer_value(v) > 65535) {
        problem(c, suffix, ERR_INVALID, "err_bad_number", NULL, NULL);
        return;
    }
    *out = (int)json_integer_value(v);
}

/* Text or null ("": the module's default) at ".probe.<key>". */
static void
probe_text(struct entry *c, const json_t *pr, const char *key, char *out,
           size_t outlen)
{
    json_t *v = json_object_get(pr, key);
    char suffix[40];
    if (v == NULL || json_is_null(v))
        return;
    snprintf(suffix, sizeof suffix, ".probe.%s", key);
    if (!json_is_string(v)) {
        problem(c, suffix, ERR_INVALID, "xport_err_not_string", NULL, NULL);
        return;
    }
    if (json_string_length(v) >= outlen) {
        char n[24];
        snprintf(n, sizeof n, "%zu", outlen - 1);
        problem(c, suffix, ERR_INVALID, "err_too_long", n, NULL);
        return;
    }
    snprintf(out, outlen, "%s", json_string_value(v));
}

/* "probe": null (the module's defaults) or the monitoring settings of
 * store_probe.h, each member optional (null or absent: the default). */
static void
probe(struct entry *c, struct xport_srv *s)
{
    static const char *const PROBE_KEYS[] = {
        "node_port",   "http_port",   "http_scheme", "http_path",
        "http_status", "maintenance", NULL};
    json_t *pr = json_object_get(c->v, "probe");
    struct probe_settings p;
    struct err e;
    int ok = c->ok;

    if (pr == NULL)
        return;
    s->flags |= SRV_PROBE;
    if (json_is_null(pr))
        return;
    if (!json_is_object(pr)) {
        problem(c, ".probe", ERR_INVALID, "xport_err_not_object", NULL, NULL);
        return;
    }
    c->ok = 1;
    only_keys(c, pr, ".probe", PROBE_KEYS);
    probe_settings_default(&p);
    probe_int(c, pr, "node_port", &p.node_port);
    probe_int(c, pr, "http_port", &p.http_port);
    probe_int(c, pr, "http_status", &p.http_status);
    probe_text(c, pr, "http_scheme", p.http_scheme, sizeof p.http_scheme);
    probe_text(c, pr, "http_path", p.http_path, sizeof p.http_path);
    json_t *m = json_object_get(pr, "maintenance");
    if (m != NULL && !json_is_null(m) && !json_is_boolean(m))
        problem(c, ".probe.maintenance", ERR_INVALID, "xport_err_not_bool",
                NULL, NULL);
    p.maintenance = m != NULL && json_is_true(m);
    if (c->ok && probe_settings_valid(&p, &e) < 0) {
        char suffix[48];
        snprintf(suffix, sizeof suffix, ".probe.%s", e.field);
        problem(c, suffix, e.code, e.key, NULL, NULL);
    }
    if (c->ok) {
        struct probe_settings *keep =
            xport_arena_alloc(&c->im->arena, sizeof *keep);
        if (keep == NULL) {
            c->im->oom = 1;
            c->ok = 0;
        } else {
            *keep = p;
            s->probe = keep;
            s->flags |= SRV_PROBE_SET;
        }
    }
    c->ok &= ok;
}

static void
add_server(struct entry *c, const struct xport_srv *s)
{
    struct xport_imp *im = c->im;
    if (im->nsrv == im->capsrv) {
        size_t cap = im->capsrv ? im->capsrv * 2 : 1024;
        struct xport_srv *p = realloc(im->srv, cap * sizeof *p);
        if (p == NULL) {
            im->oom = 1;
            return;
        }
        im->srv = p;
        im->capsrv = cap;
    }
    im->srv[im->nsrv++] = *s;
}

static void
check_server(struct entry *c)
{
    struct xport_srv s;
    const char *id, *v;
    struct err e;

    memset(&s, 0, sizeof s);
    only_keys(c, c->v, "", SERVER_KEYS);
    id = ident(c, "id");
    s.id = s.canon = id ? arena_copy(c, id) : NULL;
    s.name = s.region = s.ports = "";
    if (text(c, "name", OPTIONAL, &v) == 1) {
        if (valid_name("name", v, &e) < 0)
            invalid(c, "name", &e);
        else
            s.name = arena_copy(c, v);
        s.flags |= SRV_NAME;
    }
    if (text(c, "type", REQUIRED, &v) == 1) {
        if (valid_server_type("type", v, &e) < 0)
            invalid(c, "type", &e);
        for (size_t k = 0; k < SERVER_TYPE_COUNT; k++)
            if (strcmp(SERVER_TYPES[k].name, v) == 0)
                s.type = (unsigned char)k;
    }
    if (text(c, "ip", REQUIRED, &v) == 1) {
        if (valid_host("ip", v, &e) < 0)
            invalid(c, "ip", &e);
        else
            s.ip = arena_copy(c, v);
    }
    if (json_object_get(c->v, "region") != NULL)
        s.flags |= SRV_REGION;
    if (text(c, "region", OPTIONAL, &v) == 1) {
        if (valid_region("region", v, &e) < 0)
            invalid(c, "region", &e);
        else
            s.region = arena_copy(c, v);
    }
    ports(c, &s);
    if (text(c, "status", OPTIONAL, &v) == 1) {
        if (valid_state("status", v, &e) < 0)
            invalid(c, "status", &e);
        s.status =
            (unsigned char)index_of(SERVER_STATES, SERVER_STATE_COUNT, v);
        s.flags |= SRV_STATUS;
    }
    position(c, &s);
    probe(c, &s);
    if (stamp(c, "created", &s.created) == 1)
        s.flags |= SRV_CREATED;
    if (stamp(c, "updated", &s.updated) == 1)
        s.flags |= SRV_UPDATED;
    if (s.id == NULL)
        return;
    /* Every valid id goes into the index, so that a reference to an
     * entry with another problem is not reported a second time. */
    struct xport_slot *old;
    int32_t rec = c->ok ? (int32_t)c->im->nsrv : -1;
    int added =
        xport_index_add(&c->im->ids, s.id, NULL, (int32_t)c->i, rec, &old);
    if (added < 0) {
        c->im->oom = 1;
    } else if (added == 1) {
        char first[XPORT_PATH_MAX];
        snprintf(first, sizeof first, "$.servers[%d]", (int)old->elem);
        problem(c, ".id", ERR_CONFLICT, "xport_err_dup_id", s.id, first);
    } else if (c->ok) {
        add_server(c, &s);
    }
}

/* ---- connections ---- */

static const char *const CONN_KEYS[] = {"from", "to", "type", "created", NULL};

static void
check_conn(struct entry *c)
{
    struct xport_conn k;
    const char *from, *to, *type = "standard";
    struct err e;

    memset(&k, 0, sizeof k);
    only_keys(c, c->v, "", CONN_KEYS);
    from = ident(c, "from");
    to = ident(c, "to");
    if (text(c, "type", OPTIONAL, &type) == 1 &&
        valid_conn_type("type", type, &e) < 0)
        invalid(c, "type", &e);
    if (type[0] == '\0')
        type = "standard";
    k.type = (unsigned char)index_of(CONN_TYPES, CONN_TYPE_COUNT, type);
    if (stamp(c, "created", &k.created) == 1)
        k.has_created = 1;
    if (from == NULL || to == NULL)
        return;
    if (strcasecmp(from, to) == 0) {
        problem(c, ".to", ERR_INVALID, "err_self_connection", NULL, NULL);
        return;
    }
    k.elem = (int32_t)c->i;
    k.from = arena_copy(c, from);
    k.to = arena_copy(c, to);
    /* A pair is one connection whatever its direction. */
    int swap = strcasecmp(k.from, k.to) > 0;
    struct xport_slot *old;
    int32_t rec = c->ok ? (int32_t)c->im->nconn : -1;
    int added = xport_index_add(&c->im->pairs, swap ? k.to : k.from,
                                swap ? k.from : k.to, (int32_t)c->i, rec, &old);
    if (added < 0) {
        c->im->oom = 1;
        return;
    }
    if (added == 1) {
        char first[XPORT_PATH_MAX];
        snprintf(first, sizeof first, "$.connections[%d]", (int)old->elem);
        problem(c, "", ERR_CONFLICT, "xport_err_dup_connection", first, NULL);
        return;
    }
    if (!c->ok)
        return;
    struct xport_imp *im = c->im;
    if (im->nconn == im->capconn) {
        size_t cap = im->capconn ? im->capconn * 2 : 1024;
        struct xport_conn *p = realloc(im->conn, cap * sizeof *p);
        if (p == NULL) {
            im->oom = 1;
            return;
        }
        im->conn = p;
        im->capconn = cap;
    }
    im->conn[im->nconn++] = k;
}

/* ---- clusters ---- */

static const char *const CLUSTER_KEYS[] = {"name",    "description", "servers",
                                           "created", "updated",     NULL};

static int
push_member(struct xport_imp *im, const char *id)
{
    if (im->nmem == im->capmem) {
        size_t cap = im->capmem ? im->capmem * 2 : 1024;
        const char **p = realloc(im->members, cap * sizeof *p);
        if (p == NULL) {
            im->oom = 1;
            return -1;
        }
        im->members = p;
        im->capmem = cap;
    }
    im->members[im->nmem++] = id;
    return 0;
}

/* "servers": a list of member ids, each once. */
static void
members(struct entry *c, struct xport_clu *k)
{
    json_t *list = json_object_get(c->v, "servers");
    struct xport_index seen;
    size_t j;
    json_t *m;

    k->first = c->im->nmem;
    if (list == NULL || json_is_null(list))
        return;
    if (!json_is_array(list)) {
        problem(c, ".servers", ERR_INVALID, "xport_err_not_array", NULL, NULL);
        return;
    }
    if (xport_index_init(&seen, json_array_size(list)) < 0) {
        c->im->oom = 1;
        return;
    }
    json_array_foreach(list, j, m)
    {
        char suffix[40];
        struct err e;
        struct xport_slot *old;
        snprintf(suffix, sizeof suffix, ".servers[%zu]", j);
        if (!json_is_string(m)) {
            problem(c, suffix, ERR_INVALID, "xport_err_not_string", NULL, NULL);
            continue;
        }
        if (valid_ident("servers", json_string_value(m), &e) < 0) {
            problem(c, suffix, e.code, e.key, e.arg[0][0] ? e.arg[0] : NULL,
                    NULL);
            continue;
        }
        const char *id = arena_copy(c, json_string_value(m));
        int added = xport_index_add(&seen, id, NULL, (int32_t)j, 0, &old);
        if (added == 1) {
            problem(c, suffix, ERR_CONFLICT, "xport_err_dup_member", id, NULL);
            continue;
        }
        if (added < 0 || push_member(c->im, id) < 0) {
            c->im->oom = 1;
            break;
        }
    }
    xport_index_free(&seen);
    k->n = c->im->nmem - k->first;
}

static void
check_cluster(struct entry *c)
{
    struct xport_clu k;
    const char *name, *v;
    struct err e;

    memset(&k, 0, sizeof k);
    k.elem = (int32_t)c->i;
    only_keys(c, c->v, "", CLUSTER_KEYS);
    name = ident(c, "name");
    k.description = "";
    if (json_object_get(c->v, "description") != NULL)
        k.flags |= CLU_DESC;
    if (text(c, "description", OPTIONAL, &v) == 1) {
        if (valid_text("description", v, &e) < 0)
            invalid(c, "description", &e);
        else
            k.description = arena_copy(c, v);
    }
    members(c, &k);
    if (stamp(c, "created", &k.created) == 1)
        k.flags |= CLU_CREATED;
    if (stamp(c, "updated", &k.updated) == 1)
        k.flags |= CLU_UPDATED;
    if (name != NULL) {
        struct xport_slot *old;
        k.name = k.canon = arena_copy(c, name);
        int32_t rec = c->ok ? (int32_t)c->im->nclu : -1;
        int added = xport_index_add(&c->im->names, k.name, NULL, (int32_t)c->i,
                                    rec, &old);
        if (added < 0) {
            c->im->oom = 1;
        } else if (added == 1) {
            char first[XPORT_PATH_MAX];
            snprintf(first, sizeof first, "$.clusters[%d]", (int)old->elem);
            problem(c, ".name", ERR_CONFLICT, "xport_err_dup_cluster", k.name,
                    first);
        }
    }
    struct xport_imp *im = c->im;
    if (!c->ok || name == NULL) {
        im->nmem = k.first; /* drop this entry's members */
        return;
    }
    if (im->nclu == im->capclu) {
        size_t cap = im->capclu ? im->capclu * 2 : 64;
        struct xport_clu *p = realloc(im->clu, cap * sizeof *p);
        if (p == NULL) {
            im->oom = 1;
            return;
        }
        im->clu = p;
        im->capclu = cap;
    }
    im->clu[im->nclu++] = k;
}

/* ---- entry points ---- */

void
xport_check_entry(struct xport_imp *im, enum xport_sec sec, size_t i,
                  json_t *value)
{
    struct entry c = {.im = im, .sec = sec, .i = i, .v = value, .ok = 1};

    im->seen[sec]++;
    if ((im->seen[sec] & 4095) == 0)
        xport_progress(im, XPORT_PHASE_VALIDATE,
                       im->seen[0] + im->seen[1] + im->seen[2], -1);
    if (!json_is_object(value)) {
        problem(&c, "", ERR_INVALID, "xport_err_not_object", NULL, NULL);
        return;
    }
    if (sec == SEC_SERVERS)
        check_server(&c);
    else if (sec == SEC_CONNECTIONS)
        check_conn(&c);
    else
        check_cluster(&c);
}

void
xport_check_top(struct xport_imp *im, const char *key, json_t *value)
{
    char path[XPORT_PATH_MAX], arg[40];
    struct err e;
    long long t;

    snprintf(path, sizeof path, "$.%s", key);
    err_clear(&e);
    if (strcmp(key, "format") == 0) {
        im->has_format = 1;
        if (!json_is_string(value) ||
            strcmp(json_string_value(value), XPORT_FORMAT_NAME) != 0) {
            shown(value, arg, sizeof arg);
            err_set(&e, ERR_INVALID, "", "xport_err_format", arg,
                    XPORT_FORMAT_NAME);
        }
    } else if (strcmp(key, "version") == 0) {
        im->has_version = 1;
        if (!json_is_integer(value) ||
            json_integer_value(value) != XPORT_VERSION) {
            shown(value, arg, sizeof arg);
            err_set(&e, ERR_INVALID, "", "xport_err_version", arg, "1");
        }
    } else if (strcmp(key, "exported") == 0) {
        if (!json_is_null(value) &&
            (!json_is_string(value) ||
             xport_time_parse(json_string_value(value), &t) < 0))
            err_set(&e, ERR_INVALID, "", "xport_err_bad_time", NULL, NULL);
    } else if (strcmp(key, "servers") == 0 || strcmp(key, "connections") == 0 ||
               strcmp(key, "clusters") == 0) {
        /* The walker hands a list over entry by entry: this is not one. */
        err_set(&e, ERR_INVALID, "", "xport_err_not_array", NULL, NULL);
    } else if (strcmp(key, "items") == 0 || strcmp(key, "views") == 0) {
        im->fossflow |= key[0] == 'i' ? 1 : 2; /* judged at the end */
    } else {
        xport_key_path(path, sizeof path, "$", key);
        if (im->nunknown < sizeof im->unknown / sizeof im->unknown[0])
            snprintf(im->unknown[im->nunknown++], sizeof im->unknown[0], "%s",
                     path);
        else
            err_set(&e, ERR_INVALID, "", "xport_err_unknown_key", NULL, NULL);
    }
    if (e.code != ERR_OK)
        xport_issue(im, path, &e);
}

void
xport_check_required(struct xport_imp *im)
{
    struct err e;

    if (!im->has_format && im->fossflow == 3) {
        /* A FossFLOW diagram: say so, not a list of unknown members. */
        err_set(&e, ERR_INVALID, "", "xport_err_unsupported", "fossflow", NULL);
        xport_issue(im, "$", &e);
        return;
    }
    err_set(&e, ERR_INVALID, "", "err_required", NULL, NULL);
    if (!im->has_format)
        xport_issue(im, "$.format", &e);
    if (!im->has_version)
        xport_issue(im, "$.version", &e);
    err_set(&e, ERR_INVALID, "", "xport_err_unknown_key", NULL, NULL);
    if (im->fossflow & 1)
        xport_issue(im, "$.items", &e);
    if (im->fossflow & 2)
        xport_issue(im, "$.views", &e);
    for (size_t i = 0; i < im->nunknown; i++)
        xport_issue(im, im->unknown[i], &e);
}
