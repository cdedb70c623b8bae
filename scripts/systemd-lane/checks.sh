#!/bin/bash
# The real-systemd lane's checks, run INSIDE the booted guest as root (scripts/systemd-lane.sh copies
# this file to /lane/checks.sh). One line per assertion on stdout:
#   ok <name>: <evidence>      FAIL <name>: <evidence>      SKIPPED: <what> (<why>)
#
# Usage: checks.sh boot            everything nspawn shows: sockets and roles, READY's STATUS=,
#                                  restart, watchdog, sandbox score, journal, reload, stop
#        checks.sh upgrade DEB     install DEB (revision 2) over the running pumpd
#        checks.sh remove          dpkg -r, then dpkg -P
#        checks.sh qemu            what only a real kernel shows: RT priority, mlockall, OOM score,
#                                  /dev/cpu_dma_latency, the socket after a real boot, MemoryMax=
#        checks.sh expect PHASE    the names of the checks PHASE prints (run by the host)
# The rig is /etc/pumpd/rig.toml (the simulated rig); the state in /var/lib/pumpd was seeded by
# the host with a running program, so pumpd restores therapy when systemd starts it.
set -u
export LC_ALL=C.UTF-8 SYSTEMD_COLORS=0 SYSTEMD_PAGER=
SOCK=/run/pumpd/control.sock
RIG=/etc/pumpd/rig.toml
PUMPCTL=$(command -v pumpctl || echo /usr/bin/pumpctl)

check() { # NAME OK(0|1) EVIDENCE
    if [ "$2" = 0 ]; then echo "ok $1: $3"; else echo "FAIL $1: $3"; fi
}
skipped() { echo "SKIPPED: $1 ($2)"; }
one_line() { tr '\n' ' ' | sed 's/  */ /g; s/ $//' | cut -c1-400; }
# as USER CMD...: run as one of the lane's accounts with its groups.
as() { local u=$1; shift; setpriv --reuid="$u" --regid="$u" --init-groups "$@"; }
ctl() { local u=$1; shift; as "$u" "$PUMPCTL" --timeout 20 "$@"; }
json() { sed -n "s/.*\"$1\":\(\"[^\"]*\"\|-\{0,1\}[0-9][0-9]*\).*/\1/p" | head -n 1 | tr -d '"'; } # KEY from one JSON line
wait_for() { # SECONDS CMD...: retries every 0.2 s
    local tries=$(($1 * 5)); shift
    while [ $tries -gt 0 ]; do "$@" && return 0; sleep 0.2; tries=$((tries - 1)); done
    return 1
}
main_pid() { systemctl show -p MainPID --value pumpd.service; }
active() { [ "$(systemctl is-active "${1:-pumpd.service}")" = active ]; }
inactive() { [ "$(systemctl is-active "${1:-pumpd.service}")" = inactive ]; } # stopped, not failed
perms() { stat -c '%U:%G %a' "$1" 2>/dev/null || echo missing; }
# Contract: /run/pumpd root:root 0755 (the socket unit's), the node pumpd:pumpd-clients 0660; nothing chowns them.
socket_ok() { [ "$(perms /run/pumpd)" = "root:root 755" ] && [ "$(perms $SOCK)" = "pumpd:pumpd-clients 660" ]; }
socket_evidence() { echo "/run/pumpd $(perms /run/pumpd), $SOCK $(perms $SOCK)"; }
status_of() { ctl "$1" --json status 2>&1; }
# What pumpd is doing, asked as root (root may always connect): independent of the clients' access.
root_status() { "$PUMPCTL" --timeout 20 --json status 2>&1; }
mode() { root_status | json mode; }
running() { [ "$(mode)" = running ]; }
steps() { root_status | json stepsMoved; }
dose_rate() { root_status | json doseRate; }
since_cursor() { journalctl -n 0 --show-cursor -q 2>/dev/null | sed -n 's/^-- cursor: //p'; }

ensure_accounts() {
    local role
    for role in observer operator clinician; do
        id "lane-$role" >/dev/null 2>&1 ||
            useradd --no-create-home --user-group --shell /usr/sbin/nologin -G "pumpd-clients,pumpd-${role}s" "lane-$role"
    done
}

