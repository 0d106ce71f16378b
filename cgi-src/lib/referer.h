/* referer.h — Webmin's Referer rule (web-lib-funcs.pl init_config), which
 * miniserv does not apply to a compiled CGI. Pure.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_REFERER_H
#define UC_REFERER_H

struct referer_in {
    const char *referer;           /* HTTP_REFERER, may be NULL */
    const char *origin;            /* HTTP_ORIGIN, may be NULL */
    const char *http_host;         /* HTTP_HOST, "host" or "host:port" */
    int https;                     /* HTTPS=ON */
    const char *user_agent;        /* HTTP_USER_AGENT */
    const char *disable_check;     /* env DISABLE_REFERERS_CHECK */
    const char *cfg_referer;       /* global config referer (1 = check off) */
    const char *cfg_referers;      /* global config referers (space list) */
    const char *cfg_referers_none; /* global config referers_none */
};

/* Returns 1 when a state-changing request may proceed, 0 when it must be
 * refused. Order as Webmin: referer=1, DISABLE_REFERERS_CHECK or a
 * "Webmin*" user agent trust; no Referer trusts only when referers_none is
 * not 1; a Referer whose host is in `referers` trusts; a Referer whose host
 * and port (80/443 by scheme when absent) equal HTTP_HOST's (port default
 * by `https`) trusts; anything else, including an unparsable Referer, is
 * refused. In addition (stricter than Webmin): an Origin header, when sent
 * and not "null", must name the same host and port as HTTP_HOST; this is
 * checked right after referer=1 / DISABLE_REFERERS_CHECK (which switch all
 * checks off) and before the "Webmin*" user-agent trust. "Set" for the
 * switches means Perl-true: non-empty and not "0". A Referer with userinfo
 * is judged by the host after the last '@'; a bad port, a non-http(s)
 * scheme or odd bytes in the authority make it unparsable. */
int referer_trusted(const struct referer_in *in);

#endif
