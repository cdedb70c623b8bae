/* Version-neutral GPIO API (pump_gpio.h) over libgpiod 1.6 (uAPI v1) or libgpiod 2.x (uAPI v2).
 *
 * Neither gpiod.h defines a version macro and both share the include guard; only the v1 header
 * defines GPIOD_LINE_BULK_MAX_LINES (since before v1.0), so that picks the branch. Error paths
 * save errno before cleaning up, so callers see the error of the call that failed. */
#define _GNU_SOURCE 1

#include "pump_gpio.h"

#include <dirent.h>
#include <errno.h>
#include <gpiod.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#if defined(GPIOD_LINE_BULK_MAX_LINES)
#define PUMP_GPIOD_API 1 /* libgpiod 0.x/1.x */
#else
#define PUMP_GPIOD_API 2 /* libgpiod 2.x */
#endif

/* scripts/check-gpiod-v2.sh compiles with -DPUMP_GPIO_EXPECT_API=N to prove which branch a header
 * selects. */
#if defined(PUMP_GPIO_EXPECT_API) && PUMP_GPIO_EXPECT_API != PUMP_GPIOD_API
#error "gpiod.h selected a libgpiod API branch other than PUMP_GPIO_EXPECT_API"
#endif

#define PUMP_GPIO_CONSUMER "pumpd"
#define PUMP_GPIO_NAME_SIZE 64
#define PUMP_GPIO_EVENT_BATCH 16

struct pump_gpio_chip {
    struct gpiod_chip *chip;
    char *path;
    char name[PUMP_GPIO_NAME_SIZE];
    char label[PUMP_GPIO_NAME_SIZE];
    unsigned int num_lines;
};

struct pump_gpio_request {
    pump_gpio_chip *chip;
    size_t count;
    unsigned int *offsets;
    int event_fd; /* -1 when no line has edge events */
#if PUMP_GPIOD_API == 1
    struct gpiod_line **lines; /* owned by the chip; requested one by one */
    bool *edge;                /* which lines have an event descriptor */
    int epoll_fd;              /* -1 unless several lines have edge events */
    size_t next_line;          /* round-robin start for reading events */
#else
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *buffer;
#endif
};

/* ---- Helpers -------------------------------------------------------------------------------- */

static int64_t monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* 1 when fd is readable now, 0 when not, -1 with errno. */
static int readable_now(int fd) {
    struct pollfd pfd = {.fd = fd, .events = POLLIN, .revents = 0};
    for (;;) {
        int rv = poll(&pfd, 1, 0);
        if (rv < 0 && errno == EINTR) continue;
        if (rv < 0) return -1;
        if (rv == 0) return 0;
        if (pfd.revents & (POLLERR | POLLNVAL)) {
            errno = EIO;
            return -1;
        }
        return (pfd.revents & POLLIN) ? 1 : 0;
    }
}

static void copy_name(char *dst, const char *src) {
    snprintf(dst, PUMP_GPIO_NAME_SIZE, "%s", src ? src : "");
}

static void free_chip(pump_gpio_chip *chip) {
    int saved = errno;
    if (chip->chip) gpiod_chip_close(chip->chip);
    free(chip->path);
    free(chip);
    errno = saved;
}

static pump_gpio_request *new_request(pump_gpio_chip *chip, size_t count) {
    if (!chip || count == 0) {
        errno = EINVAL;
        return NULL;
    }
    pump_gpio_request *req = calloc(1, sizeof(*req));
    if (!req) return NULL;
    req->chip = chip;
    req->count = count;
    req->event_fd = -1;
    req->offsets = calloc(count, sizeof(*req->offsets));
#if PUMP_GPIOD_API == 1
    req->epoll_fd = -1;
    req->lines = calloc(count, sizeof(*req->lines));
    req->edge = calloc(count, sizeof(*req->edge));
    if (!req->offsets || !req->lines || !req->edge) {
        free(req->offsets);
        free(req->lines);
        free(req->edge);
        free(req);
        errno = ENOMEM;
        return NULL;
    }
#else
    if (!req->offsets) {
        free(req);
        errno = ENOMEM;
        return NULL;
    }
#endif
    return req;
}

