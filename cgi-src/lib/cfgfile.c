/* cfgfile.c — Webmin's name=value files, parsed as web-lib-funcs.pl read_file.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfgfile.h"

/* Keys and values live in blocks owned by the map: a lang file of 600
 * lines costs a handful of mallocs instead of 1,200 (measured: half of the
 * parse). A replaced value stays in its block until cfgmap_free. */
struct cfgblock {
    struct cfgblock *next;
    size_t used, cap;
    char data[];
};

#define CFGBLOCK_MIN 16384

static char *
dupn(struct cfgmap *m, const char *s, size_t n)
{
    struct cfgblock *b = m->strings;
    if (b == NULL || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > CFGBLOCK_MIN ? n + 1 : CFGBLOCK_MIN;
        if (cap > SIZE_MAX - sizeof *b || (b = malloc(sizeof *b + cap)) == NULL)
            return NULL;
        b->next = m->strings;
        b->used = 0;
        b->cap = cap;
        m->strings = b;
    }
    char *p = b->data + b->used;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    b->used += n + 1;
    return p;
}

static size_t index_find(const struct cfgmap *m, const char *key, size_t klen);
static int index_add(struct cfgmap *m);

/* Entry index of key, or SIZE_MAX: every lookup goes through the map's
 * hash index (a page looks up ~100 lang keys among ~200). */
static size_t
find(const struct cfgmap *m, const char *key, size_t klen)
{
    if (m->slot != NULL)
        return index_find(m, key, klen);
    for (size_t i = 0; i < m->n; i++) /* no index: empty, or after OOM */
        if (strncmp(m->v[i].key, key, klen) == 0 && m->v[i].key[klen] == '\0')
            return i;
    return SIZE_MAX;
}

static int
reserve(struct cfgmap *m)
{
    if (m->n < m->cap)
        return 0;
    size_t cap = m->cap ? m->cap * 2 : 16;
    if (cap > SIZE_MAX / sizeof *m->v)
        return -1;
    struct kv *v = realloc(m->v, cap * sizeof *v);
    if (v == NULL)
        return -1;
    m->v = v;
    m->cap = cap;
    return 0;
}

/* Replaces entry i's value, or appends a new entry (i == SIZE_MAX). */
static int
put(struct cfgmap *m, size_t i, const char *key, size_t klen, const char *val,
    size_t vlen)
{
    char *v = dupn(m, val, vlen);
    if (v == NULL)
        return -1;
    if (i != SIZE_MAX) {
        m->v[i].val = v;
        return 0;
    }
    char *k = dupn(m, key, klen);
    if (k == NULL || reserve(m) < 0)
        return -1;
    m->v[m->n].key = k;
    m->v[m->n].val = v;
    m->n++;
    return index_add(m);
}

static uint64_t
hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void
index_insert(struct cfgmap *m, size_t i)
{
    const char *k = m->v[i].key;
    size_t pos = (size_t)hash(k, strlen(k)) & m->mask;
    while (m->slot[pos] != 0)
        pos = (pos + 1) & m->mask;
    m->slot[pos] = i + 1;
}

/* Sizes the index for at least `want` entries (load <= 1/2) and fills it. */
static int
index_build(struct cfgmap *m, size_t want)
{
    size_t cap = 64;
    while (cap / 2 < want) {
        if (cap > SIZE_MAX / 2 / sizeof(size_t))
            return -1;
        cap *= 2;
    }
    size_t *slot = calloc(cap, sizeof *slot);
    if (slot == NULL)
        return -1;
    free(m->slot);
    m->slot = slot;
    m->mask = cap - 1;
    for (size_t i = 0; i < m->n; i++)
        index_insert(m, i);
    return 0;
}

/* Indexes the entry just appended, growing the index when half full. Out
 * of memory, the index is dropped and lookups scan (slower, still right). */
static int
index_add(struct cfgmap *m)
{
    if (m->slot == NULL || m->n * 2 > m->mask + 1) {
        if (index_build(m, m->n * 2) < 0) {
            free(m->slot);
            m->slot = NULL;
            m->mask = 0;
        }
        return 0;
    }
    index_insert(m, m->n - 1);
    return 0;
}

static size_t
index_find(const struct cfgmap *m, const char *key, size_t klen)
{
    size_t pos = (size_t)hash(key, klen) & m->mask;
    for (; m->slot[pos] != 0; pos = (pos + 1) & m->mask) {
        const char *k = m->v[m->slot[pos] - 1].key;
        if (strncmp(k, key, klen) == 0 && k[klen] == '\0')
            return m->slot[pos] - 1;
    }
    return SIZE_MAX;
}

