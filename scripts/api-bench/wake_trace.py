#!/usr/bin/env python3
"""Where a real-time thread's timer wakes lose their time, from the kernel's own trace.

    wake_trace.py --tid TID --seconds N [--label NAME] [--keep FILE]

Traces thread TID for N seconds in a tracefs instance of its own (timer:hrtimer_start from the
thread, timer:hrtimer_expire_entry, sched:sched_switch into and out of it; CLOCK_MONOTONIC), then
splits every timer wake (a sleep armed on an hrtimer that ended by the timer firing) in three:

  armed late  the sleep armed after its deadline had passed (the thread itself was late: its
              previous wake or its work ran past this deadline). Usually 0.
  interrupt   the deadline (or the arming, if later) to the timer's interrupt handler (the `now`
              the handler read). On bare metal a few µs. On a guest the host must also run the
              vCPU to deliver it. When the interrupt found the CPU idle (`<idle>`, interrupts
              enabled) that wait is the host's alone; when it found a task running, the guest may
              also have had interrupts off. The sleeping thread has no part in either.
  wake path   the handler to the thread switched in (sched_switch, µs resolution): the guest
              kernel's wake-up and scheduling (a non-preemptible kernel makes a woken SCHED_FIFO
              thread wait for another task's system call to end), and any host stall of the vCPU
              meanwhile.

Lateness (deadline to running) is their sum. The deadline is the timer's soft expiry: a thread with
timer slack (50 µs for SCHED_OTHER by default) may be woken up to its slack later, which shows as
interrupt; pumpd's loop sets a slack of 1 ns. Prints one line of figures (key=value, µs; p99 is the
nearest rank, as pumpd's histogram computes it), then the five latest wakes with their parts, the
task each interrupt found running, the CPU of the interrupt and of the switch, and the task the
thread displaced; and the steal time (/proc/stat: time the host ran something else while a vCPU
could run) of each CPU in the window. Needs root and a writable tracefs; without them, or when the
trace cannot be trusted (lines it cannot read, events lost, no wakes), it prints
"wake-trace: SKIPPED (why)" and exits 3.
"""
import argparse
import math
import os
import re
import signal
import sys
import time

TRACEFS = "/sys/kernel/tracing"
EVENTS = ("timer/hrtimer_start", "timer/hrtimer_expire_entry", "sched/sched_switch")
# The instance's own output format, whatever the global options are (a new instance copies them).
OPTIONS = {"irq-info": 1, "context-info": 1, "record-tgid": 0, "latency-format": 0, "raw": 0, "hex": 0, "bin": 0,
           "annotate": 0, "overwrite": 0}
LINE = re.compile(r"^\s*(?P<comm>.*?)-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]\s+\S+\s+(?P<ts>\d+\.\d+):\s+(?P<event>\w+):\s+(?P<rest>.*)$")
FIELD = re.compile(r"(\w+)=(\S+)")
SWITCH = re.compile(r"prev_comm=(?P<prev_comm>.*?) prev_pid=(?P<prev_pid>-?\d+) .*==> next_comm=(?P<next_comm>.*?) next_pid=(?P<next_pid>-?\d+)")
INSTANCE_PREFIX = "pumpd-wake-"


class Wake:
    __slots__ = ("deadline", "armed", "fired", "ran", "irq_cpu", "run_cpu", "interrupted", "displaced")

    def __init__(self, deadline, armed, fired, ran, irq_cpu, run_cpu, interrupted, displaced):
        self.deadline, self.armed, self.fired, self.ran = deadline, armed, fired, ran
        self.irq_cpu, self.run_cpu, self.interrupted, self.displaced = irq_cpu, run_cpu, interrupted, displaced

    @property
    def lateness(self): return self.ran - self.deadline
    @property
    def armed_late(self): return max(self.armed - self.deadline, 0)
    @property
    def interrupt(self): return max(self.fired - max(self.deadline, self.armed), 0)
    @property
    def path(self): return max(self.ran - self.fired, 0)
    @property
    def found_idle(self): return self.interrupted == "<idle>"


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
    """The timer wakes of `tid`, and the lines that could not be read (not counting comments)."""
    armed = {}       # hrtimer -> (deadline, armed at), for sleeps armed and not fired yet
    fired = None     # (deadline, armed at, handler now, CPU, interrupted task) until the thread runs
    asleep = False
    wakes, unreadable = [], []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            unreadable.append(line)
            continue
        event, rest = m.group("event"), m.group("rest")
        ts_ns = int(round(float(m.group("ts")) * 1e9))
        cpu = int(m.group("cpu"))
        if event == "hrtimer_start":
            f = dict(FIELD.findall(rest))
            if int(m.group("pid")) == tid and f.get("function") == "hrtimer_wakeup":
                armed[f["hrtimer"]] = (int(f["softexpires"]), ts_ns)
        elif event == "hrtimer_expire_entry":
            f = dict(FIELD.findall(rest))
            start = armed.pop(f.get("hrtimer"), None)
            if start is not None:
                now = int(f["now"])
                interrupted = "<idle>" if m.group("pid") == "0" else m.group("comm").strip()
                if asleep:
                    fired = (start[0], start[1], now, cpu, interrupted)
                else:
                    # Fired before the thread slept: it never left the CPU.
                    wakes.append(Wake(start[0], start[1], now, max(now, ts_ns), cpu, cpu, interrupted, "(never slept)"))
        elif event == "sched_switch":
            s = SWITCH.search(rest)
            if not s:
                unreadable.append(line)
                continue
            if int(s.group("prev_pid")) == tid:
                asleep = True
                fired = None
            elif int(s.group("next_pid")) == tid:
                asleep = False
                if fired is not None:
                    deadline, armed_at, now, irq_cpu, interrupted = fired
                    wakes.append(Wake(deadline, armed_at, now, max(ts_ns, now), irq_cpu, cpu, interrupted, s.group("prev_comm")))
                fired = None
    return wakes, unreadable


