/* alert_json.h — rules, alerts, silences and alert-log rows as JSON, one
 * shape for the API and `clusterctl --json` (docs/api.md, "Alerts").
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ALERT_JSON_H
#define UC_ALERT_JSON_H

#include <jansson.h>

#include "store_alerts.h"
#include "store_rules.h"

/* Each returns a new reference, or NULL when out of memory. */
json_t *alert_json_rule(const struct rule *r);
json_t *alert_json_silence(const struct silence *s);
json_t *alert_json_log(const struct alert_log_row *l);
json_t *alert_json_counts(const struct alert_counts *c);

/* The alert with "dependants": the servers whose alerts it causes (read
 * from the store when a->dependants > 0). NULL with *e set on failure. */
json_t *alert_json_alert(struct store *st, const struct alert_row *a,
                         struct err *e);

/* A JSON body's member as the text rule_field_set takes: a string as is,
 * a number in full precision, true/false as 1/0, null as "". Other
 * kinds (and a number where a name is wanted) are ERR_INVALID naming the
 * key with "rule_err_want_<string|number|bool|duration>". */
int alert_json_rule_text(const char *key, json_t *v, char *out, size_t outlen,
                         struct err *e);

/* Applies every member of the JSON object body to *r (rule_field_set),
 * refusing keys that are not rule fields. 0, or -1 with *e set. */
int alert_json_rule_apply(struct rule *r, json_t *body, struct err *e);

#endif
