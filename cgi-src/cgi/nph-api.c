/* nph-api.c — the REST API: JSON in and out on PATH_INFO routes, with real
 * HTTP status codes (an nph- script writes its own status line, which both
 * miniserv and lighttpd pass on). See docs/api.md.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "api.h"

static const struct field fields[] = {API_QUERY_FIELDS};

int
main(void)
{
    struct req_env env;
    req_env_load(&env);
    /* Each route has its own body limit, known before the body is read. */
    const struct page page = {
        .script = "nph-api.cgi",
        .flags = PAGE_API,
        .fields = fields,
        .nfields = sizeof fields / sizeof fields[0],
        .body_max = api_body_max(env.path_info),
    };
    return app_run(&page, api_dispatch);
}
