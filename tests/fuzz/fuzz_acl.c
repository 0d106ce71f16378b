/* fuzz_acl.c — libFuzzer target over the ACL file readers (acl.c over
 * cfgfile.c) as a request uses them: webmin.acl, the user's global ACL,
 * the module's defaultacl / safeacl / negativeacl and the user's module
 * ACL, read from real files. Input: NUL-separated parts — the user name
 * (empty: "admin"), then the texts of webmin.acl, admin.acl,
 * unlimited-cluster/admin.acl, defaultacl and safeacl (a missing part is
 * a missing file). Files are written under one private temporary folder
 * with fixed names only; the user name is never used to write. Checked:
 * unsafe user names are refused before any file is read; access answers
 * agree with acl_webmin_line_allows and rpc=3; a merged ACL with _safe
 * has noconfig=1.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acl.h"
#include "cfgfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MODULE "unlimited-cluster"
enum { P_USER, P_WEBMIN_ACL, P_GLOBAL, P_MODULE, P_DEFAULT, P_SAFE, NPARTS };

static const char *const FILES[NPARTS] = {
    NULL,         "webmin.acl", "admin.acl", MODULE "/admin.acl",
    "defaultacl", "safeacl",
};

static char dir[64];

static void
check(int ok)
{
    if (!ok)
        abort();
}

static void
cleanup(void)
{
    char path[128];
    for (size_t i = 1; i < NPARTS; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, FILES[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/%s", dir, MODULE);
    rmdir(path);
    rmdir(dir);
}

/* The folder, made once per process (config and module folder alike). */
static const char *
folder(void)
{
    if (dir[0] != '\0')
        return dir;
    char path[128];
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/fuzz_acl.XXXXXX", base);
    check(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/%s", dir, MODULE);
    check(mkdir(path, 0700) == 0);
    atexit(cleanup);
    return dir;
}

/* Writes (or, text NULL, removes) one file of the folder. */
static void
put(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", folder(), name);
    if (text == NULL) {
        unlink(path);
        return;
    }
    FILE *f = fopen(path, "w");
    check(f != NULL);
    fputs(text, f);
    check(fclose(f) == 0);
}

static int
unsafe_name(const char *s)
{
    if (*s == '\0' || *s == '.')
        return 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p == '/' || *p < 0x20 || *p == 0x7f)
            return 1;
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    check(text != NULL);
    memcpy(text, data, size);
    text[size] = '\0';
    const char *part[NPARTS] = {NULL};
    const char *p = text, *end = text + size;
    for (size_t i = 0; i < NPARTS && p <= end; i++) {
        part[i] = p;
        p += strlen(p) + 1;
    }
    for (size_t i = 1; i < NPARTS; i++)
        put(FILES[i], part[i]);
    const char *user = part[P_USER] && *part[P_USER] ? part[P_USER] : "admin";
    const char *cfg = folder();

    struct err e = {0};
    int rc = acl_check_access(cfg, user, MODULE, &e);
    check(rc == 0 || (rc == -1 && e.code == ERR_FORBIDDEN));
    if (unsafe_name(user))
        check(rc == -1);
    if (rc == 0) {
        /* Only the admin files exist: anyone else has no line... unless
         * webmin.acl names them, which acl_webmin_line_allows decides. */
        const char *w = part[P_WEBMIN_ACL];
        check(w != NULL &&
              acl_webmin_line_allows(w, strlen(w), user, MODULE) == 1);
    }

    struct cfgmap acl = {0};
    int lrc = acl_module_load(&acl, cfg, cfg, MODULE, user, "admin");
    if (unsafe_name(user))
        check(lrc == -1);
    if (lrc == 0) {
        const char *safe = cfgmap_get(&acl, "_safe");
        if (safe != NULL && *safe != '\0' && strcmp(safe, "0") != 0)
            check(strcmp(cfgmap_get_or(&acl, "noconfig", ""), "1") == 0);
    }
    cfgmap_free(&acl);
    free(text);
    return 0;
}
