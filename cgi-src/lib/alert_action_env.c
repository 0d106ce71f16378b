/* alert_action_env.c — the environment a command or hook runs with: a
 * fixed PATH and the alert in UC_* variables (docs/alerts.md, "Actions").
 * Nothing of the caller's environment leaks in (a CGI's holds the
 * request), except HOME, LANG and TZ. Alert data is only ever a value
 * here, never part of a command line.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_action_int.h"

#define ENV_PATH             "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define DEPENDANTS_MAX_BYTES 16384

/* Appends "name=value\0", the value with control characters as spaces. */
static int
add(struct buf *b, size_t *offs, size_t *n, size_t max, const char *name,
    const char *value)
{
    size_t i;
    if (*n + 1 >= max)
        return -1;
    offs[(*n)++] = b->len;
    if (buf_add(b, name) != 0 || buf_addc(b, '=') != 0)
        return -1;
    for (i = 0; value && value[i]; i++) {
        unsigned char c = (unsigned char)value[i];
        if (buf_addc(b, (c < 0x20 || c == 0x7f) ? ' ' : (char)c) != 0)
            return -1;
    }
    return buf_addc(b, '\0');
}

static void
fmt_num(double v, char out[32])
{
    if (isfinite(v))
        snprintf(out, 32, "%.15g", v);
    else
        out[0] = '\0';
}

static void
fmt_int(long long v, char out[32])
{
    snprintf(out, 32, "%lld", v);
}

static const char *
str(const char *s)
{
    return s ? s : "";
}

int
aa_env_build(const struct alert_notice *n, const char *action,
             const char *target, const char *standby, int moved, struct buf *b,
             char **env, size_t envmax)
{
    size_t offs[AA_ENV_MAX], k = 0, i;
    size_t max = envmax < AA_ENV_MAX ? envmax : AA_ENV_MAX;
    char num[32], iso[21];
    struct buf deps;
    static const char *const KEEP[] = {"HOME", "LANG", "TZ"};
    int rc = -1;

    buf_init(&deps, DEPENDANTS_MAX_BYTES);
    for (i = 0; i < (size_t)(n->ndependants > 0 ? n->ndependants : 0); i++)
        if ((i && buf_addc(&deps, ' ') != 0) ||
            buf_add(&deps, str(n->dependants[i])) != 0)
            break; /* UC_DEPENDANTS_COUNT says how many there were */

#define ADD(name, value)                             \
    do {                                             \
        if (add(b, offs, &k, max, name, value) != 0) \
            goto out;                                \
    } while (0)
    ADD("PATH", ENV_PATH);
    for (i = 0; i < sizeof KEEP / sizeof KEEP[0]; i++) {
        const char *v = getenv(KEEP[i]);
        if (v)
            ADD(KEEP[i], v);
    }
    ADD("UC_EVENT", str(n->event));
    ADD("UC_ACTION", str(action));
    fmt_int(n->alert_id, num);
    ADD("UC_ALERT_ID", num);
    ADD("UC_RULE", str(n->rule));
    ADD("UC_METRIC", str(n->metric));
    ADD("UC_OP", str(n->op));
    fmt_num(n->threshold, num);
    ADD("UC_THRESHOLD", num);
    fmt_num(n->value, num);
    ADD("UC_VALUE", num);
    ADD("UC_SEVERITY", str(n->severity));
    ADD("UC_SERVER", str(n->server));
    ADD("UC_SERVER_NAME", str(n->server_name));
    ADD("UC_SERVER_IP", str(n->server_ip));
    ADD("UC_SERVER_TYPE", str(n->server_type));
    ADD("UC_REGION", str(n->region));
    ADD("UC_CLUSTER", str(n->cluster));
    ADD("UC_CAUSE", str(n->cause));
    ADD("UC_DEPENDANTS", buf_cstr(&deps));
    fmt_int(n->ndependants > 0 ? n->ndependants : 0, num);
    ADD("UC_DEPENDANTS_COUNT", num);
    fmt_int(n->started, num);
    ADD("UC_STARTED", num);
    fmt_int(n->at, num);
    ADD("UC_AT", num);
    aa_iso_time(n->at, iso);
    ADD("UC_TIME", iso);
    if (n->predicted > 0)
        fmt_int(n->predicted, num);
    else
        num[0] = '\0';
    ADD("UC_PREDICTED", num);
    ADD("UC_REASON", str(n->reason));
    ADD("UC_TARGET", str(target));
    ADD("UC_STANDBY", str(standby));
    if (moved >= 0)
        fmt_int(moved, num);
    else
        num[0] = '\0';
    ADD("UC_MOVED", num);
#undef ADD
    /* The buffer no longer moves: point into it. */
    for (i = 0; i < k; i++)
        env[i] = b->p + offs[i];
    env[k] = NULL;
    rc = 0;
out:
    buf_free(&deps);
    return rc;
}
