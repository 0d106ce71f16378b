/* alert_action_proc.c — runs a program for an action: its own process
 * group, a clean environment, stdin from memory, stdout+stderr captured up
 * to a cap, and a deadline after which the whole group is killed.
 * SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE /* close_range */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "alert_action_int.h"

#define KILL_GRACE_MS 500  /* SIGTERM, then SIGKILL this much later */
#define REAP_MS       1000 /* how long to wait for a killed group */
#define CAPTURE_MAX   4096 /* bytes kept of the output (the rest drained) */

static void
sleep_ms(long long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void
child(int in_fd, int out_fd, char *const argv[], char *const env[])
{
    struct sigaction sa;
    sigset_t none;
    int sig;

    setpgid(0, 0);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (sig = 1; sig < NSIG; sig++)
        sigaction(sig, &sa, NULL); /* fails harmlessly for KILL/STOP */
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
        _exit(126);
    /* Nothing of the caller (its database, its sockets) reaches the
     * program. */
    if (close_range(3, ~0U, 0) != 0) {
        int fd;
        for (fd = 3; fd < 4096; fd++)
            close(fd);
    }
    execve(argv[0], argv, env);
    _exit(127);
}

/* Waits for pid until deadline_ms; 1 reaped (*status set), 0 not yet. */
static int
reap(pid_t pid, int *status, long long deadline_ms)
{
    for (;;) {
        pid_t w = waitpid(pid, status, WNOHANG);
        if (w == pid)
            return 1;
        if (w < 0 && errno != EINTR) {
            *status = -1; /* ECHILD: SIGCHLD ignored by the caller */
            return 1;
        }
        if (aa_now_ms() >= deadline_ms)
            return 0;
        sleep_ms(10);
    }
}

static void
kill_group(pid_t pid, int *status, int *reaped)
{
    long long t;
    kill(-pid, SIGTERM);
    t = aa_now_ms();
    if (reap(pid, status, t + KILL_GRACE_MS)) {
        *reaped = 1;
        kill(-pid, SIGKILL); /* what the leader left behind */
        return;
    }
    kill(-pid, SIGKILL);
    *reaped = reap(pid, status, aa_now_ms() + REAP_MS);
}

int
aa_proc_run(char *const argv[], char *const env[], const char *in, size_t inlen,
            long long deadline_ms, struct alert_action_result *r)
{
    int inp[2] = {-1, -1}, outp[2] = {-1, -1};
    struct sigaction ign, old_pipe;
    char cap[CAPTURE_MAX];
    size_t caplen = 0, sent = 0;
    int status = 0, reaped = 0, rc = -1;
    pid_t pid;

    r->attempts = 1;
    r->exit_code = -1;
    if (pipe2(inp, O_CLOEXEC) != 0 || pipe2(outp, O_CLOEXEC) != 0) {
        aa_fail(r, "action_err_spawn", "cannot create a pipe: %s",
                strerror(errno));
        goto close_out;
    }
    /* A program that exits without reading its input must not kill us. */
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old_pipe);
    pid = fork();
    if (pid < 0) {
        aa_fail(r, "action_err_spawn", "cannot start %s: %s", argv[0],
                strerror(errno));
        goto restore;
    }
    if (pid == 0)
        child(inp[0], outp[1], argv, env);
    setpgid(pid, pid); /* either side may win the race; both set it */
    close(inp[0]);
    close(outp[1]);
    inp[0] = outp[1] = -1;
    fcntl(inp[1], F_SETFL, O_NONBLOCK);
    if (!in || inlen == 0) {
        close(inp[1]);
        inp[1] = -1;
    }

    /* Feed stdin and read the output until the output closes, the
     * program exits or the deadline passes. */
    while (!reaped) {
        struct pollfd p[2];
        nfds_t np = 0;
        long long left = aa_left_ms(deadline_ms);
        int outi = -1, ini = -1;
        if (left <= 0) {
            r->timed_out = 1;
            break;
        }
        if (outp[0] >= 0) {
            p[np].fd = outp[0];
            p[np].events = POLLIN;
            outi = (int)np++;
        }
        if (inp[1] >= 0) {
            p[np].fd = inp[1];
            p[np].events = POLLOUT;
            ini = (int)np++;
        }
        if (np == 0) { /* output closed: wait for the exit */
            reaped = reap(pid, &status, deadline_ms);
            if (!reaped)
                r->timed_out = 1;
            break;
        }
        if (poll(p, np, (int)(left < 50 ? left : 50)) < 0 && errno != EINTR)
            break;
        if (outi >= 0 && (p[outi].revents & (POLLIN | POLLHUP | POLLERR))) {
            char tmp[4096];
            ssize_t got = read(outp[0], tmp, sizeof tmp);
            if (got > 0) {
                size_t keep = (size_t)got;
                if (keep > sizeof cap - caplen)
                    keep = sizeof cap - caplen;
                memcpy(cap + caplen, tmp, keep);
                caplen += keep;
            } else if (got == 0 || errno != EINTR) {
                close(outp[0]);
                outp[0] = -1;
            }
        }
        if (ini >= 0 && (p[ini].revents & (POLLOUT | POLLHUP | POLLERR))) {
            ssize_t w = write(inp[1], in + sent, inlen - sent);
            if (w > 0)
                sent += (size_t)w;
            if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == inlen) {
                close(inp[1]);
                inp[1] = -1;
            }
        }
        /* The program may have exited while a child of its own keeps the
         * output open: do not wait for that one. */
        if (waitpid(pid, &status, WNOHANG) == pid)
            reaped = 1;
    }
    if (!reaped)
        kill_group(pid, &status, &reaped);
    if (outp[0] >= 0) { /* what is already in the pipe */
        char tmp[4096];
        ssize_t got;
        fcntl(outp[0], F_SETFL, O_NONBLOCK);
        while (caplen < sizeof cap &&
               (got = read(outp[0], tmp, sizeof tmp)) > 0) {
            size_t keep = (size_t)got;
            if (keep > sizeof cap - caplen)
                keep = sizeof cap - caplen;
            memcpy(cap + caplen, tmp, keep);
            caplen += keep;
        }
    }
    aa_set_output(r, cap, caplen);
    if (r->timed_out)
        aa_fail(r, "action_err_timeout",
                "%s did not finish in time and was killed", argv[0]);
    else if (!reaped || status == -1)
        aa_fail(r, "action_err_wait", "cannot tell how %s ended", argv[0]);
    else if (WIFSIGNALED(status))
        aa_fail(r, "action_err_signal", "%s was killed by signal %d", argv[0],
                WTERMSIG(status));
    else if (WIFEXITED(status)) {
        r->exit_code = WEXITSTATUS(status);
        if (r->exit_code == 127)
            aa_fail(r, "action_err_exit", "%s could not be run (exit 127)",
                    argv[0]);
        else if (r->exit_code != 0)
            aa_fail(r, "action_err_exit", "%s exited with status %d", argv[0],
                    r->exit_code);
        else
            rc = 0;
    }
restore:
    sigaction(SIGPIPE, &old_pipe, NULL);
close_out:
    if (inp[0] >= 0)
        close(inp[0]);
    if (inp[1] >= 0)
        close(inp[1]);
    if (outp[0] >= 0)
        close(outp[0]);
    if (outp[1] >= 0)
        close(outp[1]);
    return rc;
}