/* The start every output request shares, whichever libgpiod: a request holding the lines' offsets. */
static pump_gpio_request *new_output_request(pump_gpio_chip *chip, const pump_gpio_output_config *lines, size_t count) {
    if (!lines) {
        errno = EINVAL;
        return NULL;
    }
    pump_gpio_request *req = new_request(chip, count);
    if (req)
        for (size_t i = 0; i < count; i++) req->offsets[i] = lines[i].offset;
    return req;
}

static int check_offsets(const pump_gpio_chip *chip, const unsigned int *offsets, size_t count) {
    for (size_t i = 0; i < count; i++) {
        if (offsets[i] >= chip->num_lines) {
            errno = EINVAL;
            return -1;
        }
        for (size_t j = 0; j < i; j++) {
            if (offsets[j] == offsets[i]) { /* the same line twice in one request */
                errno = EBUSY;
                return -1;
            }
        }
    }
    return 0;
}

/* ---- Library -------------------------------------------------------------------------------- */

int pump_gpio_api_version(void) { return PUMP_GPIOD_API; }

const char *pump_gpio_library_version(void) {
#if PUMP_GPIOD_API == 1
    return gpiod_version_string();
#else
    return gpiod_api_version();
#endif
}

bool pump_gpio_has_kernel_debounce(void) { return PUMP_GPIOD_API == 2; }

/* ---- Chips ---------------------------------------------------------------------------------- */