def nearest_rank(sorted_values, q):
    """The q-quantile by nearest rank (pumpd's LatenessHistogram: the ceil(q·n)-th value)."""
    if not sorted_values:
        return 0
    return sorted_values[max(math.ceil(q * len(sorted_values)) - 1, 0)]


def figures(name, values_ns):
    v = sorted(values_ns)
    return (f"{name}_p50={nearest_rank(v, 0.50) / 1e3:.1f} {name}_p99={nearest_rank(v, 0.99) / 1e3:.1f} "
            f"{name}_max={(v[-1] if v else 0) / 1e3:.1f}")


def skipped(why):
    print(f"wake-trace: SKIPPED ({why})")
    return 3


def remove_instance(inst):
    for event in EVENTS:
        try:
            write(f"{inst}/events/{event}/enable", "0")
        except OSError:
            pass
    try:
        os.rmdir(inst)
    except OSError:
        pass


def remove_stale_instances():
    """Instances left by a wake_trace.py that was killed (its process is gone)."""
    root = os.path.join(TRACEFS, "instances")
    for name in os.listdir(root):
        if name.startswith(INSTANCE_PREFIX) and name[len(INSTANCE_PREFIX):].isdigit():
            if not os.path.exists(f"/proc/{name[len(INSTANCE_PREFIX):]}"):
                remove_instance(os.path.join(root, name))


def trace(tid, seconds):
    """(trace lines, events lost, steal ms per CPU) of `seconds` of `tid`, or a reason it could not."""
    inst = os.path.join(TRACEFS, "instances", f"{INSTANCE_PREFIX}{os.getpid()}")
    try:
        os.mkdir(inst)
    except OSError as e:
        return f"cannot make a tracefs instance: {e}"
    try:
        for option, value in OPTIONS.items():
            if os.path.exists(f"{inst}/options/{option}"):
                write(f"{inst}/options/{option}", str(value))
        write(f"{inst}/trace_clock", "mono")
        write(f"{inst}/buffer_size_kb", "16384")
        write(f"{inst}/events/timer/hrtimer_start/filter", f"common_pid == {tid}")
        write(f"{inst}/events/sched/sched_switch/filter", f"prev_pid == {tid} || next_pid == {tid}")
        for event in EVENTS:
            write(f"{inst}/events/{event}/enable", "1")
        steal0 = steal_by_cpu()
        write(f"{inst}/tracing_on", "1")
        time.sleep(seconds)
        write(f"{inst}/tracing_on", "0")
        steal1 = steal_by_cpu()
        with open(f"{inst}/trace") as f:
            lines = f.read().splitlines()
        lost = 0
        for cpu in os.listdir(f"{inst}/per_cpu"):
            with open(f"{inst}/per_cpu/{cpu}/stats") as f:
                for stat in f:
                    if stat.startswith(("overrun:", "dropped events:")):
                        lost += int(stat.split(":")[1])
    except OSError as e:
        return f"tracefs refused: {e}"
    finally:
        remove_instance(inst)
    hz = os.sysconf("SC_CLK_TCK")
    steal = {cpu: (steal1[cpu] - steal0.get(cpu, 0)) * 1000 // hz for cpu in sorted(steal1)}
    return lines, lost, steal


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tid", type=int, required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--label", default="")
    ap.add_argument("--keep", help="also write the raw trace here")
    args = ap.parse_args()
    # A SIGTERM (the bench's cleanup) still removes the instance.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if os.geteuid() != 0:
        return skipped("not root: tracefs needs it")
    if not os.path.isdir(os.path.join(TRACEFS, "instances")):
        return skipped(f"{TRACEFS}/instances is missing: tracefs not mounted")
    remove_stale_instances()
    traced = trace(args.tid, args.seconds)
    if isinstance(traced, str):
        return skipped(traced)
    lines, lost, steal = traced
    if args.keep:
        with open(args.keep, "w") as f:
            f.write("\n".join(lines) + "\n")

    wakes, unreadable = parse(lines, args.tid)
    if unreadable:
        return skipped(f"{len(unreadable)} trace lines in a format this script does not read, e.g. {unreadable[0]!r}")
    if lost:
        return skipped(f"the trace lost {lost} events")
    if not wakes:
        return skipped(f"no timer wakes of thread {args.tid} in {len(lines)} trace lines")

    busy = [w for w in wakes if not w.found_idle]
    label = f"{args.label}: " if args.label else ""
    print(f"wake-trace: {label}wakes={len(wakes)} {figures('lateness', [w.lateness for w in wakes])} "
          f"{figures('armed_late', [w.armed_late for w in wakes])} {figures('interrupt', [w.interrupt for w in wakes])} "
          f"{figures('path', [w.path for w in wakes])} found_busy={len(busy)} "
          f"interrupt_found_busy_max={max((w.interrupt for w in busy), default=0) / 1e3:.1f} "
          f"steal_ms {' '.join(f'{cpu}={ms}' for cpu, ms in steal.items())}")
    worst = sorted(wakes, key=lambda w: w.lateness, reverse=True)[:5]
    print("wake-trace: " + label + "latest wakes (lateness = armed late + interrupt + path, µs; the task the "
          "interrupt found; CPUs of the interrupt and the switch; the task displaced): " +
          "; ".join(f"{w.lateness / 1e3:.0f} = {w.armed_late / 1e3:.0f} + {w.interrupt / 1e3:.0f} + {w.path / 1e3:.0f} "
                    f"found {w.interrupted} cpu{w.irq_cpu}>cpu{w.run_cpu} displaced {w.displaced}" for w in worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
