#!/usr/bin/env bash
# Builds the Debian package of pumpd from this checkout: pumpd, pumpctl and pump-hil (Swift standard
# library linked in, so the package needs no Swift toolchain), the systemd units, sysusers.d and
# tmpfiles.d entries, the journal catalog, the udev rule for /dev/cpu_dma_latency, man pages, bash,
# zsh and fish completions, the documentation with example profiles and scenarios, and
# /etc/pumpd/rig.toml (the simulated rig) with its drug library as conffiles.
#
#   scripts/build-deb.sh [--config debug|release] [--revision N] [--output DIR] [--lint|--no-lint]
#
# Options:
#   --config C    swift build configuration (default release). Both use the scratch path
#                 .build-static, shared with scripts/hil-kernel-lane.sh.
#   --revision N  Debian revision (default 1): the package version is <pumpd --version>-N.
#   --output DIR  where the .deb goes (default .build/deb).
#   --lint        run lintian (installing it when missing) and fail on any error it reports;
#                 without --lint, lintian runs only when it is installed.
#   --no-lint     do not run lintian (it takes 1-2 min on a debug package; says so loudly).
#
# The same command builds on an arm64 board (Raspberry Pi OS bookworm) with Swift's aarch64
# toolchain: the architecture comes from `dpkg --print-architecture`, the Depends from
# dpkg-shlibdeps. What the build needs beyond the Swift toolchain it installs with apt
# (through scripts/setup.sh). The version is read from the built `pumpd --version` (Sources/PumpVersion),
# never written here. The last line on stdout is the .deb's absolute path; the rest goes to stderr.
set -euo pipefail
# Files written here by redirection (completions, control, md5sums) get 0644/0755 whatever the caller's umask.
umask 022
cd "$(dirname "$0")/.."

config=release
revision=1
output=.build/deb
lint=auto
usage() { sed -n '2,/^set -e/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --config) config="${2:?--config needs debug or release}"; shift 2 ;;
        --config=*) config="${1#--config=}"; shift ;;
        --revision) revision="${2:?--revision needs a number}"; shift 2 ;;
        --revision=*) revision="${1#--revision=}"; shift ;;
        --output) output="${2:?--output needs a directory}"; shift 2 ;;
        --output=*) output="${1#--output=}"; shift ;;
        --lint) lint=yes; shift ;;
        --no-lint) lint=no; shift ;;
        -h|--help) usage ;;
        *) echo "build-deb: unknown option $1" >&2; usage ;;
    esac
done
case "$config" in debug|release) ;; *) echo "build-deb: --config is debug or release, not '$config'" >&2; exit 2 ;; esac
[[ "$revision" =~ ^[0-9][0-9A-Za-z.+~]*$ ]] || { echo "build-deb: --revision '$revision' is not a Debian revision (e.g. 1, 2)" >&2; exit 2; }

log() { echo "build-deb: $*" >&2; }
fail() { echo "build-deb: FAIL: $*" >&2; exit 1; }
started=$SECONDS

# ---- tools --------------------------------------------------------------------------------------
# The libraries pumpd uses (libgpiod and libsqlite3 linked, libsystemd loaded at run time) and the
# packaging tools, with apt when missing (scripts/setup.sh).
tools=(dpkg-dev binutils)
[ "$lint" = yes ] && tools+=(lintian)
scripts/setup.sh "${tools[@]}" >&2

# ---- binaries -----------------------------------------------------------------------------------
build=(scripts/static-build.sh -c "$config")
for product in pumpd pumpctl pump-hil; do
    log "swift build --product $product ($config, static Swift stdlib)"
    "${build[@]}" --product "$product" >&2 || fail "swift build --product $product"
done
bin=$("${build[@]}" --show-bin-path)
built=$SECONDS

version=$("$bin/pumpd" --version 2>/dev/null) ||
    fail "$bin/pumpd --version failed: this checkout's pumpd has no --version (Sources/PumpVersion), and the package takes its version from nowhere else"