pump_gpio_chip *pump_gpio_chip_open_path(const char *path) {
    if (!path || !*path) {
        errno = EINVAL;
        return NULL;
    }
    pump_gpio_chip *chip = calloc(1, sizeof(*chip));
    if (!chip) return NULL;
    chip->path = strdup(path);
    if (!chip->path) {
        free_chip(chip);
        return NULL;
    }
    chip->chip = gpiod_chip_open(path);
    if (!chip->chip) {
        if (errno == 0) errno = ENODEV;
        free_chip(chip);
        return NULL;
    }
#if PUMP_GPIOD_API == 1
    copy_name(chip->name, gpiod_chip_name(chip->chip));
    copy_name(chip->label, gpiod_chip_label(chip->chip));
    chip->num_lines = gpiod_chip_num_lines(chip->chip);
#else
    struct gpiod_chip_info *info = gpiod_chip_get_info(chip->chip);
    if (!info) {
        free_chip(chip);
        return NULL;
    }
    copy_name(chip->name, gpiod_chip_info_get_name(info));
    copy_name(chip->label, gpiod_chip_info_get_label(info));
    chip->num_lines = (unsigned int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
#endif
    return chip;
}

pump_gpio_chip *pump_gpio_chip_open_name(const char *name) {
    if (!name || !*name || strchr(name, '/') || strlen(name) >= PUMP_GPIO_NAME_SIZE) {
        errno = EINVAL;
        return NULL;
    }
    char path[PUMP_GPIO_NAME_SIZE + 8];
    snprintf(path, sizeof(path), "/dev/%s", name);
    return pump_gpio_chip_open_path(path);
}

pump_gpio_chip *pump_gpio_chip_open_label(const char *label) {
    if (!label || !*label) {
        errno = EINVAL;
        return NULL;
    }
    DIR *dev = opendir("/dev");
    if (!dev) return NULL;
    pump_gpio_chip *found = NULL;
    int open_error = 0;
    bool ambiguous = false;
    struct dirent *entry;
    while ((entry = readdir(dev)) != NULL) {
        if (strncmp(entry->d_name, "gpiochip", 8) != 0) continue;
        pump_gpio_chip *chip = pump_gpio_chip_open_name(entry->d_name);
        if (!chip) {
            open_error = errno;
            continue;
        }
        if (strcmp(chip->label, label) != 0) {
            pump_gpio_chip_close(chip);
        } else if (found) {
            ambiguous = true;
            pump_gpio_chip_close(chip);
        } else {
            found = chip;
        }
    }
    closedir(dev);
    if (ambiguous) {
        pump_gpio_chip_close(found);
        errno = ENOTUNIQ;
        return NULL;
    }
    if (!found) errno = open_error ? open_error : ENOENT;
    return found;
}

void pump_gpio_chip_close(pump_gpio_chip *chip) {
    if (chip) free_chip(chip);
}

const char *pump_gpio_chip_name(const pump_gpio_chip *chip) { return chip->name; }
const char *pump_gpio_chip_label(const pump_gpio_chip *chip) { return chip->label; }
const char *pump_gpio_chip_path(const pump_gpio_chip *chip) { return chip->path; }
unsigned int pump_gpio_chip_num_lines(const pump_gpio_chip *chip) { return chip->num_lines; }

int pump_gpio_chip_find_line(pump_gpio_chip *chip, const char *name) {
    if (!chip || !name || !*name) {
        errno = EINVAL;
        return -1;
    }
#if PUMP_GPIOD_API == 1
    errno = 0;
    struct gpiod_line *line = gpiod_chip_find_line(chip->chip, name);
    if (!line) {
        if (errno == 0) errno = ENOENT;
        return -1;
    }
    return (int)gpiod_line_offset(line);
#else
    errno = 0;
    int offset = gpiod_chip_get_line_offset_from_name(chip->chip, name);
    if (offset < 0 && errno == 0) errno = ENOENT;
    return offset < 0 ? -1 : offset;
#endif
}

int pump_gpio_chip_check_offset(const pump_gpio_chip *chip, unsigned int offset) {
    if (!chip || offset >= chip->num_lines || offset > INT32_MAX) {
        errno = EINVAL;
        return -1;
    }
    return (int)offset;
}

/* ---- Requests: libgpiod 1.6 ----------------------------------------------------------------- */
#if PUMP_GPIOD_API == 1

static int v1_bias_flags(pump_gpio_bias bias) {
    switch (bias) {
    case PUMP_GPIO_BIAS_DISABLED: return GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE;
    case PUMP_GPIO_BIAS_PULL_UP: return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
    case PUMP_GPIO_BIAS_PULL_DOWN: return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
    case PUMP_GPIO_BIAS_AS_IS: return 0;
    }
    return -1;
}

static int v1_drive_flags(pump_gpio_drive drive) {
    switch (drive) {
    case PUMP_GPIO_DRIVE_PUSH_PULL: return 0;
    case PUMP_GPIO_DRIVE_OPEN_DRAIN: return GPIOD_LINE_REQUEST_FLAG_OPEN_DRAIN;
    case PUMP_GPIO_DRIVE_OPEN_SOURCE: return GPIOD_LINE_REQUEST_FLAG_OPEN_SOURCE;
    }
    return -1;
}

void pump_gpio_request_release(pump_gpio_request *req) {
    if (!req) return;
    int saved = errno;
    if (req->epoll_fd >= 0) close(req->epoll_fd);
    for (size_t i = 0; i < req->count; i++) {
        if (req->lines[i]) gpiod_line_release(req->lines[i]);
    }
    free(req->lines);
    free(req->edge);
    free(req->offsets);
    free(req);
    errno = saved;
}

/* Requests line `i` of `req` with `config`; on failure errno is set and the caller releases. */
static int v1_request_line(pump_gpio_request *req, size_t i, const struct gpiod_line_request_config *config,
                           int default_value) {
    struct gpiod_line *line = gpiod_chip_get_line(req->chip->chip, req->offsets[i]);
    if (!line) return -1;
    if (gpiod_line_request(line, config, default_value) < 0) return -1;
    req->lines[i] = line;
    return 0;
}

pump_gpio_request *pump_gpio_request_outputs(pump_gpio_chip *chip, const pump_gpio_output_config *lines,
                                             size_t count) {
    pump_gpio_request *req = new_output_request(chip, lines, count);
    if (!req) return NULL;
    if (check_offsets(chip, req->offsets, count) < 0) goto fail;
    for (size_t i = 0; i < count; i++) {
        int bias = v1_bias_flags(lines[i].bias), drive = v1_drive_flags(lines[i].drive);
        if (bias < 0 || drive < 0) {
            errno = EINVAL;
            goto fail;
        }
        struct gpiod_line_request_config config = {
            .consumer = PUMP_GPIO_CONSUMER,
            .request_type = GPIOD_LINE_REQUEST_DIRECTION_OUTPUT,
            .flags = bias | drive | (lines[i].active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0),
        };
        if (v1_request_line(req, i, &config, lines[i].initial_active ? 1 : 0) < 0) goto fail;
    }
    return req;
fail:
    pump_gpio_request_release(req);
    return NULL;
}

pump_gpio_request *pump_gpio_request_inputs(pump_gpio_chip *chip, const pump_gpio_input_config *lines,
                                            size_t count) {
    if (!lines) {
        errno = EINVAL;
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        if (lines[i].debounce_us != 0) { /* uAPI v1 has no debounce: the caller debounces */
            errno = EOPNOTSUPP;
            return NULL;
        }
    }
    pump_gpio_request *req = new_request(chip, count);
    if (!req) return NULL;
    for (size_t i = 0; i < count; i++) req->offsets[i] = lines[i].offset;
    if (check_offsets(chip, req->offsets, count) < 0) goto fail;
    size_t edges = 0;
    for (size_t i = 0; i < count; i++) {
        int bias = v1_bias_flags(lines[i].bias);
        if (bias < 0) {
            errno = EINVAL;
            goto fail;
        }
        struct gpiod_line_request_config config = {
            .consumer = PUMP_GPIO_CONSUMER,
            .request_type = !lines[i].edge_events ? GPIOD_LINE_REQUEST_DIRECTION_INPUT
                            : lines[i].rising_only ? GPIOD_LINE_REQUEST_EVENT_RISING_EDGE
                                                   : GPIOD_LINE_REQUEST_EVENT_BOTH_EDGES,
            .flags = bias | (lines[i].active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0),
        };
        if (v1_request_line(req, i, &config, 0) < 0) goto fail;
        if (lines[i].edge_events) {
            req->edge[i] = true;
            edges++;
        }
    }
    if (edges == 1) {
        for (size_t i = 0; i < count; i++) {
            if (req->edge[i]) req->event_fd = gpiod_line_event_get_fd(req->lines[i]);
        }
        if (req->event_fd < 0) goto fail;
    } else if (edges > 1) { /* one descriptor for the caller to wait on, as with uAPI v2 */
        req->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (req->epoll_fd < 0) goto fail;
        for (size_t i = 0; i < count; i++) {
            if (!req->edge[i]) continue;
            int fd = gpiod_line_event_get_fd(req->lines[i]);
            struct epoll_event ev = {.events = EPOLLIN, .data = {.u64 = i}};
            if (fd < 0 || epoll_ctl(req->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) goto fail;
        }
        req->event_fd = req->epoll_fd;
    }
    return req;
fail:
    pump_gpio_request_release(req);
    return NULL;
}

int pump_gpio_set_value(pump_gpio_request *req, size_t index, bool active) {
    if (!req || index >= req->count) {
        errno = EINVAL;
        return -1;
    }
    return gpiod_line_set_value(req->lines[index], active ? 1 : 0) < 0 ? -1 : 0;
}

int pump_gpio_get_value(pump_gpio_request *req, size_t index) {
    if (!req || index >= req->count) {
        errno = EINVAL;
        return -1;
    }
    int value = gpiod_line_get_value(req->lines[index]);
    return value < 0 ? -1 : (value ? 1 : 0);
}

int pump_gpio_read_edge_events(pump_gpio_request *req, pump_gpio_edge_event *events, size_t max) {
    if (!req || !events || req->event_fd < 0) {
        errno = EINVAL;
        return -1;
    }
    struct gpiod_line_event batch[PUMP_GPIO_EVENT_BATCH];
    size_t n = 0;
    for (size_t k = 0; k < req->count && n < max; k++) {
        size_t i = (req->next_line + k) % req->count;
        if (!req->edge[i]) continue;
        int fd = gpiod_line_event_get_fd(req->lines[i]);
        if (fd < 0) return -1;
        while (n < max) {
            int ready = readable_now(fd);
            if (ready < 0) return -1;
            if (ready == 0) break;
            size_t want = max - n < PUMP_GPIO_EVENT_BATCH ? max - n : PUMP_GPIO_EVENT_BATCH;
            int got = gpiod_line_event_read_fd_multiple(fd, batch, (unsigned int)want);
            if (got < 0) return -1;
            for (int e = 0; e < got; e++) {
                events[n].timestamp_ns = (uint64_t)batch[e].ts.tv_sec * 1000000000u + (uint64_t)batch[e].ts.tv_nsec;
                events[n].index = (uint32_t)i;
                events[n].type = batch[e].event_type == GPIOD_LINE_EVENT_RISING_EDGE ? PUMP_GPIO_EDGE_RISING
                                                                                     : PUMP_GPIO_EDGE_FALLING;
                n++;
            }
            if ((size_t)got < want) break;
        }
    }
    req->next_line = (req->next_line + 1) % req->count; /* fairness when `max` cuts a read short */
    return (int)n;
}

/* ---- Requests: libgpiod 2.x ----------------------------------------------------------------- */
#else

static enum gpiod_line_bias v2_bias(pump_gpio_bias bias) {
    switch (bias) {
    case PUMP_GPIO_BIAS_DISABLED: return GPIOD_LINE_BIAS_DISABLED;
    case PUMP_GPIO_BIAS_PULL_UP: return GPIOD_LINE_BIAS_PULL_UP;
    case PUMP_GPIO_BIAS_PULL_DOWN: return GPIOD_LINE_BIAS_PULL_DOWN;
    case PUMP_GPIO_BIAS_AS_IS: return GPIOD_LINE_BIAS_AS_IS;
    }
    return GPIOD_LINE_BIAS_UNKNOWN; /* rejected by gpiod_line_settings_set_bias() with EINVAL */
}

static enum gpiod_line_drive v2_drive(pump_gpio_drive drive, bool *ok) {
    *ok = true;
    switch (drive) {
    case PUMP_GPIO_DRIVE_PUSH_PULL: return GPIOD_LINE_DRIVE_PUSH_PULL;
    case PUMP_GPIO_DRIVE_OPEN_DRAIN: return GPIOD_LINE_DRIVE_OPEN_DRAIN;
    case PUMP_GPIO_DRIVE_OPEN_SOURCE: return GPIOD_LINE_DRIVE_OPEN_SOURCE;
    }
    *ok = false;
    return GPIOD_LINE_DRIVE_PUSH_PULL;
}

void pump_gpio_request_release(pump_gpio_request *req) {
    if (!req) return;
    int saved = errno;
    if (req->request) gpiod_line_request_release(req->request);
    if (req->buffer) gpiod_edge_event_buffer_free(req->buffer);
    free(req->offsets);
    free(req);
    errno = saved;
}

/* Fills one line's settings; -1 with errno on a bad value. */
typedef int (*v2_fill_fn)(struct gpiod_line_settings *settings, const void *lines, size_t i);

/* Requests the lines of `req` (offsets already set) in one ioctl, with one settings object per
 * line built by `fill`. On failure releases `req` and returns NULL with errno. */
static pump_gpio_request *v2_request(pump_gpio_request *req, const void *lines, v2_fill_fn fill, bool edges) {
    struct gpiod_line_settings *settings = NULL;
    struct gpiod_line_config *line_config = NULL;
    struct gpiod_request_config *request_config = NULL;
    int saved = 0;

    if (check_offsets(req->chip, req->offsets, req->count) < 0) {
        saved = errno;
        goto out;
    }
    settings = gpiod_line_settings_new();
    line_config = gpiod_line_config_new();
    request_config = gpiod_request_config_new();
    if (!settings || !line_config || !request_config) {
        saved = errno ? errno : ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < req->count; i++) {
        gpiod_line_settings_reset(settings);
        if (fill(settings, lines, i) < 0 ||
            gpiod_line_config_add_line_settings(line_config, &req->offsets[i], 1, settings) < 0) {
            saved = errno ? errno : EINVAL;
            goto out;
        }
    }
    gpiod_request_config_set_consumer(request_config, PUMP_GPIO_CONSUMER);
    if (edges) gpiod_request_config_set_event_buffer_size(request_config, PUMP_GPIO_EVENT_BATCH);
    req->request = gpiod_chip_request_lines(req->chip->chip, request_config, line_config);
    if (!req->request) {
        saved = errno ? errno : EIO;
        goto out;
    }
    if (edges) {
        req->buffer = gpiod_edge_event_buffer_new(PUMP_GPIO_EVENT_BATCH);
        if (!req->buffer) {
            saved = errno ? errno : ENOMEM;
            goto out;
        }
        req->event_fd = gpiod_line_request_get_fd(req->request);
    }
out:
    gpiod_line_settings_free(settings);
    gpiod_line_config_free(line_config);
    gpiod_request_config_free(request_config);
    if (saved) {
        pump_gpio_request_release(req);
        errno = saved;
        return NULL;
    }
    return req;
}

static int v2_fill_output(struct gpiod_line_settings *s, const void *lines, size_t i) {
    const pump_gpio_output_config *line = &((const pump_gpio_output_config *)lines)[i];
    bool drive_ok;
    enum gpiod_line_drive drive = v2_drive(line->drive, &drive_ok);
    if (!drive_ok) {
        errno = EINVAL;
        return -1;
    }
    if (gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_OUTPUT) < 0) return -1;
    if (gpiod_line_settings_set_output_value(s, line->initial_active ? GPIOD_LINE_VALUE_ACTIVE
                                                                     : GPIOD_LINE_VALUE_INACTIVE) < 0)
        return -1;
    if (gpiod_line_settings_set_drive(s, drive) < 0) return -1;
    if (gpiod_line_settings_set_bias(s, v2_bias(line->bias)) < 0) return -1;
    gpiod_line_settings_set_active_low(s, line->active_low);
    return 0;
}

static int v2_fill_input(struct gpiod_line_settings *s, const void *lines, size_t i) {
    const pump_gpio_input_config *line = &((const pump_gpio_input_config *)lines)[i];
    if (gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_INPUT) < 0) return -1;
    if (gpiod_line_settings_set_bias(s, v2_bias(line->bias)) < 0) return -1;
    gpiod_line_settings_set_active_low(s, line->active_low);
    if (line->edge_events) {
        enum gpiod_line_edge edge = line->rising_only ? GPIOD_LINE_EDGE_RISING : GPIOD_LINE_EDGE_BOTH;
        if (gpiod_line_settings_set_edge_detection(s, edge) < 0) return -1;
        if (gpiod_line_settings_set_event_clock(s, GPIOD_LINE_CLOCK_MONOTONIC) < 0) return -1;
    }
    gpiod_line_settings_set_debounce_period_us(s, line->debounce_us);
    return 0;
}

