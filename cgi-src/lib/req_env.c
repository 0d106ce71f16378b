/* req_env.c — the CGI side of a request: the environment (the library's
 * only getenv() calls) and the body on standard input.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "req.h"

#define READ_CHUNK ((size_t)1 << 20) /* largest single read() */

/* req_env_load: fills every member of env from getenv() (NULL when unset);
 * nothing is copied, the strings stay owned by environ. */
void
req_env_load(struct req_env *env)
{
    memset(env, 0, sizeof *env);
    env->method = getenv("REQUEST_METHOD");
    env->query = getenv("QUERY_STRING");
    env->content_type = getenv("CONTENT_TYPE");
    env->content_length = getenv("CONTENT_LENGTH");
    env->script_name = getenv("SCRIPT_NAME");
    env->script_filename = getenv("SCRIPT_FILENAME");
    env->path_info = getenv("PATH_INFO");
    env->request_uri = getenv("REQUEST_URI");
    env->remote_user = getenv("REMOTE_USER");
    env->base_remote_user = getenv("BASE_REMOTE_USER");
    env->session_id = getenv("SESSION_ID");
    env->remote_host = getenv("REMOTE_HOST");
    env->remote_addr = getenv("REMOTE_ADDR");
    env->http_host = getenv("HTTP_HOST");
    env->referer = getenv("HTTP_REFERER");
    env->origin = getenv("HTTP_ORIGIN");
    env->user_agent = getenv("HTTP_USER_AGENT");
    env->accept_language = getenv("HTTP_ACCEPT_LANGUAGE");
    env->x_pjax = getenv("HTTP_X_PJAX");
    env->x_requested_with = getenv("HTTP_X_REQUESTED_WITH");
    env->https = getenv("HTTPS");
    env->disable_referers_check = getenv("DISABLE_REFERERS_CHECK");
    env->webmin_config = getenv("WEBMIN_CONFIG");
    env->webmin_var = getenv("WEBMIN_VAR");
    env->server_software = getenv("SERVER_SOFTWARE");
    env->server_protocol = getenv("SERVER_PROTOCOL");
    env->accept_encoding = getenv("HTTP_ACCEPT_ENCODING");
}

/* req_read_body: see req.h. CONTENT_LENGTH unset, "" or zero means no
 * body. Keys: err_bad_length (not digits only), err_body_too_large (max),
 * err_short_body (end of input or a read error before CONTENT_LENGTH
 * bytes), ERR_INTERNAL err_internal on OOM. */
int
req_read_body(const struct req_env *env, size_t max, char **body, size_t *len,
              struct err *e)
{
    const char *cl = env ? env->content_length : NULL;
    size_t n = 0;
    int big = 0;

    *body = NULL;
    *len = 0;
    if (cl == NULL || cl[0] == '\0')
        return 0;
    for (size_t i = 0; cl[i] != '\0'; i++) {
        if (cl[i] < '0' || cl[i] > '9')
            return err_set(e, ERR_INVALID, "", "err_bad_length", NULL, NULL);
        size_t d = (size_t)(cl[i] - '0');
        if (!big && (n > max / 10 || (n == max / 10 && d > max % 10)))
            big = 1;
        if (!big)
            n = n * 10 + d;
    }
    if (big) {
        char m[24];
        snprintf(m, sizeof m, "%zu", max);
        return err_set(e, ERR_TOO_LARGE, "", "err_body_too_large", m, NULL);
    }
    if (n == 0)
        return 0;
    char *buf = malloc(n + 1);
    if (buf == NULL)
        return err_set(e, ERR_INTERNAL, "", "err_internal", NULL, NULL);
    size_t got = 0;
    while (got < n) {
        size_t want = n - got < READ_CHUNK ? n - got : READ_CHUNK;
        ssize_t r = read(0, buf + got, want);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            free(buf);
            return err_set(e, ERR_INVALID, "", "err_short_body", NULL, NULL);
        }
        got += (size_t)r;
    }
    buf[n] = '\0';
    *body = buf;
    *len = n;
    return 0;
}
