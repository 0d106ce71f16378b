/* cli_args.c — clusterctl's argument parsing: a command's own options and
 * the global ones (--db, --json, --help) anywhere on the line, long
 * options as "--name value" or "--name=value", "--" ending options.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "cli_int.h"

/* The option of opts named by a ("--name", "--name=v" or "-x"); *inline_v
 * gets the text after '=' when given. */
static const struct cli_opt *
find(const struct cli_opt *opts, const char *a, const char **inline_v)
{
    *inline_v = NULL;
    for (size_t i = 0; opts != NULL && opts[i].name != NULL; i++) {
        const struct cli_opt *o = &opts[i];
        if (a[1] == '-') {
            size_t n = strlen(o->name);
            if (strncmp(a + 2, o->name, n) != 0)
                continue;
            if (a[2 + n] == '\0')
                return o;
            if (a[2 + n] == '=' && o->has_value) {
                *inline_v = a + 3 + n;
                return o;
            }
        } else if (o->letter != 0 && a[1] == o->letter && a[2] == '\0') {
            return o;
        }
    }
    return NULL;
}

int
cli_args(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
         const char **pos, size_t max, size_t *npos)
{
    int json = 0, help = 0, only_pos = 0;
    const struct cli_opt g[] = {{"db", 0, 1, &c->db_opt, NULL},
                                {"json", 0, 0, NULL, &json},
                                {"help", 'h', 0, NULL, &help},
                                {NULL, 0, 0, NULL, NULL}};

    *npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const struct cli_opt *o;
        const char *v;

        if (!only_pos && strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            if (*npos >= max)
                return cli_usage(c, "cli_err_extra_arg", a, NULL);
            pos[(*npos)++] = a;
            continue;
        }
        if ((o = find(opts, a, &v)) == NULL && (o = find(g, a, &v)) == NULL)
            return cli_usage(c, "cli_err_unknown_option", a, NULL);
        if (!o->has_value) {
            if (o->flag != NULL)
                *o->flag = 1;
            continue;
        }
        if (v == NULL) {
            if (i + 1 >= argc)
                return cli_usage(c, "cli_err_missing_value", a, NULL);
            v = argv[++i];
        }
        *o->value = v;
    }
    c->json |= json;
    c->help |= help;
    return 0;
}

int
cli_number(struct cli *c, const char *opt, const char *s, long long min,
           long long max, long long *out)
{
    char lo[24], hi[24], why[256];
    long long v = 0;
    size_t i = 0;

    for (; s != NULL && s[i] >= '0' && s[i] <= '9' && i < 18; i++)
        v = v * 10 + (s[i] - '0');
    if (s == NULL || i == 0 || s[i] != '\0' || v < min || v > max) {
        snprintf(lo, sizeof lo, "%lld", min);
        snprintf(hi, sizeof hi, "%lld", max);
        snprintf(why, sizeof why, "%s",
                 cli_text(c, "err_out_of_range", lo, hi));
        return cli_usage(c, "cli_err_option", opt, why);
    }
    *out = v;
    return 0;
}

int
cli_subcommand(struct cli *c, int argc, char **argv, const char *command,
               const struct cli_sub *subs, size_t nsubs)
{
    char names[128] = "";
    for (size_t i = 0; i < nsubs; i++) {
        if (i > 0)
            strncat(names, " ", sizeof names - strlen(names) - 1);
        strncat(names, subs[i].name, sizeof names - strlen(names) - 1);
    }
    if (argc < 2 || argv[1][0] == '-') {
        const char *pos[1];
        size_t npos;
        int rc = cli_args(c, argc, argv, NULL, pos, 0, &npos);
        if (rc != 0)
            return rc;
        if (c->help)
            return cli_help(c, command);
        return cli_usage(c, "cli_err_need_sub", names, NULL);
    }
    for (size_t i = 0; i < nsubs; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].run(c, argc - 1, argv + 1);
    return cli_usage(c, "cli_err_unknown_sub", argv[1], names);
}