pump_gpio_request *pump_gpio_request_outputs(pump_gpio_chip *chip, const pump_gpio_output_config *lines,
                                             size_t count) {
    pump_gpio_request *req = new_output_request(chip, lines, count);
    if (!req) return NULL;
    return v2_request(req, lines, v2_fill_output, false);
}

pump_gpio_request *pump_gpio_request_inputs(pump_gpio_chip *chip, const pump_gpio_input_config *lines,
                                            size_t count) {
    if (!lines) {
        errno = EINVAL;
        return NULL;
    }
    bool edges = false;
    for (size_t i = 0; i < count; i++) edges = edges || lines[i].edge_events;
    pump_gpio_request *req = new_request(chip, count);
    if (!req) return NULL;
    for (size_t i = 0; i < count; i++) req->offsets[i] = lines[i].offset;
    return v2_request(req, lines, v2_fill_input, edges);
}

int pump_gpio_set_value(pump_gpio_request *req, size_t index, bool active) {
    if (!req || index >= req->count) {
        errno = EINVAL;
        return -1;
    }
    return gpiod_line_request_set_value(req->request, req->offsets[index],
                                        active ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) < 0
               ? -1
               : 0;
}

int pump_gpio_get_value(pump_gpio_request *req, size_t index) {
    if (!req || index >= req->count) {
        errno = EINVAL;
        return -1;
    }
    enum gpiod_line_value value = gpiod_line_request_get_value(req->request, req->offsets[index]);
    if (value == GPIOD_LINE_VALUE_ERROR) return -1;
    return value == GPIOD_LINE_VALUE_ACTIVE ? 1 : 0;
}

