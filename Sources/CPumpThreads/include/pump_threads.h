/* What PumpThreads needs below Swift: Swift concurrency's global-executor hooks (so the daemon's
 * tasks run on threads pumpd owns instead of libdispatch's worker pool), an eventfd, and a thread
 * started with an explicit scheduling policy. */
#ifndef PUMP_THREADS_H
#define PUMP_THREADS_H

#include <stdint.h>

/* Receives every job Swift concurrency hands its global executor: `job` is the runtime's Job
 * pointer (an UnownedJob), `delay_ns` how long from now it is to wait (0: run as soon as may be). */
typedef void (*pump_threads_enqueue_fn)(void *job, int64_t delay_ns);

/* Routes swift_task_enqueueGlobal, ...WithDelay and ...WithDeadline to `enqueue`. Returns 1 when
 * installed, 0 when another hook was already there (nothing is then changed). Call it before the
 * first task starts. */
int pump_threads_take_over_global_executor(pump_threads_enqueue_fn enqueue);

/* A blocking, close-on-exec eventfd, or -errno. */
int pump_threads_eventfd(void);

/* Starts a detached thread running `body(context)` at SCHED_OTHER (never inheriting a creator's
 * real-time policy), with every signal blocked, named `name` (at most 15 bytes; a longer one is
 * left unset) by the thread itself before `body` runs. 0 or an errno. */
int pump_threads_start(void (*body)(void *), void *context, const char *name);

#endif