# The three roles connect and get exactly what their role allows. TAG names the moment (after-boot, …).
roles() {
    local tag=$1 out rc ev="" bad=0 role got
    for role in observer operator clinician; do
        out=$(status_of "lane-$role"); rc=$?
        got=$(echo "$out" | json callerRole)
        [ $rc = 0 ] && [ "$got" = "$role" ] || bad=1
        ev+="$role status exit $rc role ${got:-none}$( [ $rc = 0 ] || echo " ($(echo "$out" | tail -n 1 | one_line))"); "
    done
    check "socket-$tag" "$(socket_ok && echo 0 || echo 1)" "$(socket_evidence)"
    check "roles-connect-$tag" $bad "$ev"
}

boot() {
    ensure_accounts
    local pid pid2 out rc t0 nr0 nr1 s0 s1 cur rpid dose
    wait_for 30 active || true
    check service-started-at-boot "$(active && echo 0 || echo 1)" \
        "pumpd.service $(systemctl is-active pumpd.service), pumpd.socket $(systemctl is-active pumpd.socket), enabled: $(systemctl is-enabled pumpd.service pumpd.socket 2>&1 | one_line)"
    # READY=1 comes with a STATUS= of the restored, running program (not "stopped (idle), 0.000"):
    # `systemctl restart` returns at READY=1 (Type=notify), so StatusText is READY's own STATUS=.
    wait_for 10 running || true
    local st; st=$(systemctl show -p StatusText --value pumpd.service)
    check status-after-boot "$(echo "$st" | grep -q '^running' && echo 0 || echo 1)" "StatusText=\"$st\"; pumpctl status mode $(mode)"
    # The STATUS= that went with READY=1 is pumpd's own journal line "pumpd: ready: <status>": the
    # StatusText read after `systemctl restart` may already be the periodic update ~200 ms later.
    # It must say running at the program's rate (the rate the periodic STATUS= then reports).
    cur=$(since_cursor)
    systemctl restart pumpd.service; rc=$?
    local ready=""; wait_for 10 sh -c "journalctl _SYSTEMD_UNIT=pumpd.service --after-cursor '$cur' -o cat 2>/dev/null | grep -Eq '(^|pumpd: )ready: '" || true
    ready=$(journalctl _SYSTEMD_UNIT=pumpd.service --after-cursor "$cur" -o cat 2>/dev/null | grep -E -m 1 '(^|pumpd: )ready: ' | sed 's/^\(pumpd: \)\{0,1\}ready: //')
    wait_for 10 running || true
    st=$(systemctl show -p StatusText --value pumpd.service)
    local ready_rate; ready_rate=$(echo "$ready" | cut -d, -f2 | sed 's/^ *//')
    check ready-status-true "$([ $rc = 0 ] && echo "$ready" | grep -q '^running' && [ -n "$ready_rate" ] &&
        [ "$ready_rate" = "$(echo "$st" | cut -d, -f2 | sed 's/^ *//')" ] && ! echo "$ready_rate" | grep -q '^0\.000 ' && echo 0 || echo 1)" \
        "systemctl restart exit $rc; journal 'ready: ' line=\"${ready:-none logged}\"; later periodic StatusText=\"$st\"; pumpctl status mode $(mode)"
    roles after-boot

    # Refused by pumpd for the role (exit 4 naming it), not by the socket's permissions.
    out=$(ctl lane-observer stop 2>&1); rc=$?
    check observer-stop-refused "$([ $rc = 4 ] && echo "$out" | grep -q "you are observer" && echo 0 || echo 1)" "observer pumpctl stop exit $rc: $(echo "$out" | one_line)"
    out=$(ctl lane-operator stop 2>&1); rc=$?
    check operator-stop-refused "$([ $rc = 4 ] && echo "$out" | grep -q "you are operator" && echo 0 || echo 1)" "operator pumpctl stop exit $rc (operators_may_stop = false): $(echo "$out" | one_line)"
    out=$(ctl lane-operator program --from-active --daily-dose 19mg --yes 2>&1); rc=$?
    check operator-program-refused "$([ $rc = 4 ] && echo "$out" | grep -q "you are operator" && echo 0 || echo 1)" "operator pumpctl program exit $rc: $(echo "$out" | tail -n 1 | one_line)"
    # A clinician's program: the warnings it raises are accepted as pumpctl names them.
    out=$(ctl lane-clinician program --from-active --daily-dose 19mg --yes 2>&1); rc=$?
    local accept; accept=$(echo "$out" | sed -n 's/.*accept them with: \(--accept [^ ]*\)\( --override-reason TEXT\)\{0,1\}.*/\1\2/p' | head -n 1)
    if [ $rc = 2 ] && [ -n "$accept" ]; then
        # shellcheck disable=SC2086
        out=$(ctl lane-clinician program --from-active --daily-dose 19mg --yes ${accept/TEXT/systemd-lane} 2>&1); rc=$?
    fi
    dose=$(dose_rate)
    check clinician-program-commits "$([ $rc = 0 ] && [ "$dose" = 19000000 ] && echo 0 || echo 1)" \
        "clinician pumpctl program --daily-dose 19mg ${accept:+($accept) }exit $rc, dose rate now $dose ng/day: $(echo "$out" | tail -n 1 | one_line)"

    # ---- restart: the socket keeps its group ----
    systemctl restart pumpd.service
    wait_for 20 running || true
    roles after-restart
    st=$(systemctl show -p StatusText --value pumpd.service)
    check ready-status-after-restart "$(echo "$st" | grep -q '^running' && echo 0 || echo 1)" "StatusText=\"$st\""

    # ---- watchdog: a frozen pumpd is killed and restarted; therapy restored ----
    pid=$(main_pid); nr0=$(systemctl show -p NRestarts --value pumpd.service); cur=$(since_cursor); t0=$(date +%s.%N)
    kill -STOP "$pid"
    wait_for 70 sh -c "p=\$(systemctl show -p MainPID --value pumpd.service); [ \"\$p\" != 0 ] && [ \"\$p\" != $pid ] && [ \"\$(systemctl is-active pumpd.service)\" = active ]" || true
    local t1; t1=$(date +%s.%N)
    pid2=$(main_pid); nr1=$(systemctl show -p NRestarts --value pumpd.service)
    local wd; wd=$(journalctl -u pumpd.service --after-cursor "$cur" -o cat 2>/dev/null | grep -E "Watchdog timeout|result 'watchdog'" | one_line)
    wait_for 15 running || true
    s0=$(steps); sleep 5; s1=$(steps)
    check watchdog-restart "$([ -n "$wd" ] && [ "$pid2" != "$pid" ] && [ "${nr1:-0}" -gt "${nr0:-0}" ] && echo 0 || echo 1)" \
        "froze pid $pid (SIGSTOP); freeze->restart $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s (WatchdogSec=$(systemctl show -p WatchdogUSec --value pumpd.service), TimeoutAbortSec=$(systemctl show -p TimeoutAbortUSec --value pumpd.service), RestartSec=$(systemctl show -p RestartUSec --value pumpd.service); evidence, not asserted): MainPID $pid2, NRestarts $nr0 -> $nr1; journal: ${wd:-no watchdog timeout logged}"
    check watchdog-therapy-restored "$(running && [ "${s1:-0}" -gt "${s0:-0}" ] && echo 0 || echo 1)" \
        "mode $(mode), dose rate $(dose_rate) ng/day, steps moved $s0 -> $s1 in 5 s"
    roles after-watchdog

    # ---- sandbox ----
    out=$(systemd-analyze security pumpd.service --no-pager 2>&1 | tail -n 1)
    local score; score=$(echo "$out" | grep -o '[0-9]*\.[0-9]' | head -n 1)
    check security-exposure "$(awk -v s="${score:-99}" 'BEGIN { exit !(s <= 2.0) }' && echo 0 || echo 1)" "$(echo "$out" | sed 's/→ //') (≤ 2.0 required)"

    # ---- journal fields and catalog ----
    local fields ids catalog
    fields=$(journalctl -u pumpd.service -o verbose --no-pager 2>/dev/null | grep -o '^ *PUMP_[A-Z_]*=' | sed 's/^ *//; s/=$//' | sort -u | one_line)
    ids=$(journalctl -u pumpd.service -o verbose --no-pager 2>/dev/null | grep -c '^ *MESSAGE_ID=')
    check journal-fields "$([ -n "$fields" ] && [ "$ids" -gt 0 ] && echo 0 || echo 1)" "fields: ${fields:-none}; $ids entries with MESSAGE_ID"
    catalog=$(journalctl -x _SYSTEMD_UNIT=pumpd.service --no-pager 2>/dev/null | grep '^ *░░' | head -n 3 | sed 's/^ *░░ *//' | one_line)
    check journal-catalog "$([ -n "$catalog" ] && echo 0 || echo 1)" \
        "journalctl -x: ${catalog:-no catalog text}; catalog file: $(ls /usr/lib/systemd/catalog/pumpd.catalog 2>&1)"

    # ---- reload: applies, names the caller, refuses with a non-zero exit ----
    cp -p "$RIG" /tmp/rig.toml.orig
    sed -i 's/^operators_may_stop *= *false/operators_may_stop = true/' "$RIG"
    cur=$(since_cursor)
    systemctl reload pumpd.service & rpid=$!
    wait $rpid; rc=$?
    out=$(ctl lane-operator stop 2>&1); local orc=$?
    check reload-applies "$([ $rc = 0 ] && [ $orc = 0 ] && echo 0 || echo 1)" \
        "operators_may_stop=true: systemctl reload exit $rc; operator pumpctl stop then exit $orc: $(echo "$out" | tail -n 1 | one_line)"
    # The audit's actor: pumpd's entries after the reload, message and PUMP_* fields.
    local line; line=$(journalctl _SYSTEMD_UNIT=pumpd.service --after-cursor "$cur" -o verbose 2>/dev/null |
        grep -E '^ *(MESSAGE=.*(reload|setting)|PUMP_[A-Z_]*(UID|PID|ACTOR|REQUEST|CALLER|BY)[A-Z_]*=)' | sed 's/^ *//' | sort -u | one_line)
    local pumpd_uid; pumpd_uid=$(id -u pumpd)
    check reload-names-caller "$(echo "$line" | grep -Eq "(pid|PID)[ =:]*$rpid\b" && ! echo "$line" | grep -Eq "(uid|UID)[ =:]*$pumpd_uid\b" && echo 0 || echo 1)" \
        "systemctl reload ran as uid 0 pid $rpid (pumpd is uid $pumpd_uid); journal: ${line:-nothing about the reload}"
    out=$(ctl lane-clinician resume 2>&1); rc=$?
    wait_for 10 running || true
    check clinician-resume "$(running && echo 0 || echo 1)" "clinician pumpctl resume exit $rc ($(echo "$out" | tail -n 1 | one_line)), mode $(mode)"
    sed -i 's/^step_volume_pl *= *[0-9_]*/step_volume_pl = 300_000/' "$RIG"
    cur=$(since_cursor); pid=$(main_pid)
    out=$(systemctl reload pumpd.service 2>&1); rc=$?
    line=$(journalctl -u pumpd.service --after-cursor "$cur" -o cat 2>/dev/null | grep -i 'refus' | head -n 2 | one_line)
    check reload-refuses "$([ $rc != 0 ] && [ -n "$line" ] && [ "$(main_pid)" = "$pid" ] && running && echo 0 || echo 1)" \
        "step_volume_pl changed: systemctl reload exit $rc ($(echo "$out" | one_line)); same pid $(main_pid), mode $(mode); journal: ${line:-no refusal logged}"
    cp -p /tmp/rig.toml.orig "$RIG"

    # ---- stop: the motor is disabled and a client's query does not start pumpd again ----
    cur=$(since_cursor)
    systemctl stop pumpd.service; rc=$?
    line=$(journalctl -u pumpd.service --after-cursor "$cur" -o cat 2>/dev/null | grep -i 'motor disabled' | head -n 1 | one_line)
    check stop-disables-motor "$([ $rc = 0 ] && [ -n "$line" ] && echo 0 || echo 1)" "systemctl stop exit $rc; journal: ${line:-no 'motor disabled' line}"
    out=$(ctl lane-observer status 2>&1); rc=$?
    local rout rrc; rout=$("$PUMPCTL" --timeout 5 status 2>&1); rrc=$?
    sleep 3
    local after; after=$(systemctl is-active pumpd.service)
    check stop-not-reactivated "$([ $rc != 0 ] && [ $rrc != 0 ] && [ "$after" != active ] && [ "$after" != activating ] && echo 0 || echo 1)" \
        "observer pumpctl status exit $rc ($(echo "$out" | head -n 1 | one_line)); root pumpctl status exit $rrc ($(echo "$rout" | head -n 1 | one_line)); 3 s later pumpd.service $after, pumpd.socket $(systemctl is-active pumpd.socket)"
    systemctl start pumpd.service; rc=$?
    wait_for 20 running || true
    check start-resumes "$([ $rc = 0 ] && active pumpd.socket && running && echo 0 || echo 1)" \
        "systemctl start exit $rc: pumpd.service $(systemctl is-active pumpd.service), pumpd.socket $(systemctl is-active pumpd.socket), mode $(mode)"
    roles after-start

    # ---- a stop right after a crash: a real stop (the socket too), not a cancelled auto-restart ----
    # With RestartSec=2s the stop lands in the restart wait, the unit goes straight to inactive with
    # no ExecStopPost=, the socket stays and the next client starts pumpd again.
    # By now the lane has started pumpd more often than StartLimitBurst= allows in its interval: the
    # crash's restart would hit the start limit (failed) instead of showing the stop. reset-failed
    # clears that counter.
    systemctl reset-failed pumpd.service pumpd.socket
    pid=$(main_pid)
    kill -KILL "$pid"; sleep 1
    systemctl stop pumpd.service; rc=$?
    # stop-socket queues the socket's stop (--no-block): the claim is about a client after it.
    wait_for 30 sh -c '! systemctl is-active --quiet pumpd.socket' || true
    out=$(ctl lane-observer status 2>&1); orc=$?
    sleep 3
    check stop-after-crash "$([ $orc = 6 ] && inactive && inactive pumpd.socket && echo 0 || echo 1)" \
        "kill -KILL $pid; 1 s later systemctl stop exit $rc (RestartSec=$(systemctl show -p RestartUSec --value pumpd.service)); observer pumpctl status exit $orc ($(echo "$out" | head -n 1 | one_line)); 3 s later pumpd.service $(systemctl is-active pumpd.service), pumpd.socket $(systemctl is-active pumpd.socket)"
    systemctl reset-failed pumpd.service pumpd.socket 2>/dev/null
    systemctl start pumpd.service; wait_for 20 running || true

    # ---- systemctl kill: SIGTERM, a clean exit 0 with no job: the socket is stopped too ----
    systemctl reset-failed pumpd.service pumpd.socket
    cur=$(since_cursor)
    systemctl kill pumpd.service; rc=$?
    # The service ends first; stop-socket then queues the socket's stop (--no-block): a client in
    # between is taken by systemd's socket and closed with it. The claim is about a client after.
    wait_for 30 sh -c '! systemctl is-active --quiet pumpd.service && ! systemctl is-active --quiet pumpd.socket' || true
    local result; result=$(systemctl show -p Result --value pumpd.service)
    out=$(ctl lane-observer status 2>&1); orc=$?
    sleep 3
    check kill-stops-socket "$([ $orc = 6 ] && inactive && inactive pumpd.socket && echo 0 || echo 1)" \
        "systemctl kill exit $rc (Result=$result, ExecMainStatus=$(systemctl show -p ExecMainStatus --value pumpd.service)); observer pumpctl status exit $orc ($(echo "$out" | head -n 1 | one_line)); 3 s later pumpd.service $(systemctl is-active pumpd.service), pumpd.socket $(systemctl is-active pumpd.socket); stop-socket said: $(journalctl --after-cursor "$cur" -o cat 2>/dev/null | grep 'stop-socket' | head -n 1 | one_line)"
    systemctl reset-failed pumpd.service pumpd.socket 2>/dev/null
    systemctl start pumpd.service; rc=$?
    wait_for 20 running || true
    check start-after-kill "$([ $rc = 0 ] && active pumpd.socket && running && echo 0 || echo 1)" \
        "systemctl start exit $rc: pumpd.service $(systemctl is-active pumpd.service), pumpd.socket $(systemctl is-active pumpd.socket), mode $(mode)"
    memory_max nspawn
}

