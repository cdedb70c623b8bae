#!/usr/bin/env python3
"""pumpd through an independent Varlink implementation: the PyPI package `varlink` (31.0.0).

Starts the real daemon (env PUMPD, default .build/debug/pumpd) on hw-profiles/sim.toml with a
temporary state directory and socket for every test, and talks to it ONLY through
`varlink.Client` (and once through `python3 -m varlink.cli`). The package parses the interface
descriptions the daemon serves and builds its method stubs from them, so these tests also show
that our .varlink files are valid Varlink IDL for a client that shares no code with ours.

    python3 Tests/python/test_varlink_client.py [-v] [TestName ...]

Needs `pip install varlink==31.0.0` (scripts/python-client-tests.sh sets up a venv and runs this).
Units as in io.pumpd.Pump: volume nL, drug mass ng, dose rate ng/day, flow pL/day, step volume pL.
"""

import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import varlink
from varlink.scanner import _Alias, _Array, _CustomType, _Dict, _Enum, _Error, _Maybe, _Method, _Object, _Struct

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PUMPD = os.path.abspath(os.path.join(ROOT, os.environ.get("PUMPD", ".build/debug/pumpd")))
PROFILE = os.path.join(ROOT, "hw-profiles", "sim.toml")
INTERFACE_FILES = {
    "io.pumpd.Pump": os.path.join(ROOT, "Sources", "PumpService", "Interfaces", "io.pumpd.Pump.varlink"),
    "io.pumpd.Rig": os.path.join(ROOT, "Sources", "PumpService", "Interfaces", "io.pumpd.Rig.varlink"),
}

# Upper bounds only: a slow or loaded machine takes longer, a healthy one returns at once.
START_TIMEOUT_S = 30
CALL_TIMEOUT_S = 15
ALARM_TIMEOUT_S = 60

# On sim.toml: a 40 mL fill of baclofen 2000 µg/mL, 250 nL (250 000 pL) per step.
FILL_NL = 40_000_000
STEP_PL = 250_000
BACLOFEN = {"name": "baclofen", "concentration": 2000}


def prescription(rate=500_000, maximum_bolus=50_000, daily=1_000_000, hourly=100_000, low=2_000_000):
    """A simple continuous program: rate ng/day; limits ng; low-reservoir alarm nL."""
    return {
        "drug": dict(BACLOFEN),
        "basal": {"kind": "continuous", "rate": rate},
        "limits": {"maximumDailyDose": daily, "maximumHourlyDose": hourly, "maximumBolus": maximum_bolus},
        "lowReservoirAlarm": low,
    }


def parse_time(text):
    """RFC 3339 local time with its UTC offset, as the interface promises."""
    parsed = datetime.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError(f"time without a UTC offset: {text!r}")
    return parsed


