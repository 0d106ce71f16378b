/* rss.c — run a command and report its peak resident set size.
 *
 *   rss [-e NAME=VALUE]... [-i STDIN] [-o STDOUT] [-C DIR] -- CMD [ARG]...
 *
 * With any -e, the command gets exactly those variables; otherwise it
 * inherits rss's environment. stdin comes from STDIN (default /dev/null),
 * stdout goes to STDOUT (default /dev/null); stderr is inherited. -C runs it
 * in DIR. Prints one line, "peak_rss_kib=N exit=S" (S is 128+signal when the
 * command was killed), from wait4()'s ru_maxrss. Exits 0 when the command
 * ran and was measured, 2 on a usage or start error.
 * SPDX-License-Identifier: BSD-3-Clause */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ENV 256

static void usage(void)
{
    fputs("usage: rss [-e NAME=VALUE]... [-i STDIN] [-o STDOUT] [-C DIR] "
          "-- CMD [ARG]...\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    char *envv[MAX_ENV + 1];
    size_t nenv = 0;
    const char *in = "/dev/null", *out = "/dev/null", *dir = NULL;
    int opt;

    while ((opt = getopt(argc, argv, "+e:i:o:C:")) != -1) {
        switch (opt) {
        case 'e':
            if (nenv >= MAX_ENV || strchr(optarg, '=') == NULL)
                usage();
            envv[nenv++] = optarg;
            break;
        case 'i': in = optarg; break;
        case 'o': out = optarg; break;
        case 'C': dir = optarg; break;
        default: usage();
        }
    }
    if (optind >= argc)
        usage();
    envv[nenv] = NULL;

    pid_t pid = fork();
    if (pid < 0) {
        perror("rss: fork");
        return 2;
    }
    if (pid == 0) {
        int fi = open(in, O_RDONLY);
        int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fi < 0 || fo < 0 || dup2(fi, 0) < 0 || dup2(fo, 1) < 0) {
            perror("rss: redirect");
            _exit(127);
        }
        close(fi);
        close(fo);
        if (dir != NULL && chdir(dir) != 0) {
            perror("rss: chdir");
            _exit(127);
        }
        extern char **environ;
        if (nenv > 0)
            environ = envv;
        execvp(argv[optind], &argv[optind]);
        fprintf(stderr, "rss: %s: %s\n", argv[optind], strerror(errno));
        _exit(127);
    }

    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("rss: wait4");
            return 2;
        }
    }
    int code = WIFEXITED(status)     ? WEXITSTATUS(status)
               : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                     : 255;
    /* On Linux ru_maxrss is in kilobytes (KiB). */
    printf("peak_rss_kib=%ld exit=%d\n", ru.ru_maxrss, code);
    return code == 127 ? 2 : 0;
}
