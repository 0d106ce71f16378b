/* alert_action_conf.c — the actions' Module Config keys, with their
 * defaults and checks (docs/alerts.md, "Actions").
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "alert_action_int.h"
#include "valid.h"

void
alert_action_conf_default(struct alert_action_conf *c)
{
    char host[128] = "";
    memset(c, 0, sizeof *c);
    if (gethostname(host, sizeof host - 1) != 0 || !host[0] ||
        strpbrk(host, " <>,;:\"@\\") ||
        valid_has_control(host, strlen(host), 0))
        snprintf(host, sizeof host, "localhost");
    snprintf(c->mail_from, sizeof c->mail_from, "unlimited-cluster@%s", host);
    snprintf(c->sendmail, sizeof c->sendmail, "/usr/sbin/sendmail");
    c->webhook_retries = ALERT_ACTION_RETRIES_DEFAULT;
    c->timeout_s = ALERT_ACTION_TIMEOUT_DEFAULT;
    c->notify_interval_s = ALERT_ACTION_INTERVAL_DEFAULT;
    c->backoff_ms = 1000;
}

/* 1 when s starts with scheme (case-insensitively), e.g. "https://". */
static int
has_scheme(const char *s, const char *scheme)
{
    return strncasecmp(s, scheme, strlen(scheme)) == 0;
}

static int
is_http_url(const char *s)
{
    return (has_scheme(s, "http://") && s[7]) ||
           (has_scheme(s, "https://") && s[8]);
}

/* Copies key's value into out, or leaves the default when the key is
 * missing or empty. A value too long or holding a control character is
 * refused. 1 copied, 0 default kept, -1 bad. */
static int
get_str(const struct cfgmap *m, const char *key, char *out, size_t outlen,
        struct err *e)
{
    const char *v = cfgmap_get(m, key);
    size_t n;
    if (!v || !*v)
        return 0;
    n = strlen(v);
    if (n >= outlen)
        return err_set(e, ERR_INVALID, key, "action_err_conf_long", key, NULL);
    if (!valid_utf8(v, n) || valid_has_control(v, n, 0))
        return err_set(e, ERR_INVALID, key, "action_err_conf_control", key,
                       NULL);
    memcpy(out, v, n + 1);
    return 1;
}

static int
get_int(const struct cfgmap *m, const char *key, int lo, int hi, int *out,
        struct err *e)
{
    const char *v = cfgmap_get(m, key);
    long long n = 0;
    size_t i;
    char lo_s[24], hi_s[24];
    if (!v || !*v)
        return 0;
    for (i = 0; v[i]; i++) {
        if (v[i] < '0' || v[i] > '9' || i >= 9)
            goto bad;
        n = n * 10 + (v[i] - '0');
    }
    if (n < lo || n > hi)
        goto bad;
    *out = (int)n;
    return 1;
bad:
    snprintf(lo_s, sizeof lo_s, "%d", lo);
    snprintf(hi_s, sizeof hi_s, "%d", hi);
    return err_set(e, ERR_INVALID, key, "action_err_conf_range", lo_s, hi_s);
}

/* The checks of the string keys: 0 valid, -1 with *e set. */
static int
check_addr_list(const char *key, const char *v, struct err *e)
{
    char list[8][256];
    if (aa_addr_split(v, list, 8) < 0)
        return err_set(e, ERR_INVALID, key, "action_err_conf_address", key,
                       NULL);
    return 0;
}

static int
check_addr(const char *key, const char *v, struct err *e)
{
    if (!aa_addr_valid(v))
        return err_set(e, ERR_INVALID, key, "action_err_conf_address", key,
                       NULL);
    return 0;
}

static int
check_smtp(const char *key, const char *v, struct err *e)
{
    if (!has_scheme(v, "smtp://") && !has_scheme(v, "smtps://"))
        return err_set(e, ERR_INVALID, key, "action_err_conf_url", key, NULL);
    return 0;
}

static int
check_path(const char *key, const char *v, struct err *e)
{
    if (v[0] != '/' || strchr(v, ' '))
        return err_set(e, ERR_INVALID, key, "action_err_conf_path", key, NULL);
    return 0;
}

static int
check_http(const char *key, const char *v, struct err *e)
{
    if (!is_http_url(v) || strchr(v, ' '))
        return err_set(e, ERR_INVALID, key, "action_err_conf_url", key, NULL);
    return 0;
}

/* A hook is a URL or a command; a value naming another scheme ("ftp://x")
 * is refused rather than run as a command. */
static int
check_hook(const char *key, const char *v, struct err *e)
{
    if (is_http_url(v))
        return check_http(key, v, e);
    if (strstr(v, "://") && !strchr(v, ' '))
        return err_set(e, ERR_INVALID, key, "action_err_conf_url", key, NULL);
    return 0;
}

struct str_key {
    const char *key;
    size_t off, len;
    int (*check)(const char *key, const char *v, struct err *e);
};

#define STR_KEY(name, field, fn)                               \
    {                                                          \
        name, offsetof(struct alert_action_conf, field),       \
            sizeof(((struct alert_action_conf *)0)->field), fn \
    }

static const struct str_key STR_KEYS[] = {
    STR_KEY("notify_email", notify_email, check_addr_list),
    STR_KEY("mail_from", mail_from, check_addr),
    STR_KEY("smtp_url", smtp_url, check_smtp),
    STR_KEY("sendmail", sendmail, check_path),
    STR_KEY("webhook_url", webhook_url, check_http),
    STR_KEY("command", command, NULL),
    STR_KEY("scale_up_hook", scale_up_hook, check_hook),
    STR_KEY("scale_down_hook", scale_down_hook, check_hook),
    STR_KEY("failover_hook", failover_hook, check_hook),
};

/* Keeps the first error in *first; returns the running rc. */
static int
keep_first(int rc, int r1, const struct err *e1, struct err *first)
{
    if (r1 >= 0)
        return rc;
    if (rc == 0)
        *first = *e1;
    return -1;
}

int
alert_action_conf_load(struct alert_action_conf *c, const struct cfgmap *m,
                       struct err *e)
{
    struct alert_action_conf d;
    struct err e1;
    size_t i;
    int rc = 0, r1;

    err_clear(e);
    alert_action_conf_default(c);
    d = *c;
    /* Each key on its own: a bad one keeps its default, the first error is
     * reported. */
    for (i = 0; i < sizeof STR_KEYS / sizeof STR_KEYS[0]; i++) {
        const struct str_key *k = &STR_KEYS[i];
        char *field = (char *)c + k->off;
        err_clear(&e1);
        r1 = get_str(m, k->key, field, k->len, &e1);
        if (r1 == 1 && k->check && k->check(k->key, field, &e1) < 0)
            r1 = -1;
        if (r1 < 0)
            memcpy(field, (char *)&d + k->off, k->len);
        rc = keep_first(rc, r1, &e1, e);
    }
    err_clear(&e1);
    r1 = get_int(m, "webhook_retries", 0, ALERT_ACTION_RETRIES_MAX,
                 &c->webhook_retries, &e1);
    rc = keep_first(rc, r1, &e1, e);
    err_clear(&e1);
    r1 = get_int(m, "action_timeout", 1, ALERT_ACTION_TIMEOUT_MAX,
                 &c->timeout_s, &e1);
    rc = keep_first(rc, r1, &e1, e);
    err_clear(&e1);
    r1 = get_int(m, "notify_interval", 0, ALERT_ACTION_INTERVAL_MAX,
                 &c->notify_interval_s, &e1);
    rc = keep_first(rc, r1, &e1, e);
    return rc;
}