# memory_max WHERE: the unit's MemoryMax= is in force: systemd's value equals the unit file's and
# pumpd's cgroup has it as memory.max, with memory.current under it. nspawn: only where the host
# gives the container the memory controller (said as SKIPPED otherwise); QEMU: always.
memory_max() {
    local want got cg max cur
    want=$(systemctl cat pumpd.service 2>/dev/null | sed -n 's/^MemoryMax=//p' | tail -n 1)
    got=$(systemctl show -p MemoryMax --value pumpd.service)
    cg=/sys/fs/cgroup$(systemctl show -p ControlGroup --value pumpd.service)
    if [ "$1" = nspawn ] && [ ! -f "$cg/memory.max" ]; then
        skipped "memory-max in nspawn" "no memory controller in the container's cgroup ($(cat /sys/fs/cgroup/cgroup.controllers 2>/dev/null | one_line)); checked under QEMU"
        return
    fi
    max=$(cat "$cg/memory.max" 2>/dev/null); cur=$(cat "$cg/memory.current" 2>/dev/null)
    check "memory-max-$1" "$([ -n "$want" ] && [ "$got" = "$(numfmt --from=iec "$want" 2>/dev/null)" ] && [ "$max" = "$got" ] &&
        [ -n "$cur" ] && [ "$cur" -lt "$got" ] && echo 0 || echo 1)" \
        "unit MemoryMax=${want:-unset}; systemctl show MemoryMax=$got; $cg/memory.max ${max:-missing}, memory.current ${cur:-missing} ($(( ${cur:-0} / 1048576 )) MiB)"
}

