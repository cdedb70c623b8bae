#!/usr/bin/env bash
# Proves the CPumpGPIO shim builds on both libgpiod APIs without a v2 system library:
#  - v2: compiles Sources/CPumpGPIO/pump_gpio.c with -Werror against the libgpiod 2.x header that
#    the PyPI sdist gpiod==2.5.0 vendors (include/gpiod.h, lib/*.c), then links the shim with the
#    sdist's lib/*.c into a small program and runs it (the open functions must fail with the right
#    errno), so the v2 branch is parsed, linked and executed;
#  - v1: the same -Werror compile and program against the system header and -lgpiod (libgpiod 1.6
#    on bookworm; scripts/setup.sh installs it).
# -DPUMP_GPIO_EXPECT_API=N makes the shim #error if a header selects the other branch.
# Network: PyPI only, through pip, once; the sdist is cached (sha256-pinned) under
# ${PUMPD_CACHE_DIR:-~/.cache/pumpd}. Exits 0 with "SKIPPED: …" only when pip cannot reach PyPI
# (scripts/test.sh repeats that line in its summary).
set -euo pipefail
cd "$(dirname "$0")/.."

readonly version=2.5.0
readonly sha256=53ae5a1f14d6388c155b591ca0fc0cfa73b44d4f6d8d117e8a9e68f5902d187a
readonly shim=Sources/CPumpGPIO/pump_gpio.c
readonly shim_include=Sources/CPumpGPIO/include
cache="${PUMPD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pumpd}/pypi-gpiod"
sdist="$cache/gpiod-$version.tar.gz"
work="$(mktemp -d "${TMPDIR:-/tmp}/pumpd-gpiod-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

say() { printf 'check-gpiod-v2: %s\n' "$*"; }
fail() { say "FAIL: $*" >&2; exit 1; }

compilers=(cc)
command -v clang >/dev/null && compilers+=(clang)
cflags=(-std=c11 -Wall -Wextra -Werror)

# ---- 1. The libgpiod 2.x sources, from the cache or PyPI ------------------------------------------
sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$sha256" ]; }
if sha_ok "$sdist"; then
    say "using cached $sdist"
else
    mkdir -p "$cache"
    rm -f "$sdist"
    pip=(pip)
    command -v pip >/dev/null || pip=(python3 -m pip)
    say "downloading gpiod==$version sdist from PyPI"
    if ! "${pip[@]}" download --no-deps --no-binary :all: --disable-pip-version-check --retries 1 --timeout 20 \
        "gpiod==$version" -d "$work/download" >"$work/pip.log" 2>&1; then
        if grep -Eqi 'NewConnectionError|ConnectTimeout|ConnectionError|Max retries exceeded|Temporary failure in name resolution|Name or service not known|Network is unreachable|ProxyError|SSLError|Could not fetch URL|from versions: none' "$work/pip.log"; then
            tail -n 5 "$work/pip.log" >&2
            echo "SKIPPED: libgpiod 2.x build check (pip cannot reach PyPI, so the shim's v2 branch was NOT compiled, linked or run)"
            exit 0
        fi
        cat "$work/pip.log" >&2
        fail "pip download gpiod==$version failed (not a network error)"
    fi
    mv "$work/download/gpiod-$version.tar.gz" "$sdist"
    sha_ok "$sdist" || { rm -f "$sdist"; fail "gpiod-$version.tar.gz does not match the pinned sha256 $sha256"; }
fi
tar -xzf "$sdist" -C "$work"
src="$work/gpiod-$version"
[ -f "$src/include/gpiod.h" ] && compgen -G "$src/lib/*.c" >/dev/null || fail "the sdist holds no include/gpiod.h or lib/*.c"
grep -q GPIOD_LINE_BULK_MAX_LINES "$src/include/gpiod.h" && fail "the sdist's gpiod.h is a v1 header"
libver="$(cat "$src/libgpiod-version.txt" 2>/dev/null || echo 2)"
say "libgpiod $libver sources from gpiod-$version.tar.gz (sha256 ok)"

# ---- 2. The test program: version, capability and errno checks through the public header --------
cat >"$work/probe.c" <<'EOF'
#include "pump_gpio.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int failures;

static void expect_open_error(const char *what, pump_gpio_chip *chip, int err, int want, int alt) {
    if (chip) {
        printf("  FAIL %s: opened\n", what);
        pump_gpio_chip_close(chip);
        failures++;
    } else if (err == want || (alt && err == alt)) {
        printf("  ok   %s -> NULL, errno %d (%s)\n", what, err, strerror(err));
    } else {
        printf("  FAIL %s -> errno %d (%s), want %d (%s)\n", what, err, strerror(err), want, strerror(want));
        failures++;
    }
}

#define OPEN(what, call, want, alt)                                   \
    do {                                                              \
        errno = 0;                                                    \
        pump_gpio_chip *c_ = (call);                                  \
        expect_open_error(what, c_, errno, want, alt);                \
    } while (0)

