/* acl.c — Webmin's module access (webmin.acl), RPC-only users and the
 * get_module_acl merge, which miniserv does not apply to a compiled CGI.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* Perl's \s as split(/\s+/) sees it. */
static int
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Does the module list (the text after "user:") name module or "*"? */
static int
list_has(const char *p, const char *end, const char *module, size_t mlen)
{
    while (p < end) {
        while (p < end && is_space((unsigned char)*p))
            p++;
        const char *w = p;
        while (p < end && !is_space((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - w);
        if (n == 0)
            break;
        if ((n == mlen && memcmp(w, module, n) == 0) || (n == 1 && w[0] == '*'))
            return 1;
    }
    return 0;
}

/* Pure. Like read_acl's /^([^:]+):\s*(.*)/ per line: the user is everything
 * before the first ':'. Webmin adds every line's modules to one hash, so a
 * user with several lines gets the union; we do the same. See acl.h. */
int
acl_webmin_line_allows(const char *acl_text, size_t len, const char *user,
                       const char *module)
{
    if (acl_text == NULL || user == NULL || module == NULL || *user == '\0' ||
        *module == '\0')
        return 0;
    size_t ulen = strlen(user);
    size_t mlen = strlen(module);
    const char *end = acl_text + len;
    for (const char *line = acl_text; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *lend = nl ? nl : end;
        const char *colon = memchr(line, ':', (size_t)(lend - line));
        if (colon != NULL && colon > line && (size_t)(colon - line) == ulen &&
            memcmp(line, user, ulen) == 0 &&
            list_has(colon + 1, lend, module, mlen))
            return 1;
        line = nl ? nl + 1 : end;
    }
    return 0;
}

/* A user or module name that is safe as one path component: non-empty, no
 * '/', no leading '.', no control characters. */
static int
name_ok(const char *s)
{
    if (s == NULL || *s == '\0' || *s == '.')
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p == '/' || *p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

static int
path2(char *out, size_t size, const char *a, const char *b, const char *c)
{
    int n = snprintf(out, size, "%s/%s%s", a, b, c);
    return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

static int
path3(char *out, size_t size, const char *a, const char *b, const char *c,
      const char *d)
{
    int n = snprintf(out, size, "%s/%s/%s%s", a, b, c, d);
    return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

/* Merges a file; a missing one is skipped, any other failure is -1 so that
 * a permission file we cannot read never silently widens access. */
static int
merge(struct cfgmap *out, const char *path)
{
    if (cfgmap_read(out, path) == 0)
        return 0;
    return errno == ENOENT ? 0 : -1;
}

/* Perl truth of a config value: set, non-empty and not "0". */
static int
truthy(const char *v)
{
    return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

/* Perl's numeric `v == 3` for the usual spellings ("3", " 3", "03", "3.0",
 * "+3", "3 "); anything else is not 3. */
static int
num_is_3(const char *v)
{
    if (v == NULL)
        return 0;
    while (is_space((unsigned char)*v))
        v++;
    if (*v == '+')
        v++;
    while (*v == '0')
        v++;
    if (*v != '3')
        return 0;
    v++;
    if (*v == '.') {
        v++;
        while (*v == '0')
            v++;
    }
    return *v == '\0' || is_space((unsigned char)*v) || (*v < '0' || *v > '9');
}

/* Merges $webmin_config/<user>.acl; see acl.h. Also -1 for an unsafe user
 * name or a file that exists but cannot be read. */
int
acl_global_load(struct cfgmap *out, const char *webmin_config, const char *user)
{
    char path[PATH_MAX];
    if (webmin_config == NULL || !name_ok(user) ||
        path2(path, sizeof path, webmin_config, user, ".acl") < 0)
        return -1;
    return merge(out, path);
}

/* 0 when user may use module, else -1 with e set; see acl.h. */
int
acl_check_access_with(const char *webmin_config, const char *user,
                      const char *module, const struct cfgmap *gacl,
                      struct err *e)
{
    char path[PATH_MAX];
    const char *shown = user ? user : "";

    if (webmin_config == NULL || !name_ok(user) || !name_ok(module) ||
        path2(path, sizeof path, webmin_config, "webmin.acl", "") < 0)
        return err_set(e, ERR_FORBIDDEN, NULL, "err_no_module_access", shown,
                       NULL);
    size_t len;
    char *text = cfgfile_read_all(path, &len);
    int allowed =
        text != NULL && acl_webmin_line_allows(text, len, user, module);
    free(text);
    if (!allowed)
        return err_set(e, ERR_FORBIDDEN, NULL, "err_no_module_access", shown,
                       NULL);
    if (num_is_3(cfgmap_get(gacl, "rpc")))
        return err_set(e, ERR_FORBIDDEN, NULL, "err_rpc_only", shown, NULL);
    return 0;
}

/* acl_check_access_with, reading the global ACL itself; see acl.h. */
int
acl_check_access(const char *webmin_config, const char *user,
                 const char *module, struct err *e)
{
    struct cfgmap g = {0};
    int rc = acl_global_load(&g, webmin_config, user) < 0
                 ? err_set(e, ERR_FORBIDDEN, NULL, "err_no_module_access",
                           user ? user : "", NULL)
                 : acl_check_access_with(webmin_config, user, module, &g, e);
    cfgmap_free(&g);
    return rc;
}

/* Merges <dir>/<name>; see merge(). */
static int
merge_file(struct cfgmap *out, const char *dir, const char *name)
{
    char path[PATH_MAX];
    if (path2(path, sizeof path, dir, name, "") < 0)
        return -1;
    return merge(out, path);
}

/* Merges $webmin_config/<module>/<user>.acl; see merge(). */
static int
merge_user(struct cfgmap *out, const char *webmin_config, const char *module,
           const char *user)
{
    char path[PATH_MAX];
    if (path3(path, sizeof path, webmin_config, module, user, ".acl") < 0)
        return -1;
    return merge(out, path);
}

/* get_module_acl's merge into out; see acl.h. Also -1 for an unsafe module
 * or user name, or a file that exists but cannot be read. */
int
acl_module_load_with(struct cfgmap *out, const char *module_dir,
                     const char *webmin_config, const char *module,
                     const char *base_user, const char *remote_user,
                     const struct cfgmap *gacl)
{
    if (out == NULL || module_dir == NULL || webmin_config == NULL ||
        !name_ok(module) || !name_ok(base_user))
        return -1;
    int other = remote_user != NULL && *remote_user != '\0' &&
                strcmp(remote_user, base_user) != 0;
    if (other && !name_ok(remote_user))
        return -1;

    if (merge_file(out, module_dir, "defaultacl") < 0)
        return -1;
    if (truthy(cfgmap_get(gacl, "negative")) &&
        merge_file(out, module_dir, "negativeacl") < 0)
        return -1;

    if (merge_user(out, webmin_config, module, base_user) < 0 ||
        (other && merge_user(out, webmin_config, module, remote_user) < 0))
        return -1;

    if (truthy(cfgmap_get(out, "_safe")) &&
        (merge_file(out, module_dir, "safeacl") < 0 ||
         cfgmap_set(out, "noconfig", "1") < 0))
        return -1;
    return 0;
}

/* acl_module_load_with, reading the global ACL itself; see acl.h. */
int
acl_module_load(struct cfgmap *out, const char *module_dir,
                const char *webmin_config, const char *module,
                const char *base_user, const char *remote_user)
{
    struct cfgmap g = {0};
    int rc = acl_global_load(&g, webmin_config, base_user) < 0
                 ? -1
                 : acl_module_load_with(out, module_dir, webmin_config, module,
                                        base_user, remote_user, &g);
    cfgmap_free(&g);
    return rc;
}
