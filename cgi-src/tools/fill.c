/* fill.c — fills a store with a realistic estate for the benchmark:
 * `fill DBPATH NSERVERS NCONNS` adds servers of all nine types over a few
 * regions, connections wired by role, and some clusters, through the store
 * API in one write transaction; prints one summary line.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "xorshift.h"

/* Server types by share of the estate (percent), in SERVER_TYPES order
 * with the id prefix each one gets. */
static const struct {
    const char *type, *prefix;
    unsigned pct;
} KINDS[] = {
    {"web", "web", 30},        {"database", "db", 12},
    {"dns", "dns", 5},         {"cache", "cache", 10},
    {"loadbalancer", "lb", 5}, {"filesystem", "fs", 10},
    {"monitoring", "mon", 5},  {"backup", "backup", 10},
    {"security", "sec", 13},
};
#define NKINDS (sizeof KINDS / sizeof KINDS[0])
enum { K_WEB = 0, K_DB = 1, K_CACHE = 3, K_LB = 4, K_MON = 6 };

static const char *const ENVS[] = {"prod",    "prod",    "prod",
                                   "staging", "staging", "dev"};
static const char *const REGIONS[] = {"us-east-1",      "us-west-2",
                                      "eu-west-1",      "eu-central-1",
                                      "ap-southeast-1", ""};
static const char *const STATES[] = {"active",  "active",   "active", "active",
                                     "warning", "inactive", "unknown"};

struct estate {
    size_t n;
    unsigned char *kind; /* per server: index into KINDS */
    size_t *by_kind[NKINDS];
    size_t nby[NKINDS];
};

static uint64_t rng = XORSHIFT_SEED; /* the same estate on every run */

static uint64_t
next_rand(void)
{
    return xorshift_next(&rng);
}

static size_t
pick(size_t n)
{
    return (size_t)(next_rand() % n);
}

static int
parse_count(const char *s, size_t *out)
{
    size_t n = 0;
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || n > 100000000)
            return -1;
        n = n * 10 + (size_t)(*s - '0');
    }
    *out = n;
    return 0;
}

static unsigned char
pick_kind(void)
{
    unsigned r = (unsigned)pick(100), acc = 0;
    for (unsigned char k = 0; k < NKINDS; k++) {
        acc += KINDS[k].pct;
        if (r < acc)
            return k;
    }
    return 0;
}

/* web-prod-00042: kind prefix, environment, number (1-based). */
static void
make_id(char *out, size_t len, const struct estate *es, size_t i)
{
    snprintf(out, len, "%s-%s-%05zu", KINDS[es->kind[i]].prefix,
             ENVS[i % (sizeof ENVS / sizeof ENVS[0])], i + 1);
}

static void
make_server(struct server *s, const struct estate *es, size_t i)
{
    memset(s, 0, sizeof *s);
    make_id(s->id, sizeof s->id, es, i);
    snprintf(s->name, sizeof s->name, "%s node %zu", KINDS[es->kind[i]].type,
             i + 1);
    snprintf(s->type, sizeof s->type, "%s", KINDS[es->kind[i]].type);
    snprintf(s->ip, sizeof s->ip, "10.%zu.%zu.%zu", (i >> 16) & 255,
             (i >> 8) & 255, i & 255);
    snprintf(s->region, sizeof s->region, "%s", REGIONS[pick(6)]);
    snprintf(s->status, sizeof s->status, "%s", STATES[pick(7)]);
    if (pick(5) == 0) {
        s->has_pos = 1;
        s->x = (double)(i % 100);
        s->y = (double)(i / 100);
    }
}

static int
add_servers(struct store *st, struct estate *es, struct err *e)
{
    struct server s;
    for (size_t k = 0; k < NKINDS; k++)
        if ((es->by_kind[k] = malloc(es->n * sizeof(size_t) + 1)) == NULL)
            return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    for (size_t i = 0; i < es->n; i++) {
        unsigned char k = pick_kind();
        es->kind[i] = k;
        es->by_kind[k][es->nby[k]++] = i;
        make_server(&s, es, i);
        if (store_server_add(st, &s, e) < 0)
            return -1;
    }
    return 0;
}

