/* lang.c — lang/en overlaid by lang/<code>, chosen as Webmin's init_config
 * chooses the user's language, and $1/$2 substitution.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "html.h"
#include "lang.h"
#include "log.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#define CODE_MAX 15

/* [a-z0-9_.-], 1..15 chars, not starting with '.' (so never "." or ".."). */
static int
code_ok(const char *s)
{
    size_t n = 0;
    if (s == NULL || *s == '\0' || *s == '.')
        return 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.' || c == '-'))
            return 0;
    }
    return n <= CODE_MAX;
}

static int
truthy(const char *v)
{
    return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

static void
set_code(char *code, const char *s, size_t n)
{
    memcpy(code, s, n);
    code[n] = '\0';
}

/* The global config's lang_<user>, if a valid code. */
static int
user_lang(char *code, const struct cfgmap *global, const char *user)
{
    char key[256];
    if (user == NULL || *user == '\0')
        return 0;
    int n = snprintf(key, sizeof key, "lang_%s", user);
    if (n < 0 || (size_t)n >= sizeof key)
        return 0;
    const char *v = cfgmap_get(global, key);
    if (!code_ok(v))
        return 0;
    set_code(code, v, strlen(v));
    return 1;
}

/* Is cand (n bytes) a usable code, and (with module_dir) is there a
 * lang/<cand> file for it? */
static int
supported(const char *cand, size_t n, const char *module_dir)
{
    char c[CODE_MAX + 1];
    if (n == 0 || n > CODE_MAX)
        return 0;
    set_code(c, cand, n);
    if (!code_ok(c))
        return 0;
    if (module_dir == NULL)
        return 1;
    char path[PATH_MAX];
    int w = snprintf(path, sizeof path, "%s/lang/%s", module_dir, c);
    return w >= 0 && (size_t)w < sizeof path && access(path, R_OK) == 0;
}

/* The first supported Accept-Language tag. Each comma-separated tag loses
 * its ";q=..." and surrounding blanks, is lower-cased with '-' made '_'
 * (Webmin's file names: pt_br), and is tried whole, then as its primary
 * subtag ("de_de" -> "de"). Tags are taken in the order sent. */
static int
accept_lang(char *code, const char *al, const char *module_dir)
{
    if (al == NULL)
        return 0;
    while (*al) {
        size_t n = strcspn(al, ",");
        const char *t = al;
        size_t tn = strcspn(t, ";,");
        while (tn && (*t == ' ' || *t == '\t')) {
            t++;
            tn--;
        }
        while (tn && (t[tn - 1] == ' ' || t[tn - 1] == '\t'))
            tn--;
        if (tn > 0 && tn <= CODE_MAX) {
            char c[CODE_MAX + 1];
            for (size_t i = 0; i < tn; i++) {
                char ch = t[i];
                if (ch >= 'A' && ch <= 'Z')
                    ch = (char)(ch - 'A' + 'a');
                c[i] = ch == '-' ? '_' : ch;
            }
            c[tn] = '\0';
            size_t primary = strcspn(c, "_");
            if (supported(c, tn, module_dir)) {
                set_code(code, c, tn);
                return 1;
            }
            if (primary < tn && supported(c, primary, module_dir)) {
                set_code(code, c, primary);
                return 1;
            }
        }
        al += n;
        if (*al == ',')
            al++;
    }
    return 0;
}

/* As lang_pick; module_dir, when not NULL, limits Accept-Language tags to
 * those with a <module_dir>/lang/<tag> file. */
void
lang_pick_in(char *code, const struct cfgmap *global, const char *user,
             const char *base_user, const char *accept_language,
             const char *module_dir)
{
    if (global != NULL) {
        if (user_lang(code, global, user) || user_lang(code, global, base_user))
            return;
        if (truthy(cfgmap_get(global, "acceptlang")) &&
            accept_lang(code, accept_language, module_dir))
            return;
        const char *g = cfgmap_get(global, "lang");
        if (code_ok(g)) {
            set_code(code, g, strlen(g));
            return;
        }
    }
    set_code(code, "en", 2);
}

/* Webmin's language choice into code (size >= 16); see lang.h. */
void
lang_pick(char *code, const struct cfgmap *global, const char *user,
          const char *base_user, const char *accept_language)
{
    lang_pick_in(code, global, user, base_user, accept_language, NULL);
}

/* Loads lang/en then lang/<code> into a fresh *l (any previous content is
 * not freed). 0, or -1 when lang/en cannot be read. l->code names the
 * language actually overlaid ("en" when lang/<code> is missing). */
int
lang_load(struct lang *l, const char *module_dir, const char *code)
{
    char path[PATH_MAX];
    int n;

    memset(l, 0, sizeof *l);
    set_code(l->code, "en", 2);
    if (module_dir == NULL)
        return -1;
    n = snprintf(path, sizeof path, "%s/lang/en", module_dir);
    if (n < 0 || (size_t)n >= sizeof path || cfgmap_read(&l->map, path) < 0) {
        cfgmap_free(&l->map);
        return -1;
    }
    if (!code_ok(code) || strcmp(code, "en") == 0)
        return 0;
    n = snprintf(path, sizeof path, "%s/lang/%s", module_dir, code);
    if (n < 0 || (size_t)n >= sizeof path)
        return 0;
    if (cfgmap_read(&l->map, path) == 0) {
        set_code(l->code, code, strlen(code));
    } else if (errno == ENOMEM) {
        cfgmap_free(&l->map);
        return -1;
    }
    return 0;
}

int
lang_defer(struct lang *l, const char *module_dir, const char *code)
{
    memset(l, 0, sizeof *l);
    set_code(l->code, code_ok(code) ? code : "en",
             code_ok(code) ? strlen(code) : 2);
    l->deferred = strdup(module_dir ? module_dir : "");
    return l->deferred ? 0 : -1;
}

/* Finishes a deferred load. The texts are a cache the const callers may
 * fill: every struct lang lives in writable storage (app, cli, tests). */
static const struct lang *
ready(const struct lang *cl)
{
    struct lang *l = (struct lang *)cl;
    if (l != NULL && l->deferred != NULL) {
        char *dir = l->deferred;
        char code[sizeof l->code];
        memcpy(code, l->code, sizeof code);
        if (lang_load(l, dir, code) < 0)
            log_msg("cannot read %s/lang/en", dir);
        free(dir);
    }
    return cl;
}

/* Borrowed text for key, or key itself when missing. */
const char *
lang_get(const struct lang *l, const char *key)
{
    l = ready(l);
    const char *v = l ? cfgmap_get(&l->map, key) : NULL;
    return v ? v : key;
}

/* Appends the text for key with $1/$2 substituted, escaping the arguments
 * (and a missing key shown in its place) when html is set. On -1 b is as
 * it was. */
static int
render(struct buf *b, const struct lang *l, const char *key, const char *a1,
       const char *a2, int html)
{
    size_t mark = b->len;
    l = ready(l);
    const char *t = l && key ? cfgmap_get(&l->map, key) : NULL;
    int rc = 0;

    if (t == NULL) {
        const char *k = key ? key : "";
        rc = html ? html_text(b, k) : buf_add(b, k);
    } else {
        const char *run = t;
        const char *p = t;
        for (; rc == 0 && *p; p++) {
            if (p[0] != '$' || (p[1] != '1' && p[1] != '2'))
                continue;
            const char *arg = p[1] == '1' ? a1 : a2;
            if (arg == NULL)
                arg = "";
            if (buf_addn(b, run, (size_t)(p - run)) < 0 ||
                (html ? html_text(b, arg) : buf_add(b, arg)) < 0)
                rc = -1;
            p++;
            run = p + 1;
        }
        if (rc == 0)
            rc = buf_addn(b, run, (size_t)(p - run));
    }
    if (rc < 0 && b->p != NULL) {
        b->len = mark;
        b->p[mark] = '\0';
    }
    return rc < 0 ? -1 : 0;
}

/* Trusted lang markup with escaped $1/$2; 0, or -1 with b unchanged. */
int
lang_html(struct buf *b, const struct lang *l, const char *key, const char *a1,
          const char *a2)
{
    return render(b, l, key, a1, a2, 1);
}

/* The same with no escaping; 0, or -1 with b unchanged. */
int
lang_plain(struct buf *b, const struct lang *l, const char *key, const char *a1,
           const char *a2)
{
    return render(b, l, key, a1, a2, 0);
}

/* Frees the strings; *l is then empty. NULL-safe. */
void
lang_free(struct lang *l)
{
    if (l == NULL)
        return;
    free(l->deferred);
    l->deferred = NULL;
    cfgmap_free(&l->map);
    set_code(l->code, "en", 2);
}
