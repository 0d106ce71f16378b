/* store_rules.h — alert rules (schema version 5, table rules): the row as
 * a struct, its fields as text (forms, the CLI and the API all set them
 * the same way), validation, and list/get/create/update/delete.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_STORE_RULES_H
#define UC_STORE_RULES_H

#include <stddef.h>

#include "err.h"
#include "store.h"
#include "valid.h"

#define RULE_TARGET_MAX  1024
#define RULE_FOR_MAX     86400  /* for_s and hold_s, seconds */
#define RULE_PREDICT_MAX 604800 /* predict_s, seconds */

struct rule {
    long long id; /* rules.rid; 0 before it is stored */
    char name[VALID_ID_MAX + 1];
    char metric[16]; /* ALERT_METRIC_NAMES */
    char op[3];      /* > >= < <= */
    double threshold;
    int has_clear; /* clear_at set; else the threshold clears */
    double clear_at;
    long long for_s, hold_s, predict_s;
    char scope[8]; /* all type region cluster server */
    char scope_value[VALID_ID_MAX + 1];
    char severity[10]; /* info warning critical */
    char action[12];   /* ALERT_ACTION_NAMES */
    char target[RULE_TARGET_MAX + 1];
    int from_config;
    int enabled;
    long long created, updated;
};

/* The fields a form, the CLI or the API may set, in display order. */
extern const char *const RULE_FIELDS[];
extern const size_t RULE_FIELD_COUNT;

/* A new rule with the defaults of the schema: op ">", scope all,
 * severity warning, action record, enabled, no clear level. */
void rule_defaults(struct rule *r);

/* Sets one field of r from text: name metric op threshold clear_at
 * ("" = none) for_s hold_s predict_s scope scope_value severity action
 * target enabled ("1"/"0", "true"/"false", "yes"/"no"). Durations take
 * seconds or a number with s, m, h or d ("5m"). ERR_INVALID naming the
 * field with a rule_err_* key; an unknown key is "rule_err_unknown_field". */
int rule_field_set(struct rule *r, const char *key, const char *text,
                   struct err *e);

/* Seconds from "300", "30s", "5m", "2h" or "1d" into *out, 0..max;
 * else ERR_INVALID naming field with "rule_err_duration" ($1 = max). */
int rule_duration_parse(const char *field, const char *text, long long max,
                        long long *out, struct err *e);

/* The text of field key of r into out ("" for a missing clear_at). */
void rule_field_text(const struct rule *r, const char *key, char *out,
                     size_t outlen);

/* A shipped rule (from_config = 1) with the threshold (and clear level,
 * moved by as much) and duration Module Config sets, as the evaluator
 * uses them (store_alert_state.h); other rules are left alone. config
 * may be NULL. (rule_config.c) */
struct cfgmap;
void rule_effective(struct rule *r, const struct cfgmap *config);

/* Checks r as a whole against the store: every vocabulary, the clear
 * level on the clearing side of the threshold (at or below it for > and
 * >=, at or above for < and <=), the durations' ranges, a scope value
 * that names an existing server type, region, cluster or server (and is
 * empty for "all"), a target no longer than 1024 bytes without control
 * characters. A user limited to clusters may only write rules scoped to
 * one of their clusters or servers (ERR_FORBIDDEN "rule_err_scoped").
 * Canonicalises scope_value to the stored spelling. 0 or -1 with *e. */
int store_rule_check(struct store *st, struct rule *r, struct err *e);

/* Rules by name. cb as in store.h (non-zero stops and is returned). */
typedef int (*rule_cb)(void *ctx, const struct rule *r);
int store_rule_list(struct store *st, rule_cb cb, void *ctx, struct err *e);

/* Unknown name -> ERR_NOT_FOUND field "name" "rule_err_not_found". */
int store_rule_get(struct store *st, const char *name, struct rule *out,
                   struct err *e);

/* Checks (store_rule_check) and inserts r; sets r->id, created, updated.
 * Same name (ignoring case) -> ERR_CONFLICT "name" "rule_err_exists". */
int store_rule_create(struct store *st, struct rule *r, struct err *e);

/* Replaces every field of the rule called name with r's (r->name may
 * rename it), checked; from_config becomes 0 (an edited shipped rule no
 * longer follows Module Config). Unknown -> ERR_NOT_FOUND; a new name
 * taken -> ERR_CONFLICT. */
int store_rule_update(struct store *st, const char *name, struct rule *r,
                      struct err *e);

/* Deletes the rule with its alerts and silences. Unknown ->
 * ERR_NOT_FOUND. A limited user may delete only rules they could write. */
int store_rule_delete(struct store *st, const char *name, struct err *e);

#endif
