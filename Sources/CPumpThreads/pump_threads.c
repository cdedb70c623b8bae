#define _GNU_SOURCE
#include "pump_threads.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>

/* The runtime's hooks (swift/Runtime/ConcurrencyHooks.def): Swift calling convention, the
 * original implementation passed last. */
typedef struct PumpSwiftJob PumpSwiftJob;
#define PUMP_SWIFTCC __attribute__((swiftcall))
typedef PUMP_SWIFTCC void (*enqueue_original)(PumpSwiftJob *);
typedef PUMP_SWIFTCC void (*enqueue_hook)(PumpSwiftJob *, enqueue_original);
typedef PUMP_SWIFTCC void (*delay_original)(unsigned long long, PumpSwiftJob *);
typedef PUMP_SWIFTCC void (*delay_hook)(unsigned long long, PumpSwiftJob *, delay_original);
typedef PUMP_SWIFTCC void (*deadline_original)(long long, long long, long long, long long, int, PumpSwiftJob *);
typedef PUMP_SWIFTCC void (*deadline_hook)(long long, long long, long long, long long, int, PumpSwiftJob *, deadline_original);
extern enqueue_hook swift_task_enqueueGlobal_hook;
extern delay_hook swift_task_enqueueGlobalWithDelay_hook;
extern deadline_hook swift_task_enqueueGlobalWithDeadline_hook;

static pump_threads_enqueue_fn target;

static PUMP_SWIFTCC void on_enqueue(PumpSwiftJob *job, enqueue_original original) {
    (void)original;
    target(job, 0);
}

static PUMP_SWIFTCC void on_delay(unsigned long long delay, PumpSwiftJob *job, delay_original original) {
    (void)original;
    target(job, delay > INT64_MAX ? INT64_MAX : (int64_t)delay);
}

/* The deadline is on Swift's clock `clock` (1: continuous, CLOCK_BOOTTIME; 2: suspending,
 * CLOCK_MONOTONIC on Linux): what is left of it now, on that clock. */
static PUMP_SWIFTCC void on_deadline(long long sec, long long nsec, long long tsec, long long tnsec, int clock,
                                     PumpSwiftJob *job, deadline_original original) {
    (void)tsec; (void)tnsec; (void)original;
    struct timespec now;
    clock_gettime(clock == 1 ? CLOCK_BOOTTIME : CLOCK_MONOTONIC, &now);
    long long left = (sec - (long long)now.tv_sec) * 1000000000LL + (nsec - (long long)now.tv_nsec);
    target(job, left > 0 ? (int64_t)left : 0);
}

int pump_threads_take_over_global_executor(pump_threads_enqueue_fn enqueue) {
    if (swift_task_enqueueGlobal_hook || swift_task_enqueueGlobalWithDelay_hook || swift_task_enqueueGlobalWithDeadline_hook)
        return 0;
    target = enqueue;
    __atomic_store_n(&swift_task_enqueueGlobalWithDelay_hook, on_delay, __ATOMIC_RELEASE);
    __atomic_store_n(&swift_task_enqueueGlobalWithDeadline_hook, on_deadline, __ATOMIC_RELEASE);
    __atomic_store_n(&swift_task_enqueueGlobal_hook, on_enqueue, __ATOMIC_RELEASE);
    return 1;
}

int pump_threads_eventfd(void) {
    int fd = eventfd(0, EFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

struct start_context {
    void (*body)(void *);
    void *context;
    char name[16];
    int named;
};

static void *trampoline(void *raw) {
    struct start_context start = *(struct start_context *)raw;
    free(raw);
    /* Named by the thread itself, before its body runs: for the calling thread glibc sets the
     * name with one prctl, where naming another thread opens, writes and closes its
     * /proc/self/task/TID/comm on the starting thread (a daemon start measured ~70 us less with it here). */
    if (start.named) pthread_setname_np(pthread_self(), start.name);
    start.body(start.context);
    return NULL;
}

int pump_threads_start(void (*body)(void *), void *context, const char *name) {
    struct start_context *start = malloc(sizeof *start);
    if (!start) return ENOMEM;
    start->body = body;
    start->context = context;
    /* A name longer than a thread name's 15 bytes is left unset, as pthread_setname_np refuses it. */
    size_t length = strnlen(name, sizeof start->name);
    start->named = length < sizeof start->name;
    if (start->named) memcpy(start->name, name, length + 1);
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setinheritsched(&attributes, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&attributes, SCHED_OTHER);
    struct sched_param parameters = { .sched_priority = 0 };
    pthread_attr_setschedparam(&attributes, &parameters);
    /* Started with every signal blocked: a worker never takes one meant for the daemon's main
     * thread (which waits for them in sigtimedwait), whichever thread starts it and when. */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pthread_t thread;
    int rc = pthread_create(&thread, &attributes, trampoline, start);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    pthread_attr_destroy(&attributes);
    if (rc != 0) {
        free(start);
        return rc;
    }
    return 0;
}
