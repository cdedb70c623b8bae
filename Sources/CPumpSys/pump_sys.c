#define _GNU_SOURCE
#include "pump_sys.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
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

int pump_timerfd(void) {
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    return fd < 0 ? fail() : fd;
}

int pump_timerfd_arm_absolute(int fd, int64_t deadline_ns) {
    struct itimerspec spec;
    memset(&spec, 0, sizeof spec);
    if (deadline_ns <= 0) deadline_ns = 1; /* zero would disarm: fire at once instead */
    spec.it_value.tv_sec = deadline_ns / 1000000000;
    spec.it_value.tv_nsec = deadline_ns % 1000000000;
    return timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL) == 0 ? 0 : fail();
}

int pump_timerfd_drain(int fd) {
    uint64_t expirations;
    if (read(fd, &expirations, sizeof expirations) == sizeof expirations || errno == EAGAIN) return 0;
    return fail();
}

int pump_epoll_create(void) {
    int fd = epoll_create1(EPOLL_CLOEXEC);
    return fd < 0 ? fail() : fd;
}

int pump_epoll_add(int epoll_fd, int fd, uint64_t tag) {
    struct epoll_event event;
    memset(&event, 0, sizeof event);
    event.events = EPOLLIN;
    event.data.u64 = tag;
    return epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) == 0 ? 0 : fail();
}

int pump_epoll_wait(int epoll_fd, uint64_t *tags, int max_tags, int timeout_ms) {
    struct epoll_event events[16];
    if (max_tags > 16) max_tags = 16;
    int n;
    do { n = epoll_wait(epoll_fd, events, max_tags, timeout_ms); } while (n < 0 && errno == EINTR);
    if (n < 0) return fail();
    for (int i = 0; i < n; i++) tags[i] = events[i].data.u64;
    return n;
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