[[ "$version" =~ ^[0-9][0-9A-Za-z.+~]*$ ]] || fail "pumpd --version printed '$version', not a Debian upstream version"
for tool in pumpctl pump-hil; do
    other=$("$bin/$tool" --version 2>/dev/null) || fail "$tool --version failed"
    [ "$other" = "$version" ] || fail "$tool --version is '$other' but pumpd --version is '$version' (one version, Sources/PumpVersion)"
done
# The release link (Package.swift: lld with packed relocations, the C++ runtime linked in) falls
# back without an error if a toolchain stops passing -lstdc++ or lld the way it does: check it took.
if [ "$config" = release ]; then
    dynamic=$(readelf -d "$bin/pumpd") || fail "readelf -d $bin/pumpd"
    ! grep -Eq 'NEEDED.*\[(libstdc\+\+|libgcc_s)' <<<"$dynamic" ||
        fail "the release pumpd loads libstdc++ or libgcc_s: the C++ runtime was not linked in (Package.swift, staticCxxRuntime)"
    grep -q '(RELR)' <<<"$dynamic" ||
        fail "the release pumpd has no DT_RELR: it was not linked by lld with packed relocations (Package.swift, releaseLinker)"
fi
arch=$(dpkg --print-architecture)
package_version="$version-$revision"
# Reproducible dates: the last commit's time for the man pages, the changelog and the files' mtimes.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
build_date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)

mkdir -p "$output"
output=$(cd "$output" && pwd)
stage="$output/stage/pumpd_${package_version}_$arch"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN"
put() { install -D -m "$1" "$2" "$stage/$3"; }  # mode, source, path in the package

# Stripped of symbols and of the debugger's AST (.swift_ast, debug builds): a third to a half of
# each binary. A crash's backtrace then shows addresses, not names.
for entry in pumpd:usr/sbin pumpctl:usr/bin pump-hil:usr/bin; do
    tool=${entry%%:*}
    install -D -m 0755 "$bin/$tool" "$stage/${entry#*:}/$tool"
    strip --strip-unneeded --remove-section=.comment --remove-section=.note --remove-section=.swift_ast "$stage/${entry#*:}/$tool"
done

# ---- systemd, udev, configuration ---------------------------------------------------------------
put 0644 systemd/pumpd.service lib/systemd/system/pumpd.service
put 0644 systemd/pumpd.socket lib/systemd/system/pumpd.socket
put 0644 systemd/pumpd.sysusers usr/lib/sysusers.d/pumpd.conf
put 0644 systemd/pumpd.tmpfiles usr/lib/tmpfiles.d/pumpd.conf
# systemd's own dpkg trigger (interest-noawait /usr/lib/systemd/catalog) runs journalctl --update-catalog.
put 0644 systemd/pumpd.catalog usr/lib/systemd/catalog/pumpd.catalog
put 0644 systemd/60-pumpd.rules lib/udev/rules.d/60-pumpd.rules
put 0755 systemd/stop-socket usr/libexec/pumpd/stop-socket
# The simulated rig; its drug_library ("drug-library.toml", relative to the profile) lies beside it.
library=$(sed -n 's/^drug_library *= *"\([^"]*\)".*/\1/p' hw-profiles/sim.toml | head -n 1)
[ "$library" = drug-library.toml ] || fail "hw-profiles/sim.toml names drug_library '$library'; the package installs /etc/pumpd/drug-library.toml"
put 0644 hw-profiles/sim.toml etc/pumpd/rig.toml
put 0644 hw-profiles/drug-library.toml etc/pumpd/drug-library.toml
printf '%s\n' /etc/pumpd/rig.toml /etc/pumpd/drug-library.toml >"$stage/DEBIAN/conffiles"