# expect PHASE: the names of the checks PHASE must print (the host FAILs a missing one).
expect() {
    local tag
    case $1 in
        boot)
            echo service-started-at-boot status-after-boot ready-status-true socket-after-boot roles-connect-after-boot \
                observer-stop-refused operator-stop-refused operator-program-refused clinician-program-commits \
                socket-after-restart roles-connect-after-restart ready-status-after-restart \
                watchdog-restart watchdog-therapy-restored socket-after-watchdog roles-connect-after-watchdog \
                security-exposure journal-fields journal-catalog reload-applies reload-names-caller clinician-resume \
                reload-refuses stop-disables-motor stop-not-reactivated start-resumes socket-after-start \
                roles-connect-after-start stop-after-crash kill-stops-socket start-after-kill ;;
        upgrade) echo upgrade-installs upgrade-restarts upgrade-therapy-resumed upgrade-state-kept socket-after-upgrade roles-connect-after-upgrade ;;
        remove) echo remove-stops remove-keeps-state purge-says-where purge-clean ;;
        qemu) echo socket-after-real-boot roles-connect-after-real-boot rt-priority memory-locked oom-score-adj cpu-dma-latency-held memory-max-qemu ;;
    esac
}

upgrade() {
    local deb=$1 pid s before after out rc total0 total1 dose0 dose1 s0 s1
    wait_for 20 running || true
    pid=$(main_pid); before=$(dpkg-query -W -f '${Version}' pumpd)
    s=$(root_status); total0=$(echo "$s" | json deliveredTotal); dose0=$(echo "$s" | json doseRate)
    out=$(dpkg -i "$deb" 2>&1); rc=$?
    after=$(dpkg-query -W -f '${Version}' pumpd)
    wait_for 30 running || true
    s=$(root_status); total1=$(echo "$s" | json deliveredTotal); dose1=$(echo "$s" | json doseRate)
    s0=$(steps); sleep 5; s1=$(steps)
    check upgrade-installs "$([ $rc = 0 ] && [ "$after" != "$before" ] && echo 0 || echo 1)" "dpkg -i exit $rc: pumpd $before -> $after"
    check upgrade-restarts "$([ "$(main_pid)" != "$pid" ] && [ "$(main_pid)" != 0 ] && echo 0 || echo 1)" "MainPID $pid -> $(main_pid)"
    check upgrade-therapy-resumed "$(running && [ "${s1:-0}" -gt "${s0:-0}" ] && echo 0 || echo 1)" \
        "mode $(mode), steps moved $s0 -> $s1 in 5 s"
    check upgrade-state-kept "$([ -n "$dose1" ] && [ "$dose1" = "$dose0" ] && [ "${total1:-0}" -ge "${total0:-1}" ] && echo 0 || echo 1)" \
        "dose rate $dose0 -> $dose1 ng/day, delivered total $total0 -> $total1 ng"
    roles after-upgrade
}