int main(void) {
    int api = pump_gpio_api_version();
    printf("  %s  api %d, library \"%s\", kernel debounce %s\n", api == EXPECT_API ? "ok  " : "FAIL", api,
           pump_gpio_library_version(), pump_gpio_has_kernel_debounce() ? "yes" : "no");
    if (api != EXPECT_API || pump_gpio_has_kernel_debounce() != (EXPECT_API == 2)) failures++;
    OPEN("open_path(\"/nonexistent/pumpd-check/gpiochip99\")",
         pump_gpio_chip_open_path("/nonexistent/pumpd-check/gpiochip99"), ENOENT, 0);
    OPEN("open_name(\"gpiochip-pumpd-check-missing\")", pump_gpio_chip_open_name("gpiochip-pumpd-check-missing"),
         ENOENT, 0);
    OPEN("open_name(\"../null\")", pump_gpio_chip_open_name("../null"), EINVAL, 0);
    OPEN("open_path(\"/dev/null\") (not a GPIO chip)", pump_gpio_chip_open_path("/dev/null"), ENODEV, ENOTTY);
    /* ENOENT: no chip has the label; EACCES when chips exist that this user cannot open */
    OPEN("open_label(\"pumpd-check-no-such-label\")", pump_gpio_chip_open_label("pumpd-check-no-such-label"),
         ENOENT, EACCES);
    errno = 0;
    pump_gpio_request *r = pump_gpio_request_outputs(NULL, NULL, 0);
    printf("  %s request_outputs(NULL) -> errno %d\n", !r && errno == EINVAL ? "ok  " : "FAIL", errno);
    if (r || errno != EINVAL) failures++;
    return failures ? 1 : 0;
}
EOF

# ---- 3. v2 branch: -Werror syntax, then link with the sdist's library sources and run ------------
for c in "${compilers[@]}"; do
    "$c" "${cflags[@]}" -fsyntax-only -DPUMP_GPIO_EXPECT_API=2 -I "$src/include" -I "$shim_include" "$shim" ||
        fail "v2: $c -Werror compile of $shim against libgpiod $libver headers"
    say "v2: $c ${cflags[*]} -fsyntax-only against libgpiod $libver include/gpiod.h: ok"
done
mkdir -p "$work/v2"
for f in "$src"/lib/*.c; do
    cc -std=gnu11 -O1 -D_GNU_SOURCE -DGPIOD_API_VERSION_STR="\"$libver\"" -I "$src/include" -I "$src/lib" \
        -c "$f" -o "$work/v2/$(basename "$f" .c).o" || fail "v2: compiling the sdist's $(basename "$f")"
done
cc "${cflags[@]}" -DPUMP_GPIO_EXPECT_API=2 -I "$src/include" -I "$shim_include" -c "$shim" -o "$work/v2/pump_gpio.o" ||
    fail "v2: compiling $shim"
cc "${cflags[@]}" -DEXPECT_API=2 -I "$shim_include" -c "$work/probe.c" -o "$work/v2/probe.o"
cc "$work"/v2/*.o -o "$work/probe-v2" || fail "v2: linking the shim with libgpiod $libver lib/*.c"
say "v2: linked $shim with the sdist's lib/*.c (no -lgpiod); running:"
"$work/probe-v2" || fail "v2: probe"

# ---- 4. System header (libgpiod 1.6 on bookworm): -Werror syntax, link with -lgpiod and run -------
[ -f /usr/include/gpiod.h ] || fail "no /usr/include/gpiod.h: run scripts/setup.sh (libgpiod-dev)"
sys_api=2
grep -q GPIOD_LINE_BULK_MAX_LINES /usr/include/gpiod.h && sys_api=1
[ "$sys_api" = 1 ] || say "NOTE: the system gpiod.h is libgpiod 2.x, so the v1 branch is not checked on this machine"
for c in "${compilers[@]}"; do
    "$c" "${cflags[@]}" -fsyntax-only -DPUMP_GPIO_EXPECT_API=$sys_api -I "$shim_include" "$shim" ||
        fail "v$sys_api: $c -Werror compile of $shim against /usr/include/gpiod.h"
    say "v$sys_api: $c ${cflags[*]} -fsyntax-only against /usr/include/gpiod.h: ok"
done
cc "${cflags[@]}" -DPUMP_GPIO_EXPECT_API=$sys_api -DEXPECT_API=$sys_api -I "$shim_include" \
    "$shim" "$work/probe.c" -lgpiod -o "$work/probe-system" || fail "v$sys_api: linking with -lgpiod"
say "v$sys_api: linked $shim with the system -lgpiod; running:"
"$work/probe-system" || fail "v$sys_api: probe"

say "PASS: v2 branch compiled (-Werror), linked and run against libgpiod $libver; v$sys_api branch against the system library"
