#define _GNU_SOURCE
#include "pump_sys.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int fail(void) { return -errno; }

int pump_eventfd(void) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? fail() : fd;
}

int pump_eventfd_signal(int fd) {
    uint64_t one = 1;
    return write(fd, &one, sizeof one) == sizeof one ? 0 : fail();
}

int pump_eventfd_drain(int fd) {
    uint64_t value;
    if (read(fd, &value, sizeof value) == sizeof value || errno == EAGAIN) return 0;
    return fail();
}

uint32_t pump_wake_word_load(const uint32_t *word) { return __atomic_load_n(word, __ATOMIC_SEQ_CST); }

/* FUTEX_WAIT_BITSET (the deadline absolute on CLOCK_MONOTONIC), made with the syscall
 * instruction itself where that is written out: 0 or the kernel's -errno. The loop's wait times
 * out at nearly every wake, and libc's syscall() stores that in errno: a call into libc and
 * __errno_location and a thread-local write, each on a page cold after 100 ms asleep (issue 13). */
static long futex_wait_until(uint32_t *word, uint32_t seen, const struct timespec *at) {
#if defined(__x86_64__)
    register long r10 __asm__("r10") = (long)at;
    register long r8 __asm__("r8") = 0;
    register long r9 __asm__("r9") = (long)(uint32_t)FUTEX_BITSET_MATCH_ANY;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "0"((long)SYS_futex), "D"(word), "S"((long)(FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)), "d"((long)seen),
                       "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
#else
    if (syscall(SYS_futex, word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, seen, at, NULL, FUTEX_BITSET_MATCH_ANY) == 0) return 0;
    return -errno;
#endif
}

int pump_wake_word_wait(uint32_t *word, uint32_t seen, int64_t deadline_ns) {
    struct timespec at;
    if (deadline_ns < 0) deadline_ns = 0;
    at.tv_sec = deadline_ns / 1000000000;
    at.tv_nsec = deadline_ns % 1000000000;
    long result = futex_wait_until(word, seen, &at);
    if (result == 0) return 0;
    if (result == -ETIMEDOUT) return 1;
    if (result == -EAGAIN || result == -EINTR) return 0;
    return (int)result;
}

void pump_wake_word_signal(uint32_t *word) {
    __atomic_fetch_add(word, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

int pump_name_thread(const char *name) {
    return prctl(PR_SET_NAME, name, 0, 0, 0) == 0 ? 0 : fail();
}

int pump_set_timer_slack(unsigned long nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0) == 0 ? 0 : fail();
}

int pump_set_fifo_priority(int priority) {
    struct sched_param param;
    memset(&param, 0, sizeof param);
    param.sched_priority = priority;
    /* SCHED_RESET_ON_FORK: threads this one starts (a Dispatch worker spawned when the loop
     * resumes a task) start SCHED_OTHER, never at the loop's priority. */
    return sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &param) == 0 ? 0 : fail();
}

int pump_lock_memory(void) {
    return mlockall(MCL_CURRENT | MCL_FUTURE) == 0 ? 0 : fail();
}

int pump_get_affinity(int tid, uint64_t *cpus, int words) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(tid, sizeof set, &set) != 0) return fail();
    memset(cpus, 0, (size_t)words * sizeof *cpus);
    for (int cpu = 0; cpu < CPU_SETSIZE && cpu < words * 64; cpu++) {
        if (CPU_ISSET(cpu, &set)) cpus[cpu / 64] |= UINT64_C(1) << (cpu % 64);
    }
    return 0;
}

int pump_set_affinity(int tid, const uint64_t *cpus, int words) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu = 0; cpu < CPU_SETSIZE && cpu < words * 64; cpu++) {
        if (cpus[cpu / 64] & (UINT64_C(1) << (cpu % 64))) CPU_SET(cpu, &set);
    }
    return sched_setaffinity(tid, sizeof set, &set) == 0 ? 0 : fail();
}

int pump_thread_id(void) { return (int)syscall(SYS_gettid); }

int64_t pump_process_cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int pump_file_identity(const char *path, uint64_t *device, uint64_t *inode, int64_t *birth_s, uint32_t *birth_ns) {
    struct statx info;
    if (statx(AT_FDCWD, path, 0, STATX_INO | STATX_BTIME, &info) != 0) return fail();
    *device = makedev(info.stx_dev_major, info.stx_dev_minor);
    *inode = info.stx_ino;
    int born = (info.stx_mask & STATX_BTIME) != 0;
    *birth_s = born ? info.stx_btime.tv_sec : 0;
    *birth_ns = born ? info.stx_btime.tv_nsec : 0;
    return born;
}
