/* lang.h — user-visible text from lang/en overlaid by lang/<code>, chosen
 * as Webmin chooses the user's language.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_LANG_H
#define UC_LANG_H

#include "buf.h"
#include "cfgfile.h"

struct lang {
    struct cfgmap map;
    char code[16];
    char *deferred; /* lang_defer's module_dir until the first lookup */
};

/* Webmin's choice, minus user-DB attributes: global `lang_<user>`, then
 * `lang_<base_user>`, then the first supported Accept-Language tag when
 * `acceptlang=1`, then global `lang`, then "en". Only codes made of
 * [a-z0-9_.-] (<= 15 chars) are accepted. Writes into code (size >= 16). */
void lang_pick(char *code, const struct cfgmap *global, const char *user,
               const char *base_user, const char *accept_language);

/* lang_pick, where an Accept-Language tag counts as supported only when
 * <module_dir>/lang/<tag> exists (module_dir NULL: any well-formed tag).
 * Tags are tried whole ("pt-BR" -> "pt_br"), then by primary subtag. */
void lang_pick_in(char *code, const struct cfgmap *global, const char *user,
                  const char *base_user, const char *accept_language,
                  const char *module_dir);

/* Loads <module_dir>/lang/en, then <module_dir>/lang/<code> over it
 * ("en" only loads once). Returns 0, or -1 if lang/en is unreadable.
 * *l is initialised here (not freed first); free with lang_free. l->code is
 * the language overlaid: "en" when lang/<code> is missing or code is not a
 * valid code ([a-z0-9_.-], <= 15, not starting with '.'). */
int lang_load(struct lang *l, const char *module_dir, const char *code);

/* lang_load on first use: records module_dir and code (malloc'd) and
 * reads nothing yet; the first lang_get/lang_html/lang_plain loads (a
 * JSON API request that succeeds never needs its texts: half a million
 * instructions saved). l->code is the asked code until then. Returns 0,
 * or -1 out of memory. */
int lang_defer(struct lang *l, const char *module_dir, const char *code);

/* The text for key, or the key itself when missing (so a gap shows). */
const char *lang_get(const struct lang *l, const char *key);

/* Appends the text for key with $1/$2 replaced by a1/a2 (NULL = ""; a '$'
 * before anything else is literal; arguments are not rescanned). lang text
 * is trusted markup; the arguments, and the key shown when the text is
 * missing, are HTML-escaped. Returns 0, or -1 with b unchanged. */
int lang_html(struct buf *b, const struct lang *l, const char *key,
              const char *a1, const char *a2);

/* Same, no escaping at all (for JSON values, logs, plain text). */
int lang_plain(struct buf *b, const struct lang *l, const char *key,
               const char *a1, const char *a2);

void lang_free(struct lang *l);

#endif