# ---- man pages ----------------------------------------------------------------------------------
manuals=$SECONDS
# swift-argument-parser's generate-manual: the plugin's tool, run on the built binaries, so nothing
# is built twice; help2man when the plugin cannot be built. The tool gets a scratch path of its own:
# a plugin run in .build-static leaves a plan without the static library paths, and the next
# static link there fails (cannot find -lCoreFoundation).
mkdir -p "$output/man"
rm -f "$output/man"/*
manual_tool=""
manual_scratch=.build/generate-manual
if swift package --scratch-path "$manual_scratch" generate-manual --help >"$output/man/plugin.log" 2>&1; then
    manual_tool=$(find "$manual_scratch" -path '*/debug/generate-manual-tool' -type f -perm -u+x | head -n 1)
fi
for entry in pumpd:8 pumpctl:1 pump-hil:1; do
    tool=${entry%%:*} section=${entry#*:}
    page="$output/man/$tool.$section"
    if [ -n "$manual_tool" ]; then
        "$manual_tool" "$bin/$tool" --section "$section" --date "$build_date" \
            --authors "pumpd maintainers" -o "$output/man" >&2 || fail "generate-manual $tool"
    else
        command -v help2man >/dev/null || scripts/setup.sh help2man >&2
        log "generate-manual plugin unavailable ($output/man/plugin.log): help2man for $tool"
        help2man --no-info --section "$section" --name "$("$bin/$tool" --help | sed -n '1s/^OVERVIEW: //p')" \
            --output "$page" "$bin/$tool" || fail "help2man $tool"
    fi
    [ -s "$page" ] || fail "no man page $page"
    # generate-manual keeps the help's blank lines, which groff warns about: paragraphs in mdoc are .Pp.
    [ -z "$manual_tool" ] || sed -i 's/^$/.Pp/' "$page"
    mkdir -p "$stage/usr/share/man/man$section"
    gzip -9n <"$page" >"$stage/usr/share/man/man$section/$tool.$section.gz"
done

manuals=$((SECONDS - manuals))

# ---- shell completions --------------------------------------------------------------------------
for tool in pumpd pumpctl pump-hil; do
    mkdir -p "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" \
        "$stage/usr/share/fish/vendor_completions.d"
    # The =form: pumpctl's argument check passes ArgumentParser's own options on only when they carry their value.
    # bash-completion sources the file: no #! line.
    "$bin/$tool" --generate-completion-script=bash | sed '1{/^#!/d}' >"$stage/usr/share/bash-completion/completions/$tool"
    "$bin/$tool" --generate-completion-script=zsh >"$stage/usr/share/zsh/vendor-completions/_$tool"
    "$bin/$tool" --generate-completion-script=fish >"$stage/usr/share/fish/vendor_completions.d/$tool.fish"
done

# ---- documentation ------------------------------------------------------------------------------
doc="$stage/usr/share/doc/pumpd"
# README.md stays uncompressed: the journal catalog links file:///usr/share/doc/pumpd/README.md.
put 0644 README.md usr/share/doc/pumpd/README.md
gzip -9n <systemd/README.md >"$output/systemd.md.gz"
put 0644 "$output/systemd.md.gz" usr/share/doc/pumpd/systemd.md.gz
for profile in hw-profiles/*.toml; do put 0644 "$profile" "usr/share/doc/pumpd/examples/hw-profiles/${profile#hw-profiles/}"; done
for example in hw-profiles/examples/*; do put 0644 "$example" "usr/share/doc/pumpd/examples/${example#hw-profiles/examples/}"; done
for scenario in Tests/Scenarios/*.toml; do put 0644 "$scenario" "usr/share/doc/pumpd/examples/scenarios/${scenario#Tests/Scenarios/}"; done
put 0644 scripts/deb/copyright usr/share/doc/pumpd/copyright
maintainer="pumpd maintainers <maintainers@users.noreply.h-seed-9a5581d7.example>"
{
    echo "pumpd ($package_version) unstable; urgency=medium"
    echo
    echo "  * Built from $(git describe --always --dirty 2>/dev/null || echo 'a checkout without git') by scripts/build-deb.sh ($config)."
    echo
    echo " -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$doc/changelog.Debian.gz"

# ---- control ------------------------------------------------------------------------------------
for script in postinst prerm postrm; do put 0755 "scripts/deb/$script" "DEBIAN/$script"; done
shlibs_dir="$output/shlibdeps"
rm -rf "$shlibs_dir"
mkdir -p "$shlibs_dir/debian"
printf 'Source: pumpd\n\nPackage: pumpd\nArchitecture: any\n' >"$shlibs_dir/debian/control"
shlibs=$(cd "$shlibs_dir" && dpkg-shlibdeps -O "$stage/usr/sbin/pumpd" "$stage/usr/bin/pumpctl" "$stage/usr/bin/pump-hil") ||
    fail "dpkg-shlibdeps"
shlibs=${shlibs#shlibs:Depends=}
[ -n "$shlibs" ] || fail "dpkg-shlibdeps found no libraries"
# Packed relocations (DT_RELR) need the loader of glibc 2.36; dpkg-shlibdeps counts only symbols,
# and no symbol names that version, so it would let the package onto a 2.35 system where pumpd
# cannot start.
if readelf -V "$stage/usr/sbin/pumpd" | grep -q GLIBC_ABI_DT_RELR; then
    [[ "$shlibs" =~ libc6\ \(\>=\ ([0-9.]+)\) ]] || fail "pumpd needs glibc 2.36 (DT_RELR), but Depends names no libc6 version: $shlibs"
    libc=${BASH_REMATCH[1]}
    dpkg --compare-versions "$libc" ge 2.36 || shlibs=${shlibs/"libc6 (>= $libc)"/"libc6 (>= 2.36)"}
fi
find "$stage" -path "$stage/DEBIAN" -prune -o -type f -printf '%P\0' | sort -z |
    (cd "$stage" && xargs -0 md5sum) >"$stage/DEBIAN/md5sums"
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<EOF
Package: pumpd
Version: $package_version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $shlibs, systemd
Section: misc
Priority: optional
Description: controller daemon for drug-infusion pump rigs
 pumpd runs the real-time control loop of a programmable drug-infusion pump
 (modelled on implantable intrathecal pumps) on a simulated rig or on GPIO
 motors and sensors, keeps the therapy state durable in /var/lib/pumpd and
 resumes delivery after a restart. pumpctl programs and watches it over a
 Varlink control socket; pump-hil runs hazard scenarios against it.
 .
 The service is enabled but not started on installation; /etc/pumpd/rig.toml
 is the simulated rig until a real rig's profile replaces it.
EOF
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

deb="$output/pumpd_${package_version}_$arch.deb"
packed=$SECONDS
# A release is shipped to boards: xz, the smallest (release amd64: 190 MB into 47 MB, ~2 min on 2
# cores). A debug package is for the lanes: gzip -1 packs it in ~4 s instead of ~2 min.
compression=(-Zxz)
[ "$config" = release ] || compression=(-Zgzip -z1)
dpkg-deb --root-owner-group "${compression[@]}" --build "$stage" "$deb" >&2 || fail "dpkg-deb --build"

packed=$((SECONDS - packed))

# ---- lintian ------------------------------------------------------------------------------------
linted=$SECONDS
if [ "$lint" = yes ] || { [ "$lint" = auto ] && command -v lintian >/dev/null; }; then
    # --fail-on error: warnings are printed and accepted (each is explained in README.md).
    lintian --fail-on error --tag-display-limit 0 "$deb" >&2 || fail "lintian reports errors for $deb"
    log "lintian: no errors ($((SECONDS - linted)) s)"
elif [ "$lint" = no ]; then
    log "lintian: NOT run (--no-lint)"
else
    log "lintian: NOT run (not installed; --lint installs and runs it)"
fi
log "built $(basename "$deb"): $(du -k "$deb" | cut -f1) kB, installed $installed_size kB; swift build $((built - started)) s, man pages $manuals s, dpkg-deb $packed s, total $((SECONDS - started)) s"
echo "$deb"