int pump_gpio_read_edge_events(pump_gpio_request *req, pump_gpio_edge_event *events, size_t max) {
    if (!req || !events || req->event_fd < 0 || !req->buffer) {
        errno = EINVAL;
        return -1;
    }
    size_t n = 0;
    while (n < max) {
        int ready = readable_now(req->event_fd);
        if (ready < 0) return -1;
        if (ready == 0) break;
        size_t want = max - n < PUMP_GPIO_EVENT_BATCH ? max - n : PUMP_GPIO_EVENT_BATCH;
        int got = gpiod_line_request_read_edge_events(req->request, req->buffer, want);
        if (got < 0) return -1;
        for (int e = 0; e < got; e++) {
            struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(req->buffer, (unsigned long)e);
            if (!event) return -1;
            unsigned int offset = gpiod_edge_event_get_line_offset(event);
            uint32_t index = 0;
            for (size_t i = 0; i < req->count; i++) {
                if (req->offsets[i] == offset) index = (uint32_t)i;
            }
            events[n].timestamp_ns = gpiod_edge_event_get_timestamp_ns(event);
            events[n].index = index;
            events[n].type = gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE
                                 ? PUMP_GPIO_EDGE_RISING
                                 : PUMP_GPIO_EDGE_FALLING;
            n++;
        }
        if ((size_t)got < want) break;
    }
    return (int)n;
}

