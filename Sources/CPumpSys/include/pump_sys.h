/* The few Linux calls the control loop needs that Swift's Glibc module does not expose: eventfd,
 * a futex wake word with absolute CLOCK_MONOTONIC deadlines, SCHED_FIFO and mlockall. Each returns 0
 * (or a descriptor) on success and -errno on failure. */
#ifndef PUMP_SYS_H
#define PUMP_SYS_H

#include <stdint.h>

/* A non-blocking, close-on-exec eventfd. */
int pump_eventfd(void);
/* Adds one to an eventfd counter / resets it to zero. */
int pump_eventfd_signal(int fd);
int pump_eventfd_drain(int fd);

/* A wake word (a futex) for one waiting thread. The waiter loads it (`load`) before it looks for
 * work, then sleeps while the word still holds what it loaded, until an absolute CLOCK_MONOTONIC
 * deadline in nanoseconds held to the thread's timer slack: one system call, no timer to re-arm.
 * A signaller makes its work visible, then bumps the word and wakes the waiter, so no work waits
 * unwoken. wait returns 1 when the deadline passed, 0 when woken (or the word had moved on, or a
 * signal came), -errno otherwise. */
uint32_t pump_wake_word_load(const uint32_t *word);
int pump_wake_word_wait(uint32_t *word, uint32_t seen, int64_t deadline_ns);
void pump_wake_word_signal(uint32_t *word);

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
/* Names the calling thread (PR_SET_NAME, at most 15 bytes kept). */
int pump_name_thread(const char *name);
/* The calling thread's id (gettid). */
int pump_thread_id(void);

/* The identity of the file `path` names (statx, following links): its device, inode and birth time
 * (seconds, nanoseconds). Returns 1 when the file system gave the birth time, 0 when it did not
 * (birth left 0), -errno when the file cannot be read. */
int pump_file_identity(const char *path, uint64_t *device, uint64_t *inode, int64_t *birth_s, uint32_t *birth_ns);

/* CPU time used by the calling process, nanoseconds. */
int64_t pump_process_cpu_ns(void);

#endif