remove() {
    local out rc left
    out=$(dpkg -r pumpd 2>&1); rc=$?
    check remove-stops "$([ $rc = 0 ] && ! active pumpd.service && ! active pumpd.socket && [ ! -e $SOCK ] && echo 0 || echo 1)" \
        "dpkg -r exit $rc; pumpd.service $(systemctl is-active pumpd.service), pumpd.socket $(systemctl is-active pumpd.socket), socket node $(perms $SOCK)"
    check remove-keeps-state "$([ -d /var/lib/pumpd ] && [ -f "$RIG" ] && echo "$out" | grep -q /var/lib/pumpd && echo 0 || echo 1)" \
        "/var/lib/pumpd $(ls /var/lib/pumpd 2>/dev/null | one_line), rig.toml $(perms "$RIG"); dpkg said: $(echo "$out" | grep -i 'pumpd' | grep -v '^(Reading\|^Removing' | one_line)"
    out=$(dpkg -P pumpd 2>&1); rc=$?
    check purge-says-where "$([ $rc = 0 ] && echo "$out" | grep -q /var/lib/pumpd && echo 0 || echo 1)" \
        "dpkg -P exit $rc: $(echo "$out" | grep -v '^(Reading\|^Purging\|^Removing' | one_line)"
    left=$(find / -xdev \( -path /proc -o -path /sys -o -path /lane -o -path /home \) -prune -o -name '*pumpd*' -print 2>/dev/null | one_line)
    check purge-clean "$([ -z "$left" ] && [ ! -e /var/lib/pumpd ] && [ ! -e /etc/pumpd ] && [ ! -e /run/pumpd ] &&
        [ -z "$(systemctl list-unit-files --no-legend 'pumpd*' 2>/dev/null)" ] && echo 0 || echo 1)" \
        "files named *pumpd*: ${left:-none}; units: $(systemctl list-unit-files --no-legend 'pumpd*' 2>/dev/null | one_line)${left:+}; users kept: $(getent passwd pumpd | cut -d: -f1)"
}