#endif /* PUMP_GPIOD_API */

/* ---- Common to both ------------------------------------------------------------------------- */

size_t pump_gpio_request_num_lines(const pump_gpio_request *req) { return req ? req->count : 0; }

int pump_gpio_event_fd(const pump_gpio_request *req) {
    if (!req || req->event_fd < 0) {
        errno = EINVAL;
        return -1;
    }
    return req->event_fd;
}

int pump_gpio_wait_edge_events(pump_gpio_request *req, int64_t deadline_ns) {
    if (!req || req->event_fd < 0) {
        errno = EINVAL;
        return -1;
    }
    for (;;) {
        int64_t remaining = deadline_ns - monotonic_ns();
        if (remaining < 0) remaining = 0;
        struct timespec timeout = {.tv_sec = remaining / 1000000000, .tv_nsec = remaining % 1000000000};
        struct pollfd pfd = {.fd = req->event_fd, .events = POLLIN, .revents = 0};
        int rv = ppoll(&pfd, 1, &timeout, NULL); /* the kernel times ppoll on CLOCK_MONOTONIC */
        if (rv < 0 && errno == EINTR) continue;
        if (rv < 0) return -1;
        if (rv == 0) {
            if (monotonic_ns() >= deadline_ns) return 0;
            continue; /* woke early (rounding): wait out the rest */
        }
        if (pfd.revents & (POLLERR | POLLNVAL)) {
            errno = EIO;
            return -1;
        }
        if (pfd.revents & POLLIN) return 1;
    }
}
