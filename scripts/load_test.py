#!/usr/bin/env python3
"""The measuring half of scripts/load-test.sh (run that; it builds pumpd and passes --pumpd).

Many concurrent Varlink clients against pumpd while its control loop steps at 1 kHz: GetStatus
callers in tight loops, WatchEvents watchers and one programmer that commits a program now and then
(so the watchers have events to receive). Clients are plain Unix sockets with NUL-framed JSON, one
process each (no GIL between them), all on this machine's loopback: pumpd's own socket in a
temporary directory. Every client loop is bounded by the phase's duration and ends by itself.

Phases, each on a freshly started pumpd (the loop's lateness histogram counts from the daemon's
start, so a restart separates the phases; delivery resumes on the stored program after a restart):
  program   a fresh state directory; ValidatePrescription + CommitPrescription of the 1 kHz program
  idle      the loop at 1 kHz, no clients, for --seconds
  load      the loop at 1 kHz with --clients GetStatus callers, --watchers watchers and the
            programmer (--commit-interval), for --seconds
The loop's wake lateness (p50/p99/max, µs) comes from pumpd's status line (--status-interval 1):
the first line whose summary covers the whole window (the load goes on until it is printed, so
the histogram holds the window and at most a couple of seconds more of the same phase).

    scripts/load_test.py --pumpd PATH [--profile FILE] [--seconds N] [--clients K] [--watchers W]
                         [--commit-interval S] [--normal-priority] [--keep]

Exit 0 after printing the table, unless pumpd or the setup failed (or a phase's program was not
running); the numbers themselves never fail the run.
"""

import argparse
import json
import math
import multiprocessing
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

# 1000 steps/s of 5 nL (hw-profiles/sim-bench.toml) = 432 mL/day; of baclofen 2000 µg/mL that is
# 864 000 µg/day, 864 000 000 ng/day in the pump's units (the validator allows at most 1 g/day).
STEPS_PER_SECOND = 1000
CONCENTRATION = 2000  # µg/mL


