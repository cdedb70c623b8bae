/*
 * The load generator and probes of scripts/api-bench.sh. Varlink over a Unix stream socket: each
 * call is one NUL-terminated JSON message, its reply read up to its NUL; every round trip timed
 * with CLOCK_MONOTONIC. Prints one `RESULT key=value …` line on stdout.
 *
 *   loadgen load SOCKET MESSAGE [--clients N] [--seconds S] [--warmup-ms W] [--calls K]
 *       N client threads (default 1: sequential), each its own connection, one call at a time in
 *       a tight loop for W ms unrecorded (default 500) and then S s recorded (default 5), or K
 *       recorded calls each (then no warm-up unless asked; S 0: no time bound).
 *       RESULT calls elapsed_ns calls_per_s p50_ns p99_ns max_ns errors reply_bytes
 *       (errors: replies carrying "error"; reply_bytes: the last reply's size, NUL included)
 *   loadgen exec SOCKET MESSAGE EXPECT LOGFILE -- COMMAND [ARGS…]
 *       Removes SOCKET, execs COMMAND (its output to LOGFILE), sends MESSAGE as soon as SOCKET
 *       accepts a connection and again until a reply contains EXPECT; then SIGTERM to COMMAND.
 *       RESULT exec_to_reply_ns attempts exit_status
 *   loadgen tick INTERVAL_MS SECONDS
 *       The reference sleeper: wakes every INTERVAL_MS on absolute deadlines and does nothing.
 *
 * Exit 0 on success; 1 when no call succeeded or the command never answered; 64 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void sleep_ns(uint64_t ns) {
    struct timespec t = {.tv_sec = (time_t)(ns / 1000000000u), .tv_nsec = (long)(ns % 1000000000u)};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {}
}

static int usage(void) {
    fprintf(stderr, "usage: loadgen load SOCKET MESSAGE [--clients N] [--seconds S] [--warmup-ms W] [--calls K]\n"
                    "       loadgen exec SOCKET MESSAGE EXPECT LOGFILE -- COMMAND [ARGS...]\n"
                    "       loadgen tick INTERVAL_MS SECONDS\n");
    return 64;
}

/* --- A connection: one call at a time ------------------------------------------------------- */

struct connection {
    int fd;
    char *buffer;
    size_t capacity, used; /* bytes read past the last reply (a server never sends them unasked) */
};

