/* api_metrics.c — GET /metrics: runs every collector into one text body
 * (Content-Type text/plain; version=0.0.4), and the writing helpers.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "api_handlers.h"
#include "api_health.h"
#include "api_metrics.h"

/* Collectors, in output order; a new one is one more line here. */
static const api_metrics_fn COLLECTORS[] = {
    api_metrics_inventory,
    api_metrics_health,
    api_metrics_daemon,
};

/* Appends s with \ and newline escaped, and " too when quotes is set. */
static int
escaped(struct buf *b, const char *s, int quotes)
{
    int rc = 0;
    for (; *s && rc == 0; s++) {
        if (*s == '\\')
            rc = buf_add(b, "\\\\");
        else if (*s == '\n')
            rc = buf_add(b, "\\n");
        else if (*s == '"' && quotes)
            rc = buf_add(b, "\\\"");
        else
            rc = buf_addc(b, *s);
    }
    return rc;
}

int
api_metric_family(struct buf *b, const char *name, const char *type,
                  const char *help)
{
    int rc = buf_addf(b, "# HELP " API_METRICS_PREFIX "%s ", name);
    rc |= escaped(b, help, 0);
    rc |= buf_addf(b, "\n# TYPE " API_METRICS_PREFIX "%s %s\n", name, type);
    return rc;
}

int
api_metric_sample(struct buf *b, const char *name, const char *label,
                  const char *label_value, long long n)
{
    int rc = buf_addf(b, API_METRICS_PREFIX "%s", name);
    if (label != NULL) {
        rc |= buf_addf(b, "{%s=\"", label);
        rc |= escaped(b, label_value, 1);
        rc |= buf_add(b, "\"}");
    }
    return rc | buf_addf(b, " %lld\n", n);
}

int
api_metrics_get(struct app *a, const char *param, struct err *e)
{
    (void)param;
    buf_reset(&a->out);
    for (size_t i = 0; i < sizeof COLLECTORS / sizeof COLLECTORS[0]; i++)
        if (COLLECTORS[i](a, &a->out, e) < 0)
            return -1;
    a->content_type = "text/plain; version=0.0.4; charset=utf-8";
    return 0;
}
