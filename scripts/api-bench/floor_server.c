/*
 * The floor for scripts/api-bench.sh: the least a Varlink server on a Unix stream socket can do.
 * One thread, epoll, non-blocking sockets; every NUL-terminated message received is answered
 * with a fixed reply of REPLY_BYTES bytes (the NUL included), the size of pumpd's GetStatus reply,
 * so the kernel copies as much as it does for pumpd. Nothing is parsed.
 *
 *   floor_server SOCKET REPLY_BYTES
 *
 * Runs until SIGTERM or SIGINT, then removes SOCKET and exits 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct connection {
    int fd;
    size_t pending; /* replies owed but not yet fully written */
    size_t offset;  /* bytes of the current reply already written */
    int watching_out; /* EPOLLOUT armed: the socket was full */
};

static volatile sig_atomic_t stopping;
static void on_signal(int signo) { (void)signo; stopping = 1; }

static char *reply;
static size_t reply_size;

static void close_connection(int epoll_fd, struct connection *c) {
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c);
}

/* Writes what is owed; 0 when all is written, 1 when the socket is full, -1 on error. */
static int flush(struct connection *c) {
    while (c->pending > 0) {
        ssize_t n = write(c->fd, reply + c->offset, reply_size - c->offset);
        if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 1 : (errno == EINTR ? flush(c) : -1);
        c->offset += (size_t)n;
        if (c->offset == reply_size) { c->offset = 0; c->pending--; }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s SOCKET REPLY_BYTES\n", argv[0]); return 64; }
    long size = strtol(argv[2], NULL, 10);
    if (size < 16 || size > (1 << 24)) { fprintf(stderr, "%s: REPLY_BYTES must be 16 to 16 MiB\n", argv[0]); return 64; }
    reply_size = (size_t)size;
    /* {"parameters":{"pad":"xxx…"}} and the NUL, exactly reply_size bytes. */
    reply = malloc(reply_size);
    if (!reply) return 1;
    static const char head[] = "{\"parameters\":{\"pad\":\"", tail[] = "\"}}";
    memset(reply, 'x', reply_size);
    memcpy(reply, head, sizeof head - 1);
    memcpy(reply + reply_size - 1 - (sizeof tail - 1), tail, sizeof tail - 1);
    reply[reply_size - 1] = '\0';

    struct sigaction action = {0};
    action.sa_handler = on_signal;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(argv[1]) >= sizeof address.sun_path) { fprintf(stderr, "%s: socket path too long\n", argv[0]); return 64; }
    strcpy(address.sun_path, argv[1]);
    unlink(argv[1]);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listener < 0 || bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 1024) != 0) {
        perror("floor_server: socket");
        return 5;
    }
    int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener, &event);

    char buffer[65536];
    struct epoll_event events[64];
    while (!stopping) {
        int count = epoll_wait(epoll_fd, events, 64, -1);
        if (count < 0) {
            if (errno == EINTR) continue;
            perror("floor_server: epoll_wait");
            break;
        }
        for (int i = 0; i < count; i++) {
            struct connection *c = events[i].data.ptr;
            if (c == NULL) {
                int fd;
                while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    struct connection *accepted = calloc(1, sizeof *accepted);
                    if (!accepted) { close(fd); continue; }
                    accepted->fd = fd;
                    struct epoll_event add = {.events = EPOLLIN, .data.ptr = accepted};
                    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &add);
                }
                continue;
            }
            int closed = 0;
            if (events[i].events & EPOLLIN) {
                for (;;) {
                    ssize_t n = read(c->fd, buffer, sizeof buffer);
                    if (n > 0) {
                        for (ssize_t j = 0; j < n; j++) c->pending += buffer[j] == '\0';
                        if ((size_t)n == sizeof buffer) continue;
                        break; /* level-triggered: epoll says so if more comes */
                    }
                    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) closed = 1;
                    if (n < 0 && errno == EINTR) continue;
                    break;
                }
            } else if (events[i].events & (EPOLLHUP | EPOLLERR)) {
                closed = 1;
            }
            int state = closed ? -1 : flush(c);
            if (state < 0) { close_connection(epoll_fd, c); continue; }
            if ((state == 1) != c->watching_out) {
                c->watching_out = state == 1;
                struct epoll_event modify = {.events = EPOLLIN | (state == 1 ? EPOLLOUT : 0), .data.ptr = c};
                epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c->fd, &modify);
            }
        }
    }
    unlink(argv[1]);
    return 0;
}