class Daemon:
    """One pumpd process on a fresh state directory, with its output in a log file."""

    def __init__(self, extra_args=()):
        self.directory = tempfile.mkdtemp(prefix="pumpd-py-")
        self.socket_path = os.path.join(self.directory, "control.sock")
        self.log_path = os.path.join(self.directory, "pumpd.log")
        self.log = open(self.log_path, "wb")
        state = os.path.join(self.directory, "state")
        os.mkdir(state)  # pumpd never creates its state directory: a mistyped path must not start a pump
        self.process = subprocess.Popen(
            [PUMPD, "--profile", PROFILE, "--state-dir", state,
             "--socket", self.socket_path, *extra_args],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=ROOT)
        try:
            self._wait_for_socket()
        except BaseException:
            # setUp failed, so tearDown will not run: leave no process or directory behind.
            self.terminate()
            self.remove()
            raise

    def _wait_for_socket(self):
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pumpd exited with {self.process.returncode} before listening:\n{self.output()}")
            if os.path.exists(self.socket_path):
                probe = socket.socket(socket.AF_UNIX)
                try:
                    probe.connect(self.socket_path)
                    return
                except OSError:
                    pass
                finally:
                    probe.close()
            time.sleep(0.05)
        raise RuntimeError(f"pumpd did not listen on {self.socket_path} within {START_TIMEOUT_S} s:\n{self.output()}")

    @property
    def address(self):
        return "unix:" + self.socket_path

    def output(self):
        self.log.flush()
        with open(self.log_path, "rb") as log:
            return log.read().decode("utf-8", "replace")

    def terminate(self):
        """SIGTERM, then the exit code (None if it had to be killed)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=START_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode

    def remove(self):
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


class Conformance:
    """Checks a raw reply against the types the package parsed from the served description: every
    declared non-optional field present, no undeclared field, every value of its declared type and
    every enum value one of the declared ones. (The package itself fills stubs leniently: it drops
    unknown fields and accepts any string for an enum, so this is checked here.)"""

    def __init__(self, interface):
        self.interface = interface

    def problems(self, varlink_type, value, path):
        if isinstance(varlink_type, _Maybe):
            return [] if value is None else self.problems(varlink_type.element_type, value, path)
        if value is None:
            return [f"{path}: null for a non-optional value"]
        if isinstance(varlink_type, _CustomType):
            member = self.interface.members.get(varlink_type.name)
            if not isinstance(member, _Alias):
                return [f"{path}: type {varlink_type.name} is not declared"]
            return self.problems(member.type, value, path)
        if isinstance(varlink_type, _Alias):
            return self.problems(varlink_type.type, value, path)
        if isinstance(varlink_type, _Object):
            return []
        if isinstance(varlink_type, _Struct):
            if not isinstance(value, dict):
                return [f"{path}: {value!r} is not an object"]
            found = [f"{path}.{name}: not declared" for name in value if name not in varlink_type.fields]
            for name, field_type in varlink_type.fields.items():
                if name in value:
                    found += self.problems(field_type, value[name], f"{path}.{name}")
                elif not isinstance(field_type, _Maybe):
                    found.append(f"{path}.{name}: missing")
            return found
        if isinstance(varlink_type, _Enum):
            if value not in list(varlink_type.fields):
                return [f"{path}: {value!r} is not one of {list(varlink_type.fields)}"]
            return []
        if isinstance(varlink_type, _Array):
            if not isinstance(value, list):
                return [f"{path}: {value!r} is not an array"]
            return [p for i, v in enumerate(value) for p in self.problems(varlink_type.element_type, v, f"{path}[{i}]")]
        if isinstance(varlink_type, _Dict):
            if not isinstance(value, dict):
                return [f"{path}: {value!r} is not a map"]
            return [p for k, v in value.items() for p in self.problems(varlink_type.element_type, v, f"{path}[{k}]")]
        if isinstance(varlink_type, (set, frozenset)):
            return [] if isinstance(value, dict) else [f"{path}: {value!r} is not a set"]
        # Scalars: the scanner represents them by instances (bool(), int(), float(), str()).
        if type(varlink_type) is bool:
            return [] if isinstance(value, bool) else [f"{path}: {value!r} is not a bool"]
        if type(varlink_type) is int:
            return [] if isinstance(value, int) and not isinstance(value, bool) else [f"{path}: {value!r} is not an int"]
        if type(varlink_type) is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            return [] if ok else [f"{path}: {value!r} is not a float"]
        if type(varlink_type) is str:
            return [] if isinstance(value, str) else [f"{path}: {value!r} is not a string"]
        return [f"{path}: unknown declared type {varlink_type!r}"]

    def reply_problems(self, method, parameters):
        return self.problems(self.interface.get_method(method).out_type, parameters, method)

    def error_problems(self, error):
        short = error.error().rsplit(".", 1)[-1]
        member = self.interface.members.get(short)
        if not isinstance(member, _Error):
            return [f"{error.error()}: not declared in {self.interface.name}"]
        return self.problems(member.type, error.parameters() or {}, error.error())


class PumpdTestCase(unittest.TestCase):
    daemon_args = ()

    def setUp(self):
        self.daemon = Daemon(self.daemon_args)
        self.client = varlink.Client.new_with_address(self.daemon.address)
        self.handlers = []

    def tearDown(self):
        for handler in self.handlers:
            try:
                handler.close()
            except OSError:
                pass
        rc = self.daemon.terminate()
        output = self.daemon.output()
        self.daemon.remove()
        self.assertEqual(rc, 0, f"pumpd did not exit 0 on SIGTERM (exit {rc}); its output:\n{output}")

    def open(self, interface="io.pumpd.Pump"):
        """A new connection, with a receive timeout so a missing reply fails instead of hanging."""
        connection = self.client.open_connection()
        connection.settimeout(CALL_TIMEOUT_S)
        handler = self.client.open(interface, namespaced=True, connection=connection)
        self.handlers.append(handler)
        return handler

    def conformance(self, interface="io.pumpd.Pump"):
        return Conformance(self.client.get_interface(interface))

    def raw_call(self, handler, method, parameters=None):
        """The reply's raw parameters (not filtered through the stub), as varlink.cli reads them."""
        message = {"method": handler._interface.name + "." + method}
        if parameters is not None:
            message["parameters"] = parameters
        handler._send_message(json.dumps(message, cls=varlink.VarlinkEncoder).encode("utf-8"))
        reply, continues = handler._next_varlink_message()
        self.assertFalse(continues, f"{method} without 'more' must reply once")
        return reply

    def commit(self, pump, rx):
        """Validates and commits rx, accepting by code every warning its review raised (bench
        programs cross the drug library's soft limits on purpose; the reason is recorded)."""
        review = pump.ValidatePrescription(prescription=rx)
        codes = [warning.code for warning in (review.warnings or [])]
        if not codes:
            return pump.CommitPrescription(prescription=rx, token=review.token)
        return pump.CommitPrescription(
            prescription=rx, token=review.token, acceptWarnings=codes,
            overrideReason="python client test: a bench program")

    def history_kinds(self, pump):
        return [event.kind for event in pump.GetHistory().events]


