/* Version-neutral GPIO API over libgpiod 1.6 or 2.x. Implemented in pump_gpio.c; this header never
 * includes gpiod.h, so Swift sees one stable API whatever libgpiod is installed.
 *
 * Conventions
 * - Every function that can fail returns -1 (or NULL) and leaves the C error number in errno; on
 *   success errno is unspecified. Nothing here prints or aborts.
 * - Values are logical: "active" is the line's active level after active-low is applied by the
 *   kernel; "rising" edge means the line became active.
 * - Lines of a request are addressed by index: their position in the configuration array passed to
 *   the request function, never by offset.
 * - Times are CLOCK_MONOTONIC nanoseconds. (libgpiod 1.6 uses uAPI v1, whose event timestamps are
 *   CLOCK_MONOTONIC from Linux 5.7 on; older kernels stamped CLOCK_REALTIME.)
 * - Not thread-safe: one thread owns a chip and its requests at a time.
 * - A request keeps a pointer to its chip: close the chip only after releasing its requests.
 */
#ifndef PUMP_GPIO_H
#define PUMP_GPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An open GPIO chip (/dev/gpiochipN). */
typedef struct pump_gpio_chip pump_gpio_chip;
/** A set of requested lines of one chip, all outputs or all inputs. */
typedef struct pump_gpio_request pump_gpio_request;

/** Pull resistor configuration. AS_IS leaves whatever the board or firmware configured. */
typedef enum pump_gpio_bias {
    PUMP_GPIO_BIAS_AS_IS = 0,
    PUMP_GPIO_BIAS_DISABLED = 1,
    PUMP_GPIO_BIAS_PULL_UP = 2,
    PUMP_GPIO_BIAS_PULL_DOWN = 3,
} pump_gpio_bias;

/** Output drive. */
typedef enum pump_gpio_drive {
    PUMP_GPIO_DRIVE_PUSH_PULL = 0,
    PUMP_GPIO_DRIVE_OPEN_DRAIN = 1,
    PUMP_GPIO_DRIVE_OPEN_SOURCE = 2,
} pump_gpio_drive;

/** Edge event type, logical (active-low applied). */
typedef enum pump_gpio_edge_type {
    PUMP_GPIO_EDGE_RISING = 1,  /**< the line became active */
    PUMP_GPIO_EDGE_FALLING = 2, /**< the line became inactive */
} pump_gpio_edge_type;

/** One output line of a request. */
typedef struct pump_gpio_output_config {
    unsigned int offset;  /**< line offset on the chip */
    bool active_low;      /**< the active level is the low voltage */
    bool initial_active;  /**< logical value driven from the moment of the request */
    pump_gpio_drive drive;
    pump_gpio_bias bias;  /**< pull resistor, useful with open drain/source */
} pump_gpio_output_config;

/** One input line of a request. */
typedef struct pump_gpio_input_config {
    unsigned int offset;  /**< line offset on the chip */
    bool active_low;      /**< the active level is the low voltage */
    bool edge_events;     /**< report edges through the request's event descriptor */
    bool rising_only;     /**< with edge_events: report only rising (becoming active) edges, so a
                               short pulse cannot arrive mislabelled as two falling edges */
    pump_gpio_bias bias;
    /** Kernel debounce period in microseconds, 0 for none. Only libgpiod 2.x (uAPI v2) has it:
     *  with libgpiod 1.6 a non-zero value fails with errno EOPNOTSUPP; see
     *  pump_gpio_has_kernel_debounce(). */
    uint32_t debounce_us;
} pump_gpio_input_config;

/** One edge event read from a request. */
typedef struct pump_gpio_edge_event {
    uint64_t timestamp_ns;    /**< CLOCK_MONOTONIC time of the edge, in nanoseconds */
    uint32_t index;           /**< index of the line within its request */
    pump_gpio_edge_type type;
} pump_gpio_edge_event;

/* ---- Library -------------------------------------------------------------------------------- */

/** 1 when built against libgpiod 0.x/1.x (uAPI v1), 2 when built against libgpiod 2.x. */
int pump_gpio_api_version(void);
/** The linked libgpiod's own version string (gpiod_version_string / gpiod_api_version). */
const char *pump_gpio_library_version(void);
/** Whether input requests accept a kernel debounce period (true with libgpiod 2.x only). */
bool pump_gpio_has_kernel_debounce(void);

/* ---- Chips ---------------------------------------------------------------------------------- */

/** Opens the chip at a device path such as "/dev/gpiochip0". errno ENOENT when the path does not
 *  exist, ENOTTY/ENODEV when it is not a GPIO chip, EACCES without permission. */