def program(step_volume_pl, steps_per_second=STEPS_PER_SECOND):
    """The continuous program that moves steps_per_second steps of step_volume_pl (pL)."""
    flow_pl_per_day = step_volume_pl * steps_per_second * 86_400
    # ng/day = pL/day × µg/mL / 1e6 (1 pL × 1 µg/mL = 1e-6 ng)
    rate = flow_pl_per_day * CONCENTRATION // 1_000_000
    hourly = -(-rate // 24)
    return {
        "drug": {"name": "baclofen", "concentration": CONCENTRATION},
        "basal": {"kind": "continuous", "rate": rate},
        "limits": {"maximumDailyDose": min(rate + rate // 10, 1_000_000_000), "maximumHourlyDose": hourly + hourly // 10,
                   "maximumBolus": 1_000_000},
        "lowReservoirAlarm": 2_000_000,
    }


# --- Varlink over a raw socket ------------------------------------------------------------------

class Connection:
    def __init__(self, path, timeout=10.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buffer = bytearray()

    def send(self, method, parameters=None, more=False):
        message = {"method": method}
        if parameters is not None:
            message["parameters"] = parameters
        if more:
            message["more"] = True
        self.sock.sendall(json.dumps(message).encode() + b"\0")

    def receive(self):
        """One reply's raw bytes (without the NUL)."""
        while True:
            end = self.buffer.find(b"\0")
            if end >= 0:
                message = bytes(self.buffer[:end])
                del self.buffer[:end + 1]
                return message
            chunk = self.sock.recv(262_144)
            if not chunk:
                raise EOFError("pumpd closed the connection")
            self.buffer += chunk

    def call(self, method, parameters=None):
        self.send(method, parameters)
        reply = json.loads(self.receive())
        if reply.get("error"):
            raise RuntimeError(f"{method}: {reply['error']} {json.dumps(reply.get('parameters', {}))}")
        return reply.get("parameters", {})

    def close(self):
        self.sock.close()


GET_STATUS = b'{"method":"io.pumpd.Pump.GetStatus"}\0'


def status_caller(path, start_at, end_at, stop, results):
    """GetStatus in a tight loop, one call at a time: the latencies (ns) of the calls sent in
    [start_at, end_at); the calls go on, unrecorded, until stop is set (or a bound), so that the
    loop stays loaded until its status line has covered the whole window."""
    latencies, errors, first_error = [], 0, None
    try:
        connection = Connection(path)
        while time.monotonic() < start_at:
            time.sleep(0.001)
        sock, receive = connection.sock, connection.receive
        clock = time.perf_counter_ns
        while True:
            now = time.monotonic()
            if now >= end_at and (stop.is_set() or now >= end_at + TAIL_LIMIT_S):
                break
            sent = clock()
            sock.sendall(GET_STATUS)
            reply = receive()
            if now < end_at:
                latencies.append(clock() - sent)
                if b'"error":' in reply:
                    errors += 1
                    first_error = first_error or reply[:200].decode("utf-8", "replace")
        connection.close()
    except Exception as error:  # a refused or dropped connection is a result, not a crash
        errors += 1
        first_error = first_error or f"{type(error).__name__}: {error}"
    results.put(("status", latencies, errors, first_error))


def watcher(path, start_at, end_at, stop, results):
    """WatchEvents with more: the first reply (status), then events, read as they come until stop
    is set (or a bound); the replies that arrived before end_at, and when each programCommitted did."""
    arrivals, replies, errors, first_error, disconnected = [], 0, 0, None, False
    try:
        connection = Connection(path)
        connection.send("io.pumpd.Pump.WatchEvents", more=True)
        first = json.loads(connection.receive())
        if first.get("error"):
            raise RuntimeError(first["error"])
        replies += 1
        connection.sock.settimeout(0.2)
        while True:
            now = time.monotonic()
            if now >= end_at and (stop.is_set() or now >= end_at + TAIL_LIMIT_S):
                break
            try:
                reply = connection.receive()
            except socket.timeout:
                continue
            except EOFError:
                disconnected = True
                break
            arrived = time.monotonic()
            if arrived < end_at:
                replies += 1
                if b'"programCommitted"' in reply:
                    arrivals.append(arrived)
        connection.close()
    except Exception as error:
        errors += 1
        first_error = f"{type(error).__name__}: {error}"
    results.put(("watch", replies, arrivals, disconnected, errors, first_error))


def programmer(path, start_at, end_at, stop, interval, prescription, results):
    """Validates and commits the same program every interval s; when each commit was sent."""
    sent_at, latencies, errors, first_error = [], [], 0, None
    try:
        connection = Connection(path)
        while time.monotonic() < start_at:
            time.sleep(0.001)
        next_at = start_at + interval / 2
        while True:
            now = time.monotonic()
            if next_at >= end_at - 0.5:  # leave the watchers time to see the last one
                break
            if now < next_at:
                time.sleep(min(next_at - now, 0.05))
                continue
            began = time.monotonic()
            review = connection.call("io.pumpd.Pump.ValidatePrescription", {"prescription": prescription})
            sent_at.append(time.monotonic())
            connection.call("io.pumpd.Pump.CommitPrescription", {"prescription": prescription, "token": review["token"]})
            latencies.append(int((time.monotonic() - began) * 1e9))
            next_at += interval
        # Past the window: no more commits, the connection stays open like the others'.
        while not stop.is_set() and time.monotonic() < end_at + TAIL_LIMIT_S:
            time.sleep(0.05)
        connection.close()
    except Exception as error:
        errors += 1
        first_error = f"{type(error).__name__}: {error}"
    results.put(("program", sent_at, latencies, errors, first_error))


# --- The daemon -----------------------------------------------------------------------------------

# How long the load may go on past its window while the loop's status line catches up, s.
TAIL_LIMIT_S = 10
# The status line's lateness summary is refreshed once a second and printed once a second: a line
# printed this long after a moment summarises the loop up to (at least) that moment.
SUMMARY_LAG_S = 2.2

LATENESS = re.compile(r"(\d+) wakes, lateness p50 (\d+) µs, p99 (\d+) µs, max (\d+) µs")


class Daemon:
    def __init__(self, pumpd, profile, state_dir, socket_path):
        self.lines = []  # (monotonic time, line)
        self.process = subprocess.Popen(
            [pumpd, "--profile", profile, "--state-dir", state_dir, "--socket", socket_path, "--status-interval", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=ROOT)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"pumpd exited with {self.process.returncode}:\n{self.output()}")
            if os.path.exists(socket_path):
                try:
                    Connection(socket_path).close()
                    break
                except OSError:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"pumpd did not listen within 30 s:\n{self.output()}")
            time.sleep(0.05)

    def _read(self):
        for raw in self.process.stdout:
            self.lines.append((time.monotonic(), raw.decode("utf-8", "replace").rstrip("\n")))

    def output(self):
        return "\n".join(line for _, line in self.lines)

    def lateness_after(self, moment, timeout=10):
        """(wakes, p50, p99, max) of the first status line printed at or after moment."""
        deadline = time.monotonic() + timeout
        while True:
            for printed, line in list(self.lines):
                match = LATENESS.search(line)
                if match and printed >= moment:
                    return tuple(int(v) for v in match.groups())
            if time.monotonic() > deadline or self.process.poll() is not None:
                return None
            time.sleep(0.05)

    def warnings(self):
        return [line for _, line in self.lines if "warning" in line]

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=5)
        return self.process.returncode


def wait_running(path, seconds=10):
    connection = Connection(path)
    deadline = time.monotonic() + seconds
    try:
        while True:
            status = connection.call("io.pumpd.Pump.GetStatus")["status"]
            if status["mode"] == "running":
                return status
            if time.monotonic() > deadline:
                raise RuntimeError(f"the program is not running after the restart: {json.dumps(status)}")
            time.sleep(0.05)
    finally:
        connection.close()


def status_now(path):
    connection = Connection(path)
    try:
        return connection.call("io.pumpd.Pump.GetStatus")["status"]
    finally:
        connection.close()


# --- Measuring ------------------------------------------------------------------------------------

def percentile(sorted_values, p):
    """Nearest rank."""
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(p / 100 * len(sorted_values)) - 1))]