class ServiceTests(PumpdTestCase):
    def test_get_info_lists_the_service_and_both_pump_interfaces(self):
        interfaces = self.client.get_interfaces()
        self.assertEqual(interfaces, ["org.varlink.service", "io.pumpd.Pump", "io.pumpd.Rig"])
        self.assertEqual(self.client.info["vendor"], "pumpd")
        self.assertEqual(self.client.info["product"], "pumpd")
        self.assertTrue(self.client.info["version"])

    def test_served_interface_descriptions_parse_as_varlink_idl_and_match_the_repository(self):
        expected_methods = {
            "io.pumpd.Pump": {
                "GetStatus", "GetPrescription", "ValidatePrescription", "CommitPrescription", "Stop", "Resume",
                "ValidateRefill", "CommitRefill", "ValidateFirstFill", "CommitFirstFill", "Bolus", "EndBolus", "Prime", "Calibrate", "StartCalibrationRun", "CommitCalibrationRun", "GetAlarms", "AcknowledgeAlarm", "GetHistory", "WatchEvents", "Reload",
                # Issue 14, alarm outputs.
                "SilenceAlarms", "TestAlarms"},
            "io.pumpd.Rig": {"GetTruth", "GetFaults", "SetFaults", "GetClock", "AdvanceTime", "StepWallClock", "FillReservoir"},
        }
        for name, methods in expected_methods.items():
            with self.subTest(interface=name):
                # Parsing happens here: varlink.Interface(description) raises SyntaxError on bad IDL.
                interface = self.client.get_interface(name)
                self.assertEqual(interface.name, name)
                with open(INTERFACE_FILES[name], encoding="utf-8") as source:
                    self.assertEqual(interface.description, source.read(), "the daemon serves the .varlink file as written")
                served = {n for n, m in interface.members.items() if isinstance(m, _Method)}
                self.assertEqual(served, methods)
                self.assertIn("PermissionDenied", interface.members)
                # The package does not resolve type names; every name used must be declared here.
                undeclared = []

                def walk(t, where):
                    if isinstance(t, _CustomType):
                        if not isinstance(interface.members.get(t.name), _Alias):
                            undeclared.append(f"{where}: {t.name}")
                    elif isinstance(t, (_Maybe, _Array, _Dict)):
                        walk(t.element_type, where)
                    elif isinstance(t, _Struct):
                        for field, field_type in t.fields.items():
                            walk(field_type, f"{where}.{field}")

                for member_name, member in interface.members.items():
                    if isinstance(member, _Method):
                        walk(member.in_type, member_name + "(in)")
                        walk(member.out_type, member_name + "(out)")
                    else:
                        walk(member.type, member_name)
                self.assertEqual(undeclared, [])

    def test_varlink_cli_info_and_help_work_against_the_socket(self):
        info = subprocess.run(
            [sys.executable, "-m", "varlink.cli", "info", self.daemon.address],
            capture_output=True, text=True, timeout=CALL_TIMEOUT_S)
        self.assertEqual(info.returncode, 0, info.stderr)
        self.assertIn("Vendor: pumpd", info.stdout)
        self.assertIn("io.pumpd.Pump", info.stdout)
        self.assertIn("io.pumpd.Rig", info.stdout)
        described = subprocess.run(
            [sys.executable, "-m", "varlink.cli", "help", self.daemon.address + "/io.pumpd.Rig"],
            capture_output=True, text=True, timeout=CALL_TIMEOUT_S)
        self.assertEqual(described.returncode, 0, described.stderr)
        self.assertIn("method GetTruth() -> (truth: Truth)", described.stdout)
        called = subprocess.run(
            [sys.executable, "-m", "varlink.cli", "call", self.daemon.address + "/io.pumpd.Rig.GetClock"],
            capture_output=True, text=True, timeout=CALL_TIMEOUT_S)
        self.assertEqual(called.returncode, 0, called.stderr)
        self.assertEqual(json.loads(called.stdout)["kind"], "real")


