#!/usr/bin/env python3
"""Where a real-time thread's timer wakes lose their time, from the kernel's own trace.

    wake_trace.py --tid TID --seconds N [--label NAME] [--keep FILE]

Traces thread TID for N seconds in a tracefs instance of its own (timer:hrtimer_start from the
thread, timer:hrtimer_expire_entry, sched:sched_switch into and out of it; CLOCK_MONOTONIC), then
splits every timer wake (a sleep armed on an hrtimer that ended by the timer firing) in two:

  interrupt  the timer's expiry to its interrupt handler (the `now` the handler read, in ns). On
             bare metal a few µs; on a guest, the host must also run the vCPU to deliver it, so a
             host that stalls its guest shows here. The sleeping thread has no part in it.
  wake path  the handler to the thread running again (the sched_switch into it, µs resolution):
             the guest kernel's wake-up and scheduling, where a non-preemptible kernel makes a
             woken SCHED_FIFO thread wait for another task's system call to end.

Lateness (expiry to running) is their sum. Prints one line of figures (key=value, µs) and the
five latest wakes with their parts and the task the thread took the CPU from, and the steal time
(/proc/stat: time the host ran something else while a vCPU could run) of each CPU in the window.
Needs root and a writable tracefs; without them it prints "wake-trace: SKIPPED (why)" and exits 3.
"""
import argparse
import os
import re
import sys
import time

TRACEFS = "/sys/kernel/tracing"
LINE = re.compile(r"^\s*(?P<comm>.*?)-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]\s+\S+\s+(?P<ts>\d+\.\d+):\s+(?P<event>\w+):\s+(?P<rest>.*)$")
FIELD = re.compile(r"(\w+)=(\S+)")
SWITCH = re.compile(r"prev_comm=(?P<prev_comm>.*?) prev_pid=(?P<prev_pid>-?\d+) .*==> next_comm=(?P<next_comm>.*?) next_pid=(?P<next_pid>-?\d+)")


def steal_by_cpu():
    """Steal time per CPU (USER_HZ ticks, from /proc/stat)."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            parts = line.split()
            if parts and parts[0].startswith("cpu") and parts[0] != "cpu":
                out[parts[0]] = int(parts[8])
    return out


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def parse(lines, tid):
    """Timer wakes of `tid`: (expires ns, interrupt ns, running ns, CPU it ran on, task it displaced)."""
    armed = {}       # hrtimer -> expiry, for sleeps the thread armed and that have not fired yet
    fired = None     # (expires, handler now) of the last timer that woke the thread, until it runs
    asleep = False
    wakes = []
    for line in lines:
        m = LINE.match(line)
        if not m:
            continue
        event, rest = m.group("event"), m.group("rest")
        ts_ns = int(round(float(m.group("ts")) * 1e9))
        if event == "hrtimer_start":
            f = dict(FIELD.findall(rest))
            if int(m.group("pid")) == tid and f.get("function") == "hrtimer_wakeup":
                armed[f["hrtimer"]] = int(f["softexpires"])
        elif event == "hrtimer_expire_entry":
            f = dict(FIELD.findall(rest))
            expires = armed.pop(f.get("hrtimer"), None)
            if expires is not None:
                now = int(f["now"])
                if asleep:
                    fired = (expires, now)
                else:
                    # Fired before the thread slept: it never left the CPU.
                    wakes.append((expires, now, max(now, ts_ns), int(m.group("cpu")), "(never slept)"))
        elif event == "sched_switch":
            s = SWITCH.search(rest)
            if not s:
                continue
            if int(s.group("prev_pid")) == tid:
                asleep = True
                fired = None
            elif int(s.group("next_pid")) == tid:
                asleep = False
                if fired is not None:
                    expires, now = fired
                    wakes.append((expires, now, max(ts_ns, now), int(m.group("cpu")), s.group("prev_comm")))
                fired = None
    return wakes


def percentile(sorted_values, q):
    if not sorted_values:
        return 0
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def figures(name, values_ns):
    v = sorted(values_ns)
    return f"{name}_p50={percentile(v, 0.50) / 1e3:.1f} {name}_p99={percentile(v, 0.99) / 1e3:.1f} {name}_max={(v[-1] if v else 0) / 1e3:.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tid", type=int, required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--label", default="")
    ap.add_argument("--keep", help="also write the raw trace here")
    args = ap.parse_args()

    if os.geteuid() != 0:
        print("wake-trace: SKIPPED (not root: tracefs needs it)")
        return 3
    if not os.path.isdir(os.path.join(TRACEFS, "instances")):
        print(f"wake-trace: SKIPPED ({TRACEFS}/instances is missing: tracefs not mounted)")
        return 3
    inst = os.path.join(TRACEFS, "instances", f"pumpd-wake-{os.getpid()}")
    try:
        os.mkdir(inst)
    except OSError as e:
        print(f"wake-trace: SKIPPED (cannot make a tracefs instance: {e})")
        return 3
    try:
        write(f"{inst}/trace_clock", "mono")
        write(f"{inst}/buffer_size_kb", "16384")
        write(f"{inst}/events/timer/hrtimer_start/filter", f"common_pid == {args.tid}")
        write(f"{inst}/events/sched/sched_switch/filter", f"prev_pid == {args.tid} || next_pid == {args.tid}")
        for event in ("timer/hrtimer_start", "timer/hrtimer_expire_entry", "sched/sched_switch"):
            write(f"{inst}/events/{event}/enable", "1")
        steal0 = steal_by_cpu()
        write(f"{inst}/tracing_on", "1")
        time.sleep(args.seconds)
        write(f"{inst}/tracing_on", "0")
        steal1 = steal_by_cpu()
        with open(f"{inst}/trace") as f:
            lines = f.read().splitlines()
        overrun = 0
        for cpu in os.listdir(f"{inst}/per_cpu"):
            with open(f"{inst}/per_cpu/{cpu}/stats") as f:
                overrun += sum(int(l.split()[1]) for l in f if l.startswith("overrun:"))
    finally:
        for event in ("timer/hrtimer_start", "timer/hrtimer_expire_entry", "sched/sched_switch"):
            try:
                write(f"{inst}/events/{event}/enable", "0")
            except OSError:
                pass
        os.rmdir(inst)
    if args.keep:
        with open(args.keep, "w") as f:
            f.write("\n".join(lines) + "\n")

    wakes = parse(lines, args.tid)
    lateness = [run - exp for exp, _, run, _, _ in wakes]
    interrupt = [max(now - exp, 0) for exp, now, _, _, _ in wakes]
    path = [run - now for _, now, run, _, _ in wakes]
    hz = os.sysconf("SC_CLK_TCK")
    steal = " ".join(f"{cpu}={(steal1[cpu] - steal0.get(cpu, 0)) * 1000 // hz}" for cpu in sorted(steal1))
    label = f"{args.label}: " if args.label else ""
    print(f"wake-trace: {label}wakes={len(wakes)} {figures('lateness', lateness)} {figures('interrupt', interrupt)} "
          f"{figures('path', path)} steal_ms {steal} lost_events={overrun}")
    worst = sorted(wakes, key=lambda w: w[2] - w[0], reverse=True)[:5]
    print("wake-trace: " + label + "latest wakes (lateness = interrupt + path, µs; CPU; displaced task): " +
          "; ".join(f"{(run - exp) / 1e3:.0f} = {max(now - exp, 0) / 1e3:.0f} + {(run - now) / 1e3:.0f} cpu{cpu} {prev}"
                    for exp, now, run, cpu, prev in worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
