/* listener.c — the targets of bench/probes.sh: one epoll loop serving a
 * TCP port that accepts and closes, and an HTTP port that answers every
 * request with "200 ok" and closes (like nginx's `return 200`).
 *
 *   listener ADDR TCP_PORT HTTP_PORT [WORKERS]
 *
 * WORKERS processes (default 2, one per core here) share the ports
 * (SO_REUSEPORT), so that the targets are not the bottleneck; a request
 * already there when a connection is accepted is answered at once (no
 * epoll round for it).
 * ADDR 0.0.0.0 (so that every 127.x.y.z reaches it) is refused unless the
 * only network interface is lo: run it in a private network namespace
 * (unshare -n), where nothing can come from outside.
 * SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

static const char REPLY[] = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
                            "Content-Length: 3\r\nConnection: close\r\n\r\n"
                            "ok\n";

/* 1 when /proc/net/dev lists lo and nothing else. */
static int
only_loopback(void)
{
    char line[512];
    int others = 0;
    FILE *f = fopen("/proc/net/dev", "r");
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (colon == NULL)
            continue;
        *colon = '\0';
        char *name = line + strspn(line, " ");
        if (strcmp(name, "lo") != 0)
            others++;
    }
    fclose(f);
    return others == 0;
}

static int
listen_on(const char *addr, int port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0 || inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
        listen(fd, 65535) < 0)
        return -1;
    return fd;
}

/* Reads a request from c and answers it, then closes c: 1. 0 when
 * nothing has arrived yet (c stays open). */
static int
answer(int c)
{
    char buf[4096];
    ssize_t r = read(c, buf, sizeof buf);
    if (r < 0 && errno == EAGAIN)
        return 0;
    if (r > 0 && write(c, REPLY, sizeof REPLY - 1) < 0)
        r = -1;
    close(c);
    return 1;
}

int
main(int argc, char **argv)
{
    struct epoll_event ev[256];
    int ep, tcp, http;

    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: listener ADDR TCP_PORT HTTP_PORT [WORKERS]\n");
        return 2;
    }
    int workers = argc == 5 ? atoi(argv[4]) : 2;
    if (strcmp(argv[1], "127.0.0.1") != 0 && !only_loopback()) {
        fprintf(stderr,
                "listener: refusing %s outside a private network "
                "namespace (unshare -n)\n",
                argv[1]);
        return 2;
    }
    for (int w = 1; w < workers; w++)
        if (fork() == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM); /* ends with the first one */
            break; /* each worker listens on its own sockets */
        }
    tcp = listen_on(argv[1], atoi(argv[2]));
    http = listen_on(argv[1], atoi(argv[3]));
    if (tcp < 0 || http < 0) {
        perror("listener");
        return 1;
    }
    ep = epoll_create1(0);
    struct epoll_event a = {.events = EPOLLIN, .data.u64 = 1};
    struct epoll_event b = {.events = EPOLLIN, .data.u64 = 2};
    epoll_ctl(ep, EPOLL_CTL_ADD, tcp, &a);
    epoll_ctl(ep, EPOLL_CTL_ADD, http, &b);
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        int n = epoll_wait(ep, ev, 256, -1);
        for (int i = 0; i < n; i++) {
            uint64_t k = ev[i].data.u64;
            if (k == 1) {
                int c;
                while ((c = accept4(tcp, NULL, NULL, SOCK_NONBLOCK)) >= 0)
                    close(c);
            } else if (k == 2) {
                int c;
                while ((c = accept4(http, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    /* The request is usually there already (the client
                     * writes it as soon as it is connected): answer at
                     * once, and watch the socket only when it is not. */
                    if (answer(c) != 0)
                        continue;
                    struct epoll_event r = {.events = EPOLLIN,
                                            .data.u64 = 3 + (uint64_t)c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &r);
                }
            } else {
                answer((int)(k - 3));
            }
        }
    }
}
