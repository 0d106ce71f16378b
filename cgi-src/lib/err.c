/* err.c — filling struct err and mapping codes to HTTP.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "err.h"

static void
copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

int
err_set(struct err *e, enum err_code code, const char *field, const char *key,
        const char *arg1, const char *arg2)
{
    if (e == NULL)
        return -1;
    e->code = code;
    copy(e->field, sizeof e->field, field);
    copy(e->key, sizeof e->key, key);
    copy(e->arg[0], sizeof e->arg[0], arg1);
    copy(e->arg[1], sizeof e->arg[1], arg2);
    return -1;
}

void
err_clear(struct err *e)
{
    memset(e, 0, sizeof *e);
}

static const struct {
    int status;
    const char *name;
    const char *reason;
} codes[ERR__MAX] = {
    [ERR_OK] = {200, "ok", "OK"},
    [ERR_INVALID] = {400, "invalid", "Bad Request"},
    [ERR_FORBIDDEN] = {403, "forbidden", "Forbidden"},
    [ERR_NOT_FOUND] = {404, "not_found", "Not Found"},
    [ERR_METHOD] = {405, "method_not_allowed", "Method Not Allowed"},
    [ERR_CONFLICT] = {409, "conflict", "Conflict"},
    [ERR_TOO_LARGE] = {413, "too_large", "Payload Too Large"},
    [ERR_MEDIA_TYPE] = {415, "unsupported_media_type",
                        "Unsupported Media Type"},
    [ERR_BUSY] = {503, "busy", "Service Unavailable"},
    [ERR_INTERNAL] = {500, "internal", "Internal Server Error"},
};

int
err_http_status(enum err_code code)
{
    if ((unsigned)code >= ERR__MAX)
        return 500;
    return codes[code].status;
}

const char *
err_http_reason(int status)
{
    static const struct {
        int status;
        const char *reason;
    } extra[] = {{201, "Created"},      {204, "No Content"},
                 {302, "Found"},        {303, "See Other"},
                 {304, "Not Modified"}, {429, "Too Many Requests"}};
    for (size_t i = 0; i < ERR__MAX; i++)
        if (codes[i].status == status)
            return codes[i].reason;
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (extra[i].status == status)
            return extra[i].reason;
    return "Unknown";
}

const char *
err_code_name(enum err_code code)
{
    if ((unsigned)code >= ERR__MAX)
        return "internal";
    return codes[code].name;
}