def run_phase(args, pumpd_args, name, prescription, load):
    """One daemon run: the program running, then --seconds measured (with the load or without);
    the loop's lateness from the status line that covers the whole window (the load, if any, goes
    on until that line is printed)."""
    daemon = Daemon(*pumpd_args)
    socket_path = pumpd_args[3]
    result = {"name": name}
    try:
        wait_running(socket_path)
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        stop = context.Event()
        processes = []
        # The clients connect (and the watchers get their first reply) before the window opens.
        start_at = time.monotonic() + 2.0
        end_at = start_at + args.seconds
        if load:
            for _ in range(args.clients):
                processes.append(context.Process(target=status_caller, args=(socket_path, start_at, end_at, stop, results)))
            for _ in range(args.watchers):
                processes.append(context.Process(target=watcher, args=(socket_path, start_at, end_at, stop, results)))
            if args.commit_interval > 0:
                processes.append(context.Process(
                    target=programmer, args=(socket_path, start_at, end_at, stop, args.commit_interval, prescription, results)))
            for process in processes:
                process.start()
        while time.monotonic() < start_at:
            time.sleep(0.005)
        before = status_now(socket_path)
        cpu_before = daemon.cpu_seconds()
        started = time.monotonic()
        while time.monotonic() < end_at:
            time.sleep(0.01)
        after = status_now(socket_path)
        cpu_after = daemon.cpu_seconds()
        ended = time.monotonic()
        result["lateness"] = daemon.lateness_after(end_at + SUMMARY_LAG_S)
        stop.set()
        collected = []
        while len(collected) < len(processes) and time.monotonic() < ended + TAIL_LIMIT_S + 30:
            try:
                collected.append(results.get(timeout=1))
            except Exception:
                pass
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join()
        result["elapsed"] = ended - started
        result["steps"] = after["stepsMoved"] - before["stepsMoved"]
        result["missed"] = after["missedTotal"] - before["missedTotal"]
        result["mode"] = after["mode"]
        result["alarms"] = [alarm["kind"] for alarm in after["alarms"]]
        result["cpu"] = (cpu_after - cpu_before) / max(ended - started, 1e-9)
        result["warnings"] = daemon.warnings()
        result["clients"] = collected
        result["expected_clients"] = len(processes)
    finally:
        rc = daemon.stop()
        result["rc"] = rc
        if rc != 0:
            print(daemon.output(), file=sys.stderr)
            raise RuntimeError(f"pumpd exited {rc} after the {name} phase")
    return result


