/* nodl.c — dlopen for the pages' static binary (uc.bin, see multicall.c),
 * which is linked with --wrap=dlopen: every call lands here and loads
 * nothing. glibc's static dlopen would need the very same shared glibc at
 * run time (the linker warns about it). The callers are SQLite's extension
 * loading (never enabled) and alert_action_curl.c (the requests that need
 * libcurl run in uc-dyn.bin); both report the library as missing.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>

void *__wrap_dlopen(const char *file, int mode);

void *
__wrap_dlopen(const char *file, int mode)
{
    (void)file;
    (void)mode;
    return NULL;
}
