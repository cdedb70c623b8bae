/* The few Linux calls the control loop needs that Swift's Glibc module does not expose: eventfd,
 * timerfd with absolute CLOCK_MONOTONIC deadlines, epoll, SCHED_FIFO and mlockall. Each returns 0
 * (or a descriptor) on success and -errno on failure. */
#ifndef PUMP_SYS_H
#define PUMP_SYS_H

#include <stdint.h>

/* A non-blocking, close-on-exec eventfd. */
int pump_eventfd(void);
/* Adds one to an eventfd counter / resets it to zero. */
int pump_eventfd_signal(int fd);
int pump_eventfd_drain(int fd);

/* A non-blocking CLOCK_MONOTONIC timerfd, armed for an absolute deadline in nanoseconds. */
int pump_timerfd(void);
int pump_timerfd_arm_absolute(int fd, int64_t deadline_ns);
int pump_timerfd_drain(int fd);

/* epoll: `tag` comes back in `tags` for each readable descriptor. timeout_ms -1 waits forever. */
int pump_epoll_create(void);
int pump_epoll_add(int epoll_fd, int fd, uint64_t tag);
int pump_epoll_wait(int epoll_fd, uint64_t *tags, int max_tags, int timeout_ms);

/* The calling thread's timer slack in nanoseconds (1 is the smallest; 0 restores the default). */
int pump_set_timer_slack(unsigned long nanoseconds);

/* Real-time: SCHED_FIFO at `priority` for the calling thread; lock all memory. */
int pump_set_fifo_priority(int priority);
int pump_lock_memory(void);

/* CPU affinity (sched_setaffinity), by thread id; tid 0 is the calling thread. `cpus` is a bit
 * mask of `words` 64-bit words, bit n of word n / 64 for CPU n (CPUs past the mask are left out).
 * get fills it with the CPUs the thread may run on; set replaces them. */
int pump_get_affinity(int tid, uint64_t *cpus, int words);
int pump_set_affinity(int tid, const uint64_t *cpus, int words);
/* The calling thread's id (gettid). */
int pump_thread_id(void);

/* CPU time used by the calling process, nanoseconds. */
int64_t pump_process_cpu_ns(void);

#endif