class StatusTests(PumpdTestCase):
    def test_get_status_of_a_fresh_pump_reports_declared_fields_in_pump_units(self):
        pump = self.open()
        raw = self.raw_call(pump, "GetStatus")
        self.assertEqual(self.conformance().reply_problems("GetStatus", raw), [])
        status = pump.GetStatus().status
        parse_time(status.time)
        self.assertEqual(status.mode, "stopped")
        self.assertEqual(status.stopCause, "idle")
        self.assertFalse(status.programmed)
        self.assertEqual((status.rate, status.basalRate, status.doseRate), (0, 0, 0))
        self.assertEqual((status.deliveredToday, status.deliveredTodayVolume, status.deliveredTotal), (0, 0, 0))
        self.assertEqual(status.stepVolume, STEP_PL, "stepVolume is in pL: 250 nL per step on sim.toml")
        self.assertEqual(status.stepsMoved, 0)
        self.assertEqual(status.reservoir.fillVolume, FILL_NL, "fillVolume is in nL: 40 mL")
        self.assertEqual(status.reservoir.remaining, FILL_NL)
        self.assertEqual(vars(status.reservoir.drug), BACLOFEN)
        parse_time(status.reservoir.filledAt)
        self.assertIn(status.reservoir.level, {"ok", "low", "empty"}, "the levels io.pumpd.Pump.Reservoir documents")
        self.assertEqual(status.reservoir.level, "ok")
        self.assertIn(status.battery.level, {"good", "elective_replacement", "end_of_service"},
                      "the levels io.pumpd.Pump.Battery documents")
        self.assertEqual(status.alarms, [])
        self.assertFalse(hasattr(status, "task"))
        self.assertEqual((status.rig.name, status.rig.simulated, status.rig.clock), ("simulated", True, "real"))
        self.assertTrue(status.rig.profile.endswith("sim.toml"), status.rig.profile)
        self.assertEqual(status.callerRole, "clinician", "root is a clinician")

    def test_rig_get_truth_reports_the_physical_rig_at_rest(self):
        rig = self.open("io.pumpd.Rig")
        conformance = self.conformance("io.pumpd.Rig")
        for method in ("GetTruth", "GetFaults", "GetClock"):
            self.assertEqual(conformance.reply_problems(method, self.raw_call(rig, method)), [])
        truth = rig.GetTruth().truth
        parse_time(truth.time)
        self.assertEqual(truth.reservoirVolume, FILL_NL)
        self.assertEqual(truth.deliveredAtTip, 0)
        self.assertEqual((truth.motorSteps, truth.encoderPulses), (0, 0))
        self.assertFalse(truth.motorEnabled, "no program: the motor is disabled")
        self.assertGreaterEqual(truth.pressure, 0)
        self.assertTrue(3000 <= truth.batteryMillivolts <= 4500, f"{truth.batteryMillivolts} mV")
        faults = rig.GetFaults().faults
        self.assertEqual(vars(faults), {"occlusion": False, "stall": False, "driverFault": False, "motorHang": False,
                                        "failingSensors": [], "stuckSensors": [], "batterySag": 0, "leakRate": 0,
                                        "lostSteps": 0, "couplingSlip": 0, "freeFlow": 0, "extraMotion": 0,
                                        "deadBuzzer": False})
        # The power-on self-test pulsed the simulated buzzer once; nothing sounds or is lit now.
        self.assertEqual((truth.buzzerSounding, truth.buzzerEdges, truth.redLed, truth.yellowLed), (False, 2, False, False))
        clock = rig.GetClock()
        self.assertEqual((clock.kind, clock.scale), ("real", 1))