qemu() {
    ensure_accounts
    wait_for 60 active || true
    wait_for 30 running || true
    roles after-real-boot
    local pid; pid=$(main_pid)
    local limit; limit=$(awk '/Max realtime priority/ { print $4 "/" $5 }' /proc/"$pid"/limits)
    local fifo; fifo=$(ps -L -o tid=,cls=,rtprio=,comm= -p "$pid" | awk '$2 == "FF" { printf "%s(%s) FIFO %s; ", $4, $1, $3 }')
    check rt-priority "$([ -n "$fifo" ] && echo 0 || echo 1)" "RLIMIT_RTPRIO $limit; SCHED_FIFO threads: ${fifo:-none}; $(ps -L -o cls= -p "$pid" | sort | uniq -c | one_line)"
    local lck rss; lck=$(awk '/^VmLck/ { print $2 }' /proc/"$pid"/status); rss=$(awk '/^VmRSS/ { print $2 }' /proc/"$pid"/status)
    check memory-locked "$([ "${lck:-0}" -gt 0 ] && echo 0 || echo 1)" \
        "VmLck $lck kB, VmRSS $rss kB, VmSize $(awk '/^VmSize/ { print $2 }' /proc/"$pid"/status) kB; RLIMIT_MEMLOCK $(awk '/Max locked memory/ { print $4 }' /proc/"$pid"/limits); journal: $(journalctl -u pumpd.service -o cat | grep -i 'mlock\|lock.*memory' | tail -n 1 | one_line)"
    local oom; oom=$(cat /proc/"$pid"/oom_score_adj)
    check oom-score-adj "$([ "$oom" = -900 ] && echo 0 || echo 1)" "/proc/$pid/oom_score_adj $oom"
    local held; held=$(ls -l /proc/"$pid"/fd 2>/dev/null | grep -o '/dev/cpu_dma_latency' | head -n 1)
    check cpu-dma-latency-held "$([ -n "$held" ] && echo 0 || echo 1)" \
        "pumpd fd: ${held:-none}; $(ls -l /dev/cpu_dma_latency | awk '{ print $1, $3 ":" $4 }'); journal: $(journalctl -u pumpd.service -o cat | grep -i 'dma_latency\|latency' | tail -n 1 | one_line)"
    memory_max qemu
}

# Each phase's last line is "LANE-END PHASE": the host FAILs a phase without it (checks.sh died,
# was cut short, or never ran).
case ${1:-} in
    boot) boot ;;
    upgrade) upgrade "${2:?checks.sh upgrade DEB}" ;;
    remove) remove ;;
    qemu) qemu ;;
    expect) expect "${2:?checks.sh expect PHASE}"; exit 0 ;;
    *) echo "usage: checks.sh boot | upgrade DEB | remove | qemu | expect PHASE" >&2; exit 2 ;;
esac
echo "LANE-END $1"