def summarise_load(phase):
    status_latencies, status_errors, status_first_error = [], 0, None
    watch_replies, watch_arrivals, watch_disconnected, watch_errors, watch_first_error = [], [], 0, 0, None
    commit_sent, commit_latencies, program_errors, program_first_error = [], [], 0, None
    for item in phase["clients"]:
        if item[0] == "status":
            status_latencies += item[1]
            status_errors += item[2]
            status_first_error = status_first_error or item[3]
        elif item[0] == "watch":
            watch_replies.append(item[1])
            watch_arrivals.append(item[2])
            watch_disconnected += item[3]
            watch_errors += item[4]
            watch_first_error = watch_first_error or item[5]
        elif item[0] == "program":
            commit_sent, commit_latencies = item[1], item[2]
            program_errors += item[3]
            program_first_error = item[4]
    status_latencies.sort()
    delivery = []
    for arrivals in watch_arrivals:
        for index, arrived in enumerate(arrivals):
            if index < len(commit_sent):
                delivery.append(int((arrived - commit_sent[index]) * 1e9))
    delivery.sort()
    commit_latencies.sort()
    return {
        "calls": len(status_latencies), "status_latencies": status_latencies, "status_errors": status_errors,
        "status_first_error": status_first_error, "watch_replies": watch_replies, "watch_disconnected": watch_disconnected,
        "watch_errors": watch_errors, "watch_first_error": watch_first_error, "commits": len(commit_sent),
        "commit_latencies": commit_latencies, "delivery": delivery, "program_errors": program_errors,
        "program_first_error": program_first_error, "missing_results": phase["expected_clients"] - len(phase["clients"]),
    }