/* One line, without its "\n". read_file deletes every CR in the line first
 * (s/\r|\n//g): a line holding one is read from a CR-free copy. */
static int
parse_line(struct cfgmap *m, const char *line, size_t n, char *scratch)
{
    const char *p = line;
    size_t len = n;
    if (memchr(line, '\0', n) != NULL)
        return 0; /* a C string cannot carry it: drop the line */
    if (memchr(line, '\r', n) != NULL) {
        len = 0;
        for (size_t i = 0; i < n; i++)
            if (line[i] != '\r')
                scratch[len++] = line[i];
        p = scratch;
    }
    if (len == 0 || p[0] == '#')
        return 0;
    const char *eq = memchr(p, '=', len);
    if (eq == NULL)
        return 0;
    size_t klen = (size_t)(eq - p);
    return put(m, find(m, p, klen), p, klen, eq + 1, len - klen - 1);
}

/* Merges the pairs in text[0..len) into m; see cfgfile.h. 0, or -1 (OOM). */
int
cfgmap_parse(struct cfgmap *m, const char *text, size_t len)
{
    char *scratch = NULL;
    size_t longest = 0;
    int rc = -1;

    if (len == 0)
        return 0;
    for (size_t start = 0; start < len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (end - start > longest)
            longest = end - start;
        start = end + 1;
    }
    scratch = malloc(longest + 1);
    if (scratch == NULL)
        goto out;
    for (size_t start = 0; start < len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (parse_line(m, text + start, end - start, scratch) < 0)
            goto out;
        start = end + 1;
    }
    rc = 0;
out:
    free(scratch);
    return rc;
}

/* Whole regular file, NUL-terminated, caller frees; NULL with errno set. */
char *
cfgfile_read_all(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    if (st.st_size > CFGFILE_MAX_BYTES) {
        close(fd);
        errno = EFBIG;
        return NULL;
    }
    /* Read at most one byte past the cap: the file may grow meanwhile. */
    size_t cap = (size_t)st.st_size + 1;
    char *p = malloc(cap + 1);
    if (p == NULL) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    size_t got = 0;
    for (;;) {
        if (got == cap) {
            if (cap > CFGFILE_MAX_BYTES)
                break;
            size_t ncap = cap * 2 > (size_t)CFGFILE_MAX_BYTES + 1
                              ? (size_t)CFGFILE_MAX_BYTES + 1
                              : cap * 2;
            char *np = realloc(p, ncap + 1);
            if (np == NULL) {
                free(p);
                close(fd);
                errno = ENOMEM;
                return NULL;
            }
            p = np;
            cap = ncap;
        }
        ssize_t r = read(fd, p + got, cap - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int saved = errno;
            free(p);
            close(fd);
            errno = saved;
            return NULL;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got > CFGFILE_MAX_BYTES) {
        free(p);
        errno = EFBIG;
        return NULL;
    }
    p[got] = '\0';
    *len = got;
    return p;
}

/* Merges a file into m. 0, or -1 with errno (ENOENT when missing). */
int
cfgmap_read(struct cfgmap *m, const char *path)
{
    size_t len;
    char *text = cfgfile_read_all(path, &len);
    if (text == NULL)
        return -1;
    /* Only OOM can fail from here on. */
    int rc = cfgmap_parse(m, text, len);
    free(text);
    if (rc < 0)
        errno = ENOMEM;
    return rc;
}

/* Borrowed value for key, or NULL. */
const char *
cfgmap_get(const struct cfgmap *m, const char *key)
{
    if (m == NULL || key == NULL)
        return NULL;
    size_t i = find(m, key, strlen(key));
    return i == SIZE_MAX ? NULL : m->v[i].val;
}

/* Borrowed value for key, or def. */
const char *
cfgmap_get_or(const struct cfgmap *m, const char *key, const char *def)
{
    const char *v = cfgmap_get(m, key);
    return v ? v : def;
}

/* Copies key and val into m, replacing in place. 0, or -1 (OOM). */
int
cfgmap_set(struct cfgmap *m, const char *key, const char *val)
{
    size_t klen = strlen(key);
    return put(m, find(m, key, klen), key, klen, val, strlen(val));
}

/* Frees all entries; m is left empty and reusable. NULL-safe. */
void
cfgmap_free(struct cfgmap *m)
{
    if (m == NULL)
        return;
    while (m->strings != NULL) {
        struct cfgblock *next = m->strings->next;
        free(m->strings);
        m->strings = next;
    }
    free(m->v);
    free(m->slot);
    m->v = NULL;
    m->slot = NULL;
    m->n = 0;
    m->cap = 0;
    m->mask = 0;
}