/* A random server of kind k, or any server when there is none. */
static size_t
any_of(const struct estate *es, size_t k)
{
    return es->nby[k] ? es->by_kind[k][pick(es->nby[k])] : pick(es->n);
}

/* One connection by role from a random server: load balancers to web, web
 * to databases and caches, monitoring to anything, the rest anywhere. */
static int
add_one_conn(struct store *st, const struct estate *es, struct err *e)
{
    char from[VALID_ID_MAX + 1], to[VALID_ID_MAX + 1];
    size_t a = pick(es->n), b;
    const char *type = "standard";

    switch (es->kind[a]) {
    case K_LB:
        b = any_of(es, K_WEB);
        type = "http";
        break;
    case K_WEB:
        b = any_of(es, pick(2) ? K_DB : K_CACHE);
        type = es->kind[b] == K_DB ? "database" : "cache";
        break;
    case K_MON:
        b = pick(es->n);
        type = "monitoring";
        break;
    default:
        b = pick(es->n);
        break;
    }
    make_id(from, sizeof from, es, a);
    make_id(to, sizeof to, es, b);
    return store_conn_add(st, from, to, type, e);
}

static int
add_conns(struct store *st, const struct estate *es, size_t want, size_t *made,
          struct err *e)
{
    *made = 0;
    for (size_t tries = 0; *made < want && tries < want * 4 + 100; tries++) {
        if (add_one_conn(st, es, e) == 0)
            (*made)++;
        else if (e->code != ERR_CONFLICT && e->code != ERR_INVALID)
            return -1;
    }
    return 0;
}

/* One cluster per 1000 servers (at least one), 20 neighbours each. */
static int
add_clusters(struct store *st, const struct estate *es, size_t *made,
             struct err *e)
{
    char ids[20][VALID_ID_MAX + 1], name[VALID_ID_MAX + 1], desc[64];
    const char *m[20];
    size_t nc = es->n / 1000 ? es->n / 1000 : 1;

    *made = 0;
    for (size_t c = 0; c < nc && es->n >= 20; c++) {
        size_t start = pick(es->n - 19);
        for (size_t j = 0; j < 20; j++) {
            make_id(ids[j], sizeof ids[j], es, start + j);
            m[j] = ids[j];
        }
        snprintf(name, sizeof name, "cluster-%s-%03zu", ENVS[c % 6], c + 1);
        snprintf(desc, sizeof desc, "Service group %zu", c + 1);
        if (store_cluster_create(st, name, desc, m, 20, e) < 0)
            return -1;
        (*made)++;
    }
    return 0;
}

static int
fill(struct store *st, struct estate *es, size_t nconns, struct err *e)
{
    size_t conns, clusters;
    if (store_begin(st, 1, e) < 0 || add_servers(st, es, e) < 0 ||
        add_conns(st, es, nconns, &conns, e) < 0 ||
        add_clusters(st, es, &clusters, e) < 0 || store_commit(st, e) < 0)
        return -1;
    printf("fill: %zu servers, %zu connections, %zu clusters\n", es->n, conns,
           clusters);
    return 0;
}

int
main(int argc, char **argv)
{
    struct estate es;
    struct store *st = NULL;
    struct err e;
    size_t nconns;
    int rc = 1;

    memset(&es, 0, sizeof es);
    err_clear(&e);
    if (argc != 4 || parse_count(argv[2], &es.n) < 0 ||
        parse_count(argv[3], &nconns) < 0 || es.n == 0) {
        fprintf(stderr, "usage: fill DBPATH NSERVERS NCONNS\n");
        return 2;
    }
    if ((es.kind = malloc(es.n)) == NULL)
        return 1;
    if (store_open(argv[1], &st, &e) == 0 && fill(st, &es, nconns, &e) == 0)
        rc = 0;
    else
        fprintf(stderr, "fill: failed: %s %s %s\n", err_code_name(e.code),
                e.key, e.arg[0]);
    store_close(st);
    for (size_t k = 0; k < NKINDS; k++)
        free(es.by_kind[k]);
    free(es.kind);
    return rc;
}