def ms(ns):
    return "—" if ns is None else f"{ns / 1e6:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pumpd", default=os.path.join(ROOT, ".build", "release", "pumpd"))
    parser.add_argument("--profile", default=os.path.join(ROOT, "hw-profiles", "sim-bench.toml"))
    parser.add_argument("--seconds", type=int, default=20, help="duration of each measured phase, s (default 20)")
    parser.add_argument("--clients", type=int, default=32, help="GetStatus callers (default 32)")
    parser.add_argument("--watchers", type=int, default=16, help="WatchEvents watchers (default 16)")
    parser.add_argument("--commit-interval", type=float, default=0.5,
                        help="s between the programmer's commits during the load, 0 for none (default 0.5)")
    parser.add_argument("--normal-priority", action="store_true",
                        help="run the loop SCHED_OTHER (a copy of the profile with [realtime] priority 0)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (state, profile)")
    args = parser.parse_args()
    if args.seconds < 1 or args.clients < 0 or args.watchers < 0 or args.commit_interval < 0:
        parser.error("--seconds must be ≥ 1; --clients, --watchers and --commit-interval ≥ 0")

    work = tempfile.mkdtemp(prefix="pumpd-load-")
    try:
        profile = args.profile
        if args.normal_priority:
            text = open(profile, encoding="utf-8").read()
            text = re.sub(r"(?m)^priority = \d+.*$", "priority = 0", text)
            text = re.sub(r"(?m)^lock_memory = \w+.*$", "lock_memory = false", text)
            profile = os.path.join(work, "profile.toml")
            with open(profile, "w", encoding="utf-8") as copy:
                copy.write(text)
        state_dir = os.path.join(work, "state")
        os.mkdir(state_dir)
        socket_path = os.path.join(work, "control.sock")
        pumpd_args = (args.pumpd, profile, state_dir, socket_path)

        # Program: a fresh state, the 1 kHz program committed through the API.
        daemon = Daemon(*pumpd_args)
        try:
            connection = Connection(socket_path)
            step_pl = connection.call("io.pumpd.Pump.GetStatus")["status"]["stepVolume"]
            prescription = program(step_pl)
            review = connection.call("io.pumpd.Pump.ValidatePrescription", {"prescription": prescription})
            committed = connection.call(
                "io.pumpd.Pump.CommitPrescription", {"prescription": prescription, "token": review["token"]})
            connection.close()
            rate = committed["status"]["rate"]
        finally:
            if daemon.stop() != 0:
                print(daemon.output(), file=sys.stderr)
                raise RuntimeError("pumpd failed in the programming phase")
        steps_per_second = rate / step_pl / 86_400
        print(f"program: {prescription['basal']['rate']} ng/day of baclofen {CONCENTRATION} µg/mL = {rate} pL/day "
              f"= {steps_per_second:.1f} steps/s of {step_pl} pL")

        print(f"phase idle: {args.seconds} s, no clients ...", flush=True)
        idle = run_phase(args, pumpd_args, "idle", prescription, load=False)
        print(f"phase load: {args.seconds} s, {args.clients} GetStatus callers, {args.watchers} watchers, "
              f"{'a commit every %g s' % args.commit_interval if args.commit_interval else 'no commits'} ...", flush=True)
        loaded = run_phase(args, pumpd_args, "load", prescription, load=True)
        load = summarise_load(loaded)

        scheduling = "SCHED_OTHER (--normal-priority)" if args.normal_priority else "SCHED_FIFO per profile"
        for warning in sorted(set(idle["warnings"] + loaded["warnings"])):
            print(warning)
            if "SCHED_OTHER" in warning or "stays SCHED_OTHER" in warning:
                scheduling = "SCHED_OTHER (SCHED_FIFO refused)"

        print()
        print(f"pumpd {os.path.relpath(args.pumpd, ROOT)} on {os.path.relpath(args.profile, ROOT)}, loop {scheduling}, "
              f"{steps_per_second:.0f} steps/s, {args.seconds} s per phase, {os.cpu_count()} CPUs")
        print()
        rows = [("", "without load", "with load")]

        def lateness(phase, i):
            return "—" if phase["lateness"] is None else str(phase["lateness"][i])

        rows.append(("loop wakes counted (since start)", lateness(idle, 0), lateness(loaded, 0)))
        rows.append(("loop wake lateness p50 (µs)", lateness(idle, 1), lateness(loaded, 1)))
        rows.append(("loop wake lateness p99 (µs)", lateness(idle, 2), lateness(loaded, 2)))
        rows.append(("loop wake lateness max (µs)", lateness(idle, 3), lateness(loaded, 3)))
        rows.append((f"steps moved (steps/s; program {steps_per_second:.0f})", f"{idle['steps'] / idle['elapsed']:.1f}", f"{loaded['steps'] / loaded['elapsed']:.1f}"))
        rows.append(("missed by the program (nL)", str(idle["missed"]), str(loaded["missed"])))
        rows.append(("mode at the end", idle["mode"] + ("" if not idle["alarms"] else " " + ",".join(idle["alarms"])),
                     loaded["mode"] + ("" if not loaded["alarms"] else " " + ",".join(loaded["alarms"]))))
        rows.append(("pumpd CPU (% of one CPU)", f"{idle['cpu'] * 100:.0f}", f"{loaded['cpu'] * 100:.0f}"))
        width = max(len(r[0]) for r in rows)
        for label, a, b in rows:
            print(f"  {label:<{width}}  {a:>14}  {b:>14}")
        print(f"  (lateness: pumpd's histogram since its start, about 2.5 s before the {args.seconds} s window "
              f"to {SUMMARY_LAG_S:g} s after it, the phase's load running throughout)")

        latencies = load["status_latencies"]
        print()
        print(f"  GetStatus: {args.clients} callers, one call at a time each")
        print(f"    calls                    {load['calls']} in {loaded['elapsed']:.1f} s = {load['calls'] / loaded['elapsed']:.0f} calls/s")
        print(f"    latency p50 / p99 / max  {ms(percentile(latencies, 50))} / {ms(percentile(latencies, 99))} / "
              f"{ms(latencies[-1] if latencies else None)} ms")
        print(f"    errors                   {load['status_errors']}" +
              (f" (first: {load['status_first_error']})" if load["status_first_error"] else ""))
        replies = load["watch_replies"]
        print(f"  WatchEvents: {args.watchers} watchers")
        if replies:
            print(f"    replies per watcher      min {min(replies)} / mean {sum(replies) / len(replies):.1f} / max {max(replies)} "
                  f"(the first is the status; then one per event)")
        print(f"    events received          {sum(replies) - len(replies)} in all")
        print(f"    disconnected / errors    {load['watch_disconnected']} / {load['watch_errors']}" +
              (f" (first: {load['watch_first_error']})" if load["watch_first_error"] else ""))
        delivery = load["delivery"]
        if args.commit_interval:
            print(f"  Programmer: {load['commits']} commits (ValidatePrescription + CommitPrescription), "
                  f"p50 {ms(percentile(load['commit_latencies'], 50))} ms, max {ms(load['commit_latencies'][-1] if load['commit_latencies'] else None)} ms"
                  + (f"; errors {load['program_errors']} (first: {load['program_first_error']})" if load["program_errors"] else ""))
            print(f"    commit sent → programCommitted at a watcher: p50 {ms(percentile(delivery, 50))} / "
                  f"p99 {ms(percentile(delivery, 99))} / max {ms(delivery[-1] if delivery else None)} ms "
                  f"({len(delivery)} deliveries)")
        if load["missing_results"]:
            print(f"  {load['missing_results']} client processes reported nothing")
        if args.keep:
            print(f"\nkept: {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