class ProgrammingTests(PumpdTestCase):
    def test_validate_then_commit_makes_the_program_run(self):
        pump = self.open()
        conformance = self.conformance()
        rx = prescription(rate=500_000)
        review_raw = self.raw_call(pump, "ValidatePrescription", {"prescription": rx})
        self.assertEqual(conformance.reply_problems("ValidatePrescription", review_raw), [])
        self.assertFalse(pump.GetStatus().status.programmed, "validating changes nothing")
        review = pump.ValidatePrescription(prescription=rx)
        self.assertTrue(review.token)
        self.assertGreater(review.expiresIn, 0)
        self.assertFalse(hasattr(review, "old"), "no program before the first commit")
        self.assertEqual(review.new.worstDayDose, 500_000, "ng: 500 µg/day")
        self.assertEqual(review.new.worstDayVolume, 250_000, "nL: 500 µg / 2000 µg/mL = 0.25 mL")
        self.assertTrue(any(row.changed for row in review.comparison))

        committed_raw = self.raw_call(pump, "CommitPrescription", {"prescription": rx, "token": review.token})
        self.assertEqual(conformance.reply_problems("CommitPrescription", committed_raw), [])
        self.assertEqual(committed_raw["summary"]["worstDayDose"], 500_000)
        status = pump.GetStatus().status
        self.assertEqual(status.mode, "running")
        self.assertFalse(hasattr(status, "stopCause"))
        self.assertTrue(status.programmed)
        self.assertEqual(status.basalRate, 250_000_000, "pL/day: 0.25 mL/day")
        self.assertEqual(status.doseRate, 500_000, "ng/day")
        current = pump.GetPrescription()
        self.assertEqual(conformance.reply_problems("GetPrescription", self.raw_call(pump, "GetPrescription")), [])
        self.assertEqual(current.active.basal.rate, 500_000)
        self.assertEqual(current.active.limits.maximumBolus, 50_000)
        parse_time(current.committedAt)
        self.assertEqual(self.history_kinds(pump)[-2:], ["programCommitted", "deliveryStarted"])

    def test_bolus_above_the_maximum_is_refused_with_field_and_limit_and_changes_nothing(self):
        pump = self.open()
        self.commit(pump, prescription(maximum_bolus=50_000))
        before = pump.GetStatus().status
        events_before = self.history_kinds(pump)
        with self.assertRaises(varlink.VarlinkError) as refused:
            pump.Bolus(kind="single", dose=60_000, duration=60)
        error = refused.exception
        self.assertEqual(error.error(), "io.pumpd.Pump.LimitExceeded")
        self.assertEqual(self.conformance().error_problems(error), [])
        violation = error.parameters()["violation"]
        self.assertEqual(violation["field"], "bolus.dose")
        self.assertIn("50", violation["limit"], violation)
        self.assertIn("60", violation["actual"], violation)
        self.assertTrue(violation["rule"])
        after = pump.GetStatus().status
        for field in ("mode", "programmed", "basalRate", "rate", "alarms", "deliveredTotal"):
            self.assertEqual(getattr(after, field), getattr(before, field), field)
        self.assertFalse(hasattr(after, "task"), "no bolus task was started")
        # A refused bolus changes nothing; it is only audited, as one callRefused event.
        deadline = time.monotonic() + 10
        while self.history_kinds(pump) == events_before and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.history_kinds(pump), events_before + ["callRefused"], "a refused call is audited, nothing more")
        # The same connection still works after the error reply.
        self.assertEqual(pump.GetStatus().status.mode, "running")

    def test_unknown_mismatched_and_reused_tokens_are_stale(self):
        pump = self.open()
        rx = prescription()
        with self.assertRaises(varlink.VarlinkError) as unknown:
            pump.CommitPrescription(prescription=rx, token="not-a-token")
        self.assertEqual(unknown.exception.error(), "io.pumpd.Pump.StaleToken")
        self.assertEqual(self.conformance().error_problems(unknown.exception), [])
        self.assertTrue(unknown.exception.parameters()["reason"])

        review = pump.ValidatePrescription(prescription=rx)
        other = prescription(rate=400_000)
        with self.assertRaises(varlink.VarlinkError) as mismatched:
            pump.CommitPrescription(prescription=other, token=review.token)
        self.assertEqual(mismatched.exception.error(), "io.pumpd.Pump.StaleToken")
        self.assertFalse(pump.GetStatus().status.programmed, "a stale token commits nothing")

        review = pump.ValidatePrescription(prescription=rx)
        pump.CommitPrescription(prescription=rx, token=review.token)
        with self.assertRaises(varlink.VarlinkError) as reused:
            pump.CommitPrescription(prescription=rx, token=review.token)
        self.assertEqual(reused.exception.error(), "io.pumpd.Pump.StaleToken", "tokens are single-use")
        self.assertEqual(self.history_kinds(pump).count("programCommitted"), 1)


