/* cli_manage.c — `clusterctl manage`: a small menu for the common tasks
 * (list, add and remove servers, connect two, create a cluster, back up,
 * status). It reads answers line by line from stdin, so a script can drive
 * it; each task runs the same subcommand a person would type, with the
 * same checks and action log. At most MAX_ROUNDS choices; end of input
 * quits.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "cli_int.h"
#include "types.h"

#define MAX_ROUNDS 500
#define LINE_MAX_  512
#define MAX_WORDS  64

/* Prints the prompt of key and reads one line (newline removed). 0, or -1
 * at the end of input. */
static int
ask(struct cli *c, const char *key, const char *a1, char *out, size_t outlen)
{
    printf("%s ", cli_text(c, key, a1, NULL));
    fflush(stdout);
    if (fgets(out, (int)outlen, stdin) == NULL)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

static int
run(struct cli *c, int argc, char **argv)
{
    c->help = 0;
    c->cmd = NULL;
    int rc = cli_dispatch(c, argc, argv);
    cli_db_close(c);
    fflush(stdout);
    return rc;
}

static int
yes(struct cli *c, const char *answer)
{
    /* The accepted answers are the words of cli_yes ("y yes"). */
    const char *words = cli_text(c, "cli_yes", NULL, NULL);
    size_t n = strlen(answer);
    for (const char *w = words; n > 0 && *w;) {
        w += strspn(w, " ");
        size_t k = strcspn(w, " ");
        if (k == n && strncmp(w, answer, n) == 0)
            return 1;
        w += k;
    }
    return 0;
}

static int
add_server(struct cli *c)
{
    char id[LINE_MAX_], type[LINE_MAX_], ip[LINE_MAX_], name[LINE_MAX_],
        region[LINE_MAX_], types[256] = "";
    char *argv[12];
    int n = 0;

    for (size_t i = 0, used = 0; i < SERVER_TYPE_COUNT; i++)
        used += (size_t)snprintf(types + used, sizeof types - used, "%s%s",
                                 i ? " " : "", SERVER_TYPES[i].name);
    if (ask(c, "cli_prompt_id", NULL, id, sizeof id) < 0 ||
        ask(c, "cli_prompt_type", types, type, sizeof type) < 0 ||
        ask(c, "cli_prompt_ip", NULL, ip, sizeof ip) < 0 ||
        ask(c, "cli_prompt_name", NULL, name, sizeof name) < 0 ||
        ask(c, "cli_prompt_region", NULL, region, sizeof region) < 0)
        return -1;
    /* Options first: after "--" everything is an argument. */
    argv[n++] = "servers";
    argv[n++] = "add";
    argv[n++] = "--type";
    argv[n++] = type;
    argv[n++] = "--ip";
    argv[n++] = ip;
    if (name[0]) {
        argv[n++] = "--name";
        argv[n++] = name;
    }
    if (region[0]) {
        argv[n++] = "--region";
        argv[n++] = region;
    }
    argv[n++] = "--";
    argv[n++] = id;
    run(c, n, argv);
    return 0;
}

static int
remove_server(struct cli *c)
{
    char id[LINE_MAX_], answer[LINE_MAX_];
    if (ask(c, "cli_prompt_id", NULL, id, sizeof id) < 0 ||
        ask(c, "cli_prompt_confirm", id, answer, sizeof answer) < 0)
        return -1;
    if (!yes(c, answer)) {
        cli_say(c, "cli_menu_nothing", NULL, NULL);
        return 0;
    }
    char *argv[] = {"servers", "rm", "--", id};
    run(c, 4, argv);
    return 0;
}

static int
connect_pair(struct cli *c)
{
    char from[LINE_MAX_], to[LINE_MAX_], type[LINE_MAX_];
    if (ask(c, "cli_prompt_from", NULL, from, sizeof from) < 0 ||
        ask(c, "cli_prompt_to", NULL, to, sizeof to) < 0 ||
        ask(c, "cli_prompt_conn_type",
            "standard http database cache monitoring", type, sizeof type) < 0)
        return -1;
    char *argv[] = {"connect", "--type", type[0] ? type : "standard",
                    "--",      from,     to};
    run(c, 6, argv);
    return 0;
}

static int
create_cluster(struct cli *c)
{
    char name[LINE_MAX_], members[4096], desc[LINE_MAX_];
    char *argv[MAX_WORDS + 8];
    int n = 0;

    if (ask(c, "cli_prompt_cluster", NULL, name, sizeof name) < 0 ||
        ask(c, "cli_prompt_members", NULL, members, sizeof members) < 0 ||
        ask(c, "cli_prompt_description", NULL, desc, sizeof desc) < 0)
        return -1;
    argv[n++] = "cluster";
    argv[n++] = "create";
    argv[n++] = "--description";
    argv[n++] = desc;
    argv[n++] = "--";
    argv[n++] = name;
    for (char *w = members; *w && n < MAX_WORDS + 6;) {
        w += strspn(w, " \t,");
        size_t k = strcspn(w, " \t,");
        if (k == 0)
            break;
        argv[n++] = w;
        w += k;
        if (*w)
            *w++ = '\0';
    }
    run(c, n, argv);
    return 0;
}

static int
backup(struct cli *c)
{
    char file[LINE_MAX_];
    if (ask(c, "cli_prompt_file", NULL, file, sizeof file) < 0)
        return -1;
    char *argv[] = {"backup", "--", file};
    run(c, 3, argv);
    return 0;
}

static void
menu(struct cli *c)
{
    static const char *const items[] = {"cli_menu_list",    "cli_menu_add",
                                        "cli_menu_remove",  "cli_menu_connect",
                                        "cli_menu_cluster", "cli_menu_backup",
                                        "cli_menu_status"};
    printf("\n%s\n", cli_text(c, "cli_menu_title", c->db_path, NULL));
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        printf("  %zu) %s\n", i + 1, cli_text(c, items[i], NULL, NULL));
    printf("  0) %s\n", cli_text(c, "cli_menu_quit", NULL, NULL));
}

int
cli_cmd_manage(struct cli *c, int argc, char **argv)
{
    const char *pos[1];
    char line[LINE_MAX_];
    size_t npos;
    int rc = cli_args(c, argc, argv, NULL, pos, 0, &npos);

    if (rc != 0)
        return rc;
    if (c->help)
        return cli_help(c, "manage");
    c->json = 0; /* a menu is for people */
    c->in_manage = 1;
    cli_db_resolve(c);
    for (int round = 0; round < MAX_ROUNDS; round++) {
        menu(c);
        if (ask(c, "cli_menu_choice", NULL, line, sizeof line) < 0)
            break;
        int r = 0;
        if (strcmp(line, "0") == 0 || strcmp(line, "q") == 0) {
            break;
        } else if (strcmp(line, "1") == 0) {
            char *a[] = {"servers", "list"};
            run(c, 2, a);
        } else if (strcmp(line, "2") == 0) {
            r = add_server(c);
        } else if (strcmp(line, "3") == 0) {
            r = remove_server(c);
        } else if (strcmp(line, "4") == 0) {
            r = connect_pair(c);
        } else if (strcmp(line, "5") == 0) {
            r = create_cluster(c);
        } else if (strcmp(line, "6") == 0) {
            r = backup(c);
        } else if (strcmp(line, "7") == 0) {
            char *a[] = {"status"};
            run(c, 1, a);
        } else if (line[0] != '\0') {
            cli_say(c, "cli_menu_bad", NULL, NULL);
        }
        if (r < 0)
            break; /* input ended inside a task */
    }
    printf("\n%s\n", cli_text(c, "cli_menu_bye", NULL, NULL));
    return CLI_OK;
}