pump_gpio_chip *pump_gpio_chip_open_path(const char *path);
/** Opens "/dev/<name>" for a name such as "gpiochip0". errno EINVAL for an empty name or one
 *  holding '/', otherwise as pump_gpio_chip_open_path(). */
pump_gpio_chip *pump_gpio_chip_open_name(const char *name);
/** Opens the one chip whose label (e.g. "pinctrl-bcm2711") equals `label`, looking at every
 *  /dev/gpiochip*. errno ENOENT when no chip carries the label (including when there are no chips
 *  at all), ENOTUNIQ when several do, or the error of a chip that could not be opened (e.g.
 *  EACCES) when no readable chip matched. */
pump_gpio_chip *pump_gpio_chip_open_label(const char *label);
/** Closes the chip. NULL is ignored. Release the chip's requests first. */
void pump_gpio_chip_close(pump_gpio_chip *chip);

/** The kernel's name for the chip, e.g. "gpiochip0". */
const char *pump_gpio_chip_name(const pump_gpio_chip *chip);
/** The chip's label, e.g. "pinctrl-bcm2711"; may be empty. */
const char *pump_gpio_chip_label(const pump_gpio_chip *chip);
/** The device path the chip was opened from. */
const char *pump_gpio_chip_path(const pump_gpio_chip *chip);
/** How many lines the chip has (valid offsets are 0 ..< this). */
unsigned int pump_gpio_chip_num_lines(const pump_gpio_chip *chip);

/** The offset of the first line named `name` (device tree gpio-line-names), or -1 with errno
 *  ENOENT when the chip has none. */
int pump_gpio_chip_find_line(pump_gpio_chip *chip, const char *name);
/** `offset` itself when the chip has that line, else -1 with errno EINVAL. */
int pump_gpio_chip_check_offset(const pump_gpio_chip *chip, unsigned int offset);

/* ---- Requests ------------------------------------------------------------------------------- */

/** Requests `count` (≥ 1) output lines for consumer "pumpd", each driven to its initial value from
 *  the moment it is requested. libgpiod 2.x requests them in one ioctl; libgpiod 1.6 requests
 *  them one by one in array order (so put the line that must settle first, e.g. ENABLE, first).
 *  Lines stay as requested until released or the process exits; then the kernel no longer
 *  controls their level. */
pump_gpio_request *pump_gpio_request_outputs(pump_gpio_chip *chip, const pump_gpio_output_config *lines,
                                             size_t count);
/** Requests `count` (≥ 1) input lines for consumer "pumpd". Lines with edge_events report both
 *  edges through pump_gpio_event_fd(). errno EOPNOTSUPP for a debounce period with libgpiod 1.6. */
pump_gpio_request *pump_gpio_request_inputs(pump_gpio_chip *chip, const pump_gpio_input_config *lines,
                                            size_t count);
/** Releases the lines (their level becomes uncontrolled) and frees the request. NULL is ignored. */
void pump_gpio_request_release(pump_gpio_request *request);

/** Number of lines in the request. */
size_t pump_gpio_request_num_lines(const pump_gpio_request *request);
/** Drives output line `index` to its active (true) or inactive level. 0, or -1 with errno. */
int pump_gpio_set_value(pump_gpio_request *request, size_t index, bool active);
/** Reads line `index`: 1 active, 0 inactive, -1 with errno. With kernel debounce, the debounced
 *  value. */
int pump_gpio_get_value(pump_gpio_request *request, size_t index);

/** A descriptor that polls readable (POLLIN) while edge events are pending on any line of the
 *  request, or -1 with errno EINVAL when no line requested edge events. Owned by the request: do
 *  not close it, do not read it directly. (libgpiod 2.x: the request's descriptor; libgpiod 1.6:
 *  the line's event descriptor, or an epoll descriptor over several.) */
int pump_gpio_event_fd(const pump_gpio_request *request);
/** Waits until an edge event is pending or CLOCK_MONOTONIC reaches `deadline_ns` (absolute).
 *  1 when events are pending, 0 at the deadline, -1 with errno. Restarts after signals. */
int pump_gpio_wait_edge_events(pump_gpio_request *request, int64_t deadline_ns);
/** Reads up to `max` pending edge events into `events` without blocking. Returns how many were
 *  read (0 when none is pending), or -1 with errno. Call again while it returns `max`. Events of
 *  one line come in order; with libgpiod 1.6 events of different lines are not merged in time
 *  order. */
int pump_gpio_read_edge_events(pump_gpio_request *request, pump_gpio_edge_event *events, size_t max);

#ifdef __cplusplus
}
#endif

#endif /* PUMP_GPIO_H */