class ReloadTests(PumpdTestCase):
    def test_reload_of_an_unchanged_profile_applies_nothing_and_names_the_caller_and_a_relayed_requester(self):
        pump = self.open()
        plain = pump.Reload()
        self.assertFalse(plain.applied)
        self.assertEqual(plain.changes, [])
        self.assertEqual(plain.auditedAs.uid, os.getuid())
        self.assertTrue(plain.profile.endswith("sim.toml"), plain.profile)
        if os.getuid() == 0:
            # Only root may name who asked (systemd's ExecReload); the audit then names that process.
            relayed = pump.Reload(requestedBy={"uid": 4242, "pid": 31337, "loginUID": 1000, "command": "systemctl reload pumpd"})
            self.assertEqual((relayed.auditedAs.uid, relayed.auditedAs.pid, relayed.auditedAs.role), (4242, 31337, "reload-requester"))


class WatchTests(PumpdTestCase):
    def test_watch_events_sends_the_status_first_then_the_stop_event(self):
        pump = self.open()
        self.commit(pump, prescription())
        watcher = self.open()
        replies = watcher.WatchEvents(_more=True)
        first = next(replies)
        self.assertEqual(first.status.mode, "running")
        self.assertFalse(hasattr(first, "event"), "the first reply is the status alone")

        stopped = pump.Stop().status
        self.assertEqual((stopped.mode, stopped.stopCause), ("stopped", "clinician"))
        reply = next(replies)  # the socket's timeout bounds the wait
        self.assertEqual(reply.event.kind, "deliveryStopped")
        self.assertEqual(json.loads(reply.event.detail), {"cause": "clinician"})
        self.assertEqual(reply.event.caller.role, "clinician")
        self.assertEqual(reply.event.caller.uid, os.getuid())
        parse_time(reply.event.time)
        self.assertEqual((reply.status.mode, reply.status.stopCause), ("stopped", "clinician"))
        history = pump.GetHistory().events
        self.assertEqual(history[-1].sequence, reply.event.sequence)


