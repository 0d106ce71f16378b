/* acl.h — Webmin's access rules, redone in C because miniserv applies none
 * of them to a compiled CGI: module access (webmin.acl), RPC-only users,
 * and the per-module ACL merge of get_module_acl.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_ACL_H
#define UC_ACL_H

#include <stddef.h>
#include "cfgfile.h"
#include "err.h"

/* Pure: does the webmin.acl text give `user` the module? True when the
 * user's line ("user: mod1 mod2 ...") lists the module or "*". Returns 1/0. */
int acl_webmin_line_allows(const char *acl_text, size_t len, const char *user,
                           const char *module);

/* Checks that `user` may use `module` at all: the user is non-empty, the
 * module (or *) is on the user's line of $webmin_config/webmin.acl, and the
 * user's global ACL ($webmin_config/<user>.acl over <webmin root
 * defaultacl>, here just the user file) does not say rpc=3 (RPC only).
 * Returns 0, or -1 with e = ERR_FORBIDDEN (key "err_no_module_access" or
 * "err_rpc_only", arg1 = user). A user name that is empty, contains '/' or
 * a control character, or starts with '.' is refused before any file is
 * read; so is a global ACL file that exists but cannot be read. */
int acl_check_access(const char *webmin_config, const char *user,
                     const char *module, struct err *e);

/* Merges the module ACL into out exactly as Webmin's get_module_acl:
 * <module_dir>/defaultacl; then <module_dir>/negativeacl if the global
 * <base_user>.acl has negative=1; then $webmin_config/<module>/<base_user>.acl;
 * then $webmin_config/<module>/<remote_user>.acl when remote_user differs;
 * finally, if the result has _safe=1, <module_dir>/safeacl and noconfig=1.
 * Missing files are skipped. Returns 0, or -1 on OOM, for an unsafe module
 * or user name (as acl_check_access refuses), or when a file exists but
 * cannot be read (fail closed: never fall back to looser defaults). */
int acl_module_load(struct cfgmap *out, const char *module_dir,
                    const char *webmin_config, const char *module,
                    const char *base_user, const char *remote_user);

/* The global ACL of a user ($webmin_config/<user>.acl), merged into out.
 * Returns 0 (also when the file is missing), -1 on OOM, for an unsafe user
 * name, or when the file exists but cannot be read. */
int acl_global_load(struct cfgmap *out, const char *webmin_config,
                    const char *user);

/* The same two checks for a caller that already holds the user's global
 * ACL (gacl, from acl_global_load), so a request reads <user>.acl once:
 * acl_check_access and acl_module_load read it themselves, then call
 * these. */
int acl_check_access_with(const char *webmin_config, const char *user,
                          const char *module, const struct cfgmap *gacl,
                          struct err *e);
int acl_module_load_with(struct cfgmap *out, const char *module_dir,
                         const char *webmin_config, const char *module,
                         const char *base_user, const char *remote_user,
                         const struct cfgmap *gacl);

#endif
