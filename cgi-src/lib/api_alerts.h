/* api_alerts.h — the API's alerting handlers: rules (api_rules.c),
 * alerts and silences (api_alerts.c). The route table maps them.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_API_ALERTS_H
#define UC_API_ALERTS_H

#include "app.h"

int api_rules_list(struct app *a, const char *param, struct err *e);
int api_rules_create(struct app *a, const char *param, struct err *e);
int api_rule_get(struct app *a, const char *name, struct err *e);
int api_rule_put(struct app *a, const char *name, struct err *e);
int api_rule_patch(struct app *a, const char *name, struct err *e);
int api_rule_delete(struct app *a, const char *name, struct err *e);
int api_rule_test(struct app *a, const char *name, struct err *e);

int api_alerts_list(struct app *a, const char *param, struct err *e);
int api_alerts_history(struct app *a, const char *param, struct err *e);
int api_alert_ack(struct app *a, const char *id, struct err *e);
int api_silences_list(struct app *a, const char *param, struct err *e);
int api_silences_create(struct app *a, const char *param, struct err *e);
int api_silence_delete(struct app *a, const char *id, struct err *e);

#endif