class AcceleratedRigTests(PumpdTestCase):
    # 100× simulated time: pressure builds against an occlusion, and the battery monitor (a reading
    # a minute, averaged over 4) follows a sag, within a few real seconds.
    daemon_args = ("--time-scale", "100")

    def wait_for_status(self, pump, predicate, what):
        deadline = time.monotonic() + ALARM_TIMEOUT_S
        while True:
            status = pump.GetStatus().status
            if predicate(status):
                return status
            self.assertLess(time.monotonic(), deadline, f"no {what} within {ALARM_TIMEOUT_S} s: {status}")
            time.sleep(0.05)

    def test_occlusion_fault_raises_a_critical_occlusion_alarm_and_stops_delivery(self):
        pump = self.open()
        rig = self.open("io.pumpd.Rig")
        # 10 mg/day = 5 mL/day: a step every 4.3 s of simulated time, 23 steps/s of real time here.
        self.commit(pump, prescription(rate=10_000_000, daily=11_000_000, hourly=500_000))
        self.assertEqual(rig.GetClock().kind, "accelerated")
        faults = rig.SetFaults(faults={"occlusion": True}).faults
        self.assertTrue(faults.occlusion)
        self.assertEqual(rig.GetFaults().faults.occlusion, True)

        status = self.wait_for_status(
            pump, lambda s: any(alarm.kind == "occlusion" for alarm in s.alarms), "occlusion alarm")
        occlusion = next(alarm for alarm in status.alarms if alarm.kind == "occlusion")
        self.assertEqual(occlusion.severity, "critical")
        self.assertTrue(occlusion.evidence)
        self.assertTrue(occlusion.clearCondition)
        parse_time(occlusion.raisedAt)
        self.assertEqual((status.mode, status.stopCause), ("stopped", "alarm"))
        self.assertEqual(self.conformance().reply_problems("GetStatus", self.raw_call(pump, "GetStatus")), [])
        self.assertFalse(rig.GetTruth().truth.motorEnabled, "a critical alarm disables the motor")
        alarms = pump.GetAlarms()
        self.assertIn("occlusion", [alarm.kind for alarm in alarms.active])
        # Status is the live session; the event log is what is durable, written just after.
        deadline = time.monotonic() + ALARM_TIMEOUT_S
        while "alarmRaised" not in self.history_kinds(pump):
            self.assertLess(time.monotonic(), deadline, f"no alarmRaised in the event log within {ALARM_TIMEOUT_S} s")
            time.sleep(0.05)

    def test_battery_sag_reports_the_documented_battery_levels(self):
        pump = self.open()
        rig = self.open("io.pumpd.Rig")
        self.assertEqual(pump.GetStatus().status.battery.level, "good")
        # The simulated cell gives about 3600 mV; sim.toml: ERI at 3300 mV, end of service at 3000 mV.
        rig.SetFaults(faults={"batterySag": 400})
        status = self.wait_for_status(pump, lambda s: s.battery.level != "good", "battery level change")
        self.assertEqual(status.battery.level, "elective_replacement", "the level io.pumpd.Pump.Battery documents")
        self.assertLessEqual(status.battery.millivolts, 3300)
        self.assertEqual(self.conformance().reply_problems("GetStatus", self.raw_call(pump, "GetStatus")), [])
        rig.SetFaults(faults={"batterySag": 700})
        status = self.wait_for_status(
            pump, lambda s: s.battery.level not in ("good", "elective_replacement"), "end-of-service level")
        self.assertEqual(status.battery.level, "end_of_service", "the level io.pumpd.Pump.Battery documents")
        self.assertTrue(any(alarm.severity == "critical" for alarm in status.alarms), status.alarms)


def main():
    if not os.access(PUMPD, os.X_OK):
        print(f"pumpd is not built at {PUMPD} (set PUMPD or run: swift build --product pumpd)", file=sys.stderr)
        return 2
    program = unittest.main(exit=False, verbosity=2)
    result = program.result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print(f"python-client: {passed} passed, {failed} failed, {skipped} skipped")
    return 0 if result.wasSuccessful() and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