static int connect_to(const char *path) {
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof address.sun_path) { errno = ENAMETOOLONG; return -1; }
    strcpy(address.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/* Sends message (length bytes, its NUL included) and reads the reply up to its NUL: the reply's
 * length without the NUL, or -1 (errno set; 0 for a closed connection). */
static ssize_t call(struct connection *c, const char *message, size_t length) {
    for (size_t sent = 0; sent < length;) {
        ssize_t n = write(c->fd, message + sent, length - sent);
        if (n < 0) { if (errno == EINTR) continue; return -1; }
        sent += (size_t)n;
    }
    size_t scanned = 0;
    for (;;) {
        char *end = memchr(c->buffer + scanned, '\0', c->used - scanned);
        if (end) return end - c->buffer;
        scanned = c->used;
        if (c->used == c->capacity) {
            if (c->capacity >= (64u << 20)) { errno = EMSGSIZE; return -1; }
            char *grown = realloc(c->buffer, c->capacity * 2);
            if (!grown) return -1;
            c->buffer = grown;
            c->capacity *= 2;
        }
        ssize_t n = read(c->fd, c->buffer + c->used, c->capacity - c->used);
        if (n == 0) { errno = 0; return -1; }
        if (n < 0) { if (errno == EINTR) continue; return -1; }
        c->used += (size_t)n;
    }
}

/* Drops the reply call() returned (length bytes and its NUL) from the buffer. */
static void consume(struct connection *c, size_t length) {
    memmove(c->buffer, c->buffer + length + 1, c->used - length - 1);
    c->used -= length + 1;
}

/* --- load ------------------------------------------------------------------------------------ */

struct client {
    pthread_t thread;
    const char *path, *message;
    size_t length;
    pthread_barrier_t *barrier;
    const uint64_t *start_ns; /* set by main before the barrier releases the clients */
    uint64_t warmup_ns, window_ns, max_calls, finished_ns;
    uint64_t *latencies;
    size_t count, capacity;
    uint64_t errors, reply_bytes;
    char first_error[256];
};

static void *run_client(void *argument) {
    struct client *client = argument;
    struct connection c = {.fd = connect_to(client->path), .capacity = 65536};
    c.buffer = malloc(c.capacity);
    if (c.fd < 0 || !c.buffer) {
        client->errors++;
        snprintf(client->first_error, sizeof client->first_error, "connect: %s", strerror(errno));
    }
    pthread_barrier_wait(client->barrier);
    uint64_t recording_from = *client->start_ns + client->warmup_ns;
    uint64_t until = client->window_ns ? recording_from + client->window_ns : UINT64_MAX;
    while (c.fd >= 0 && client->count < client->max_calls) {
        uint64_t sent = now_ns();
        if (sent >= until) break;
        ssize_t length = call(&c, client->message, client->length);
        uint64_t received = now_ns();
        if (length < 0) {
            client->errors++;
            snprintf(client->first_error, sizeof client->first_error, "call: %s", errno ? strerror(errno) : "connection closed");
            break;
        }
        if (sent >= recording_from) {
            if (client->count == client->capacity) {
                size_t capacity = client->capacity ? client->capacity * 2 : 65536;
                uint64_t *grown = realloc(client->latencies, capacity * sizeof *grown);
                if (!grown) break;
                client->latencies = grown;
                client->capacity = capacity;
            }
            client->latencies[client->count++] = received - sent;
            client->reply_bytes = (uint64_t)length + 1;
            c.buffer[length] = '\0';
            if (strstr(c.buffer, "\"error\"")) {
                if (client->errors++ == 0) snprintf(client->first_error, sizeof client->first_error, "%.200s", c.buffer);
            }
        }
        consume(&c, (size_t)length);
    }
    client->finished_ns = now_ns();
    if (c.fd >= 0) close(c.fd);
    free(c.buffer);
    return NULL;
}

static int compare(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest rank. */
static uint64_t percentile(const uint64_t *sorted, size_t count, double p) {
    if (count == 0) return 0;
    size_t rank = (size_t)(p / 100.0 * (double)count + 0.999999999);
    if (rank < 1) rank = 1;
    if (rank > count) rank = count;
    return sorted[rank - 1];
}

static int load(int argc, char **argv) {
    if (argc < 4) return usage();
    const char *path = argv[2];
    long clients = 1;
    double seconds = 5, warmup_ms = 500;
    uint64_t calls = UINT64_MAX;
    int warmup_given = 0, seconds_given = 0;
    for (int i = 4; i < argc; i++) {
        if (i + 1 >= argc) return usage();
        if (!strcmp(argv[i], "--clients")) clients = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seconds")) { seconds = strtod(argv[++i], NULL); seconds_given = 1; }
        else if (!strcmp(argv[i], "--warmup-ms")) { warmup_ms = strtod(argv[++i], NULL); warmup_given = 1; }
        else if (!strcmp(argv[i], "--calls")) calls = strtoull(argv[++i], NULL, 10);
        else return usage();
    }
    if (calls != UINT64_MAX) {
        if (!warmup_given) warmup_ms = 0;
        if (!seconds_given) seconds = 0;
    }
    if (clients < 1 || clients > 4096 || seconds < 0 || warmup_ms < 0 || calls == 0) return usage();
    if (seconds == 0 && calls == UINT64_MAX) return usage();

    size_t length = strlen(argv[3]) + 1; /* the NUL frames the message */
    struct client *all = calloc((size_t)clients, sizeof *all);
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, (unsigned)clients + 1);
    uint64_t start = 0;
    for (long i = 0; i < clients; i++) {
        all[i] = (struct client){.path = path, .message = argv[3], .length = length, .barrier = &barrier, .start_ns = &start,
                                 .warmup_ns = (uint64_t)(warmup_ms * 1e6), .window_ns = (uint64_t)(seconds * 1e9), .max_calls = calls};
        if (pthread_create(&all[i].thread, NULL, run_client, &all[i]) != 0) { perror("loadgen: pthread_create"); return 1; }
    }
    start = now_ns();
    pthread_barrier_wait(&barrier);
    size_t total = 0;
    uint64_t errors = 0, reply_bytes = 0, finished = 0;
    const char *first_error = NULL;
    for (long i = 0; i < clients; i++) {
        pthread_join(all[i].thread, NULL);
        total += all[i].count;
        errors += all[i].errors;
        if (all[i].reply_bytes) reply_bytes = all[i].reply_bytes;
        if (all[i].finished_ns > finished) finished = all[i].finished_ns;
        if (!first_error && all[i].first_error[0]) first_error = all[i].first_error;
    }
    uint64_t *merged = malloc((total ? total : 1) * sizeof *merged);
    size_t at = 0;
    for (long i = 0; i < clients; i++) {
        memcpy(merged + at, all[i].latencies, all[i].count * sizeof *merged);
        at += all[i].count;
    }
    qsort(merged, total, sizeof *merged, compare);
    uint64_t recording_from = start + (uint64_t)(warmup_ms * 1e6);
    uint64_t elapsed = finished > recording_from ? finished - recording_from : 1;
    printf("RESULT calls=%zu elapsed_ns=%llu calls_per_s=%.1f p50_ns=%llu p99_ns=%llu max_ns=%llu errors=%llu reply_bytes=%llu\n",
           total, (unsigned long long)elapsed, (double)total * 1e9 / (double)elapsed,
           (unsigned long long)percentile(merged, total, 50), (unsigned long long)percentile(merged, total, 99),
           (unsigned long long)(total ? merged[total - 1] : 0), (unsigned long long)errors, (unsigned long long)reply_bytes);
    if (first_error) fprintf(stderr, "loadgen: %llu errors; first: %s\n", (unsigned long long)errors, first_error);
    return total > 0 ? 0 : 1;
}

/* --- exec ------------------------------------------------------------------------------------ */

static int exec_probe(int argc, char **argv) {
    if (argc < 8 || strcmp(argv[6], "--")) return usage();
    const char *path = argv[2], *message = argv[3], *expect = argv[4], *log = argv[5];
    unlink(path);
    uint64_t started = now_ns();
    pid_t child = fork();
    if (child < 0) { perror("loadgen: fork"); return 1; }
    if (child == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); }
        execvp(argv[7], argv + 7);
        perror("loadgen: exec");
        _exit(127);
    }
    struct connection c = {.fd = -1, .capacity = 65536};
    c.buffer = malloc(c.capacity);
    uint64_t answered = 0, attempts = 0, deadline = started + 60ull * 1000000000u;
    int status = 0, exited = 0;
    while (!answered && now_ns() < deadline) {
        if (waitpid(child, &status, WNOHANG) == child) { exited = 1; break; }
        if (c.fd < 0) c.fd = connect_to(path);
        if (c.fd < 0) { sleep_ns(100000); continue; }
        attempts++;
        ssize_t length = call(&c, message, strlen(message) + 1);
        if (length < 0) { close(c.fd); c.fd = -1; c.used = 0; sleep_ns(100000); continue; }
        c.buffer[length] = '\0';
        if (strstr(c.buffer, expect)) answered = now_ns();
        else sleep_ns(1000000);
        consume(&c, (size_t)length);
    }
    if (c.fd >= 0) close(c.fd);
    if (!exited) {
        kill(child, SIGTERM);
        for (int i = 0; i < 3000 && waitpid(child, &status, WNOHANG) != child; i++) sleep_ns(10000000);
        if (kill(child, 0) == 0) { kill(child, SIGKILL); waitpid(child, &status, 0); }
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (!answered) {
        fprintf(stderr, "loadgen: %s never answered with \"%s\" (%s, exit %d; its output: %s)\n", argv[7], expect,
                exited ? "it exited" : "60 s", code, log);
        return 1;
    }
    printf("RESULT exec_to_reply_ns=%llu attempts=%llu exit_status=%d\n", (unsigned long long)(answered - started),
           (unsigned long long)attempts, code);
    return 0;
}

/* --- tick ------------------------------------------------------------------------------------ */

static int tick(int argc, char **argv) {
    if (argc != 4) return usage();
    long interval_ms = strtol(argv[2], NULL, 10);
    double seconds = strtod(argv[3], NULL);
    if (interval_ms < 1 || seconds <= 0) return usage();
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    uint64_t end = now_ns() + (uint64_t)(seconds * 1e9);
    while (now_ns() < end) {
        next.tv_nsec += interval_ms * 1000000L;
        while (next.tv_nsec >= 1000000000L) { next.tv_nsec -= 1000000000L; next.tv_sec++; }
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {}
    }
    return 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) return usage();
    if (!strcmp(argv[1], "load")) return load(argc, argv);
    if (!strcmp(argv[1], "exec")) return exec_probe(argc, argv);
    if (!strcmp(argv[1], "tick")) return tick(argc, argv);
    return usage();
}
