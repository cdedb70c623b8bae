#!/usr/bin/env python3
"""Fault detection on the simulated stepper rig: for each fault of issue 14 and each rate, how long
the pump takes to raise the alarm (simulated seconds, from the fault's injection or from the act that
exposes it) and what volume it let through before the motor stopped.

Called by scripts/fault-detection.sh (which builds and says where pump-hil is). It writes one
scenario per fault and rate into the output folder (pump-hil's own TOML grammar, so each is a file a
person can rerun with `pump-hil run`), runs them all with one `pump-hil run --json`, and reads the
record: the injection's action time, the alarm's event time (whole seconds: the event log's
resolution) and the rig's truth (tip volume, motor steps, lastStepAgo for the last step to the ms).

Volumes: "tip" is truth.deliveredAtTip (what reached the patient), "pumped" is forward motor steps x
step volume (what the motor was commanded to push; with lost steps or a slipping coupling part of it
never moved fluid). Both are nL, from the injection to the end of the scenario (the motor is
stopped by then; free flow keeps flowing after its alarm, so its volume is taken at the first
sample after the alarm's second: an upper bound, printed "≤"). Some zeros are structural (the
fault moves no fluid, or the motor is off): the plan names them and the table marks them.

Exit: 0 every fault detected and every scenario's expectations held; 1 otherwise (the table is
printed either way); 2 bad usage; 3 pump-hil could not run.
"""
import argparse
import json
import os
import subprocess
import sys
from datetime import datetime

# The two rates of the closing note, as io.pumpd.Pump programs at 2 mg/mL (baclofen).
RATES = {
    "0.25mL/day": {
        "basal": 500_000, "limits": "{ maximumDailyDose = 1_000_000, maximumHourlyDose = 100_000, maximumBolus = 50_000 }",
        "nl_per_hour": 10_417, "inject": 3_600, "watch": 8 * 3_600, "resolution": 10, "sample": 300,
    },
    "10mL/h": {
        "basal": 480_000_000, "limits": "{ maximumDailyDose = 500_000_000, maximumHourlyDose = 21_000_000, maximumBolus = 50_000 }",
        "nl_per_hour": 10_000_000, "inject": 600, "watch": 600, "resolution": 1, "sample": 60,
    },
}


# CI's sample (--sample): every fault at 10 mL/h, and lost steps (the cheapest) at 0.25 mL/day too,
# so the slow rate's detection is checked on every run.
SAMPLE = {"lost-steps": ("10mL/h", "0.25mL/day")} | {key: ("10mL/h",) for key in
          ("lost-steps-partial", "coupling-slip", "driver-stall", "free-flow", "occlusion-resume-blocked", "dead-buzzer-test")}
# The sample watches the slow row for an hour after the injection, not 8 h: the stall latches within
# (tolerance + 1) steps (about 4 min at 0.25 mL/day), and an hour still shows the motor staying still.
SAMPLE_WATCH = {("lost-steps", "0.25mL/day"): 3_600}


def fault_plans(rate):
    """Each fault: the alarm that must answer it, the actions (time relative to the injection), how
    the volume is measured, and the time detection is counted from (`exposed`, relative)."""
    r = RATES[rate]
    low = rate == "0.25mL/day"
    # After an occlusion the clinician acknowledges once the alarm is up (at most 4 h at the low
    # rate, seconds at the high one) and resumes with the line still blocked.
    occluded_ack = 16_000 if low else 120
    return [
        {"key": "lost-steps", "label": "lost steps (rotor stalled, 100 %)", "alarm": "motor-stall",
         "actions": [(0, 'faults = { lostSteps = 1000 }')], "exposed": 0, "volume": "since-injection",
         "structural": {"tip": "the rotor does not turn, so no step moves fluid"}},
        {"key": "lost-steps-partial", "label": "lost steps (30 %)", "alarm": "motor-stall",
         "actions": [(0, 'faults = { lostSteps = 300 }')], "exposed": 0, "volume": "since-injection"},
        {"key": "coupling-slip", "label": "coupling slip (100 %)", "alarm": "motor-stall",
         "actions": [(0, 'faults = { couplingSlip = 1000 }')], "exposed": 0, "volume": "since-injection",
         "structural": {"tip": "the motor turns but the pump does not, so no step moves fluid"}},
        {"key": "driver-stall", "label": "driver stall (DIAG / driver throws)", "alarm": "motor-stall",
         "actions": [(0, 'faults = { stall = true }')], "exposed": 0, "volume": "since-injection",
         "structural": {"tip": "the stalled motor moves no fluid (the step that found the stall is in pumped, booked as delivered)"}},
        {"key": "free-flow", "label": "free flow while stopped (at the program's rate)", "alarm": "free-flow",
         "actions": [(-60, 'call = "io.pumpd.Pump.Stop"'), (0, f'faults = {{ freeFlow = {r["nl_per_hour"]} }}')],
         "exposed": 0, "volume": "until-alarm",
         "structural": {"pumped": "the motor was stopped 60 s before the injection: free flow is fluid the motor never pushed"}},
        {"key": "occlusion-resume-blocked", "label": "resume into a still-blocked line", "alarm": None, "event": "line-test-failed",
         "actions": [(0, 'faults = { occlusion = true }'),
                     (occluded_ack, 'call = "io.pumpd.Pump.AcknowledgeAlarm"\nparameters = { kind = "occlusion" }'),
                     (occluded_ack + 1, 'call = "io.pumpd.Pump.Resume"')],
         "exposed": occluded_ack + 1, "volume": "since-exposed", "watch": occluded_ack + 1 + (r["watch"] if low else 600),
         # Measured, not structural: the line test samples the line before its first step, and the
         # still-blocked line's pressure fails it there ("line test failed after 0 nL").
         "zero_means": "the line test's first pressure sample, taken before its first step, failed it: no step was made"},
        {"key": "dead-buzzer-test", "label": "dead buzzer (clinician's alarm test)", "alarm": "alarm-system-failure",
         "actions": [(0, 'faults = { deadBuzzer = true }'), (60, 'call = "io.pumpd.Pump.TestAlarms"')],
         "exposed": 60, "volume": "delivery-continues", "watch": 600},
        # (The power-on self-test's finding of a dead buzzer is not measured here: the simulated rig's
        # faults do not survive pumpd's restart, so a fault set through io.pumpd.Rig is gone before
        # the self-test runs. The kernel lane times the self-test's pulses on real lines.)
    ]


def scenario_text(profile, rate, plan):
    r = RATES[rate]
    inject = r["inject"]
    watch = plan.get("watch", r["watch"])
    end = inject + watch
    lines = [
        f"# Generated by scripts/fault-detection.sh: {plan['label']} at {rate} on the simulated stepper rig.",
        "[scenario]",
        f'name = "fault-detection {plan["key"]} at {rate}"',
        f'hazard = "{plan["label"]}"',
        f'profile = "{profile}"',
        f"duration_s = {end}",
        f"sample_every_s = {r['sample']}",
        f"resolution_s = {r['resolution']}",
        "",
        "[prescription]",
        'drug = { name = "baclofen", concentration = 2000 }',
        f'basal = {{ kind = "continuous", rate = {r["basal"]} }}',
        f"limits = {r['limits']}",
        "lowReservoirAlarm = 2_000_000",
    ]
    for at, what in plan["actions"]:
        lines += ["", "[[action]]", f"at_s = {inject + at}", what]
    exposed = inject + plan["exposed"]
    if plan.get("alarm"):
        lines += ["", "[[expect]]", f'alarm_raised = "{plan["alarm"]}"', f"after_s = {exposed}", f"within_s = {end - exposed}"]
    if plan.get("event"):
        lines += ["", "[[expect]]", f'event = "{plan["event"]}"', f"after_s = {exposed}", f"within_s = {end - exposed}"]
    if plan["volume"] != "delivery-continues":
        # Fine samples from the exposure on (the runner samples a motor_stopped window at resolution_s),
        # and the proof that the motor stopped and stayed still.
        lines += ["", "[[expect]]", "motor_stopped = true", f"after_s = {exposed}", f"within_s = {end - exposed}"]
    return "\n".join(lines) + "\n"


def seconds_of(time_text):
    return datetime.fromisoformat(time_text).timestamp()


def value(sample, path):
    for part in path.split("."):
        if not isinstance(sample, dict):
            return None
        sample = sample.get(part)
    return sample


def analyse(record, rate, plan):
    """One row: detection (s), what was seen, volume (nL) and how it is measured."""
    r = RATES[rate]
    inject = r["inject"]
    exposed = inject + plan["exposed"]
    samples = record["samples"]
    events = record["events"]
    start = seconds_of(samples[0]["time"]) - samples[0]["t"] if samples else 0
    if plan.get("alarm"):
        found = [e for e in events if e["kind"] == "alarmRaised" and e["detail"].get("alarm") == plan["alarm"] and (e["t"] or -1) >= exposed]
    else:
        want = plan["event"].replace("-", "").lower()
        found = [e for e in events if e["kind"].replace("-", "").lower() == want and (e["t"] or -1) >= exposed]
    detected = found[0] if found else None
    # Whole seconds: the event log's resolution (0 = within the second of the exposure).
    detection = round(seconds_of(detected["time"]) - start) - exposed if detected else None
    step_nl = record["stepVolume"] / 1000

    def at_or_after(t):
        return next((s for s in samples if s["t"] >= t), None)

    def at_or_before(t):
        return next((s for s in reversed(samples) if s["t"] <= t), None)

    base = at_or_after(exposed)
    volume, pumped, how = None, None, ""
    if plan["volume"] == "delivery-continues":
        how = "not stopped: delivery continues by design (non-critical)"
    elif base is not None:
        # Free flow goes on after its alarm and the alarm's time is a whole second: the first sample
        # after that second bounds the volume at the alarm from above.
        until = at_or_after(detected["t"] + 1) if plan["volume"] == "until-alarm" and detected else samples[-1]
        tip0, tip1 = value(base, "truth.deliveredAtTip"), value(until, "truth.deliveredAtTip")
        steps0, steps1 = value(base, "truth.motorSteps"), value(until, "truth.motorSteps")
        if tip0 is not None and tip1 is not None:
            volume = tip1 - tip0
        if steps0 is not None and steps1 is not None:
            pumped = int((steps1 - steps0) * step_nl)
        how = {"since-injection": "from the injection until the motor stopped",
               "until-alarm": "free-flowed from the injection to the first sample after the alarm's second (≤: an upper bound; the motor was already off)",
               "since-exposed": "from the resume until the motor stopped"}[plan["volume"]]
    last_step = None
    if plan["volume"] in ("since-injection", "since-exposed"):
        stopped = samples[-1]
        ago = value(stopped, "truth.lastStepAgo")
        if ago is not None and value(stopped, "truth.motorSteps") != value(base or stopped, "truth.motorSteps"):
            last_step = stopped["t"] - ago / 1e9 - exposed
    return {
        "fault": plan["label"], "rate": rate, "scenario": record["name"], "passed": record["passed"],
        "detected": detected is not None, "detection_s": detection,
        "seen": (detected["detail"].get("evidence") or detected["summary"]) if detected else "not detected",
        "tip_nl": volume, "pumped_nl": pumped, "last_step_s": last_step, "volume_how": how,
        "upper_bound": plan["volume"] == "until-alarm", "structural": plan.get("structural", {}), "zero_means": plan.get("zero_means"),
        "failure": record.get("failure"),
        "failed_expectations": [e["name"] + ": " + e["reason"] for e in record["expectations"] if not e["passed"]],
    }


def fmt(value, unit=""):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.0f}{unit}" if abs(value) >= 10 else f"{value:.1f}{unit}"
    return f"{value:,}".replace(",", " ") + unit


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pump-hil", required=True, help="the pump-hil executable")
    parser.add_argument("--profile", required=True, help="the stepper sim profile (absolute path)")
    parser.add_argument("--out", required=True, help="folder for the scenarios, record.json and table")
    parser.add_argument("--sample", action="store_true", help="CI's bounded sample: every fault at 10 mL/h, lost steps at 0.25 mL/day")
    parser.add_argument("--only", action="append", default=[], help="only these faults (keys), repeatable")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    planned, files = [], []
    for rate in RATES:
        for plan in fault_plans(rate):
            if args.only and plan["key"] not in args.only:
                continue
            if args.sample:
                if rate not in SAMPLE.get(plan["key"], ()):
                    continue
                if (plan["key"], rate) in SAMPLE_WATCH:
                    plan = dict(plan, watch=SAMPLE_WATCH[(plan["key"], rate)])
            path = os.path.join(args.out, f"{plan['key']}-{rate.replace('/', '-per-').replace('.', '_')}.toml")
            with open(path, "w") as f:
                f.write(scenario_text(args.profile, rate, plan))
            planned.append((rate, plan))
            files.append(path)
    if not files:
        print("fault-detection: --only named no fault; the faults: " + ", ".join(p["key"] for p in fault_plans("10mL/h")), file=sys.stderr)
        return 2
    record_path = os.path.join(args.out, "record.json")
    run = subprocess.run([args.pump_hil, "run", *files, "--quiet", "--json", record_path], capture_output=True, text=True)
    if run.returncode not in (0, 1) or not os.path.exists(record_path):
        sys.stderr.write(run.stdout + run.stderr)
        print(f"fault-detection: pump-hil run exited {run.returncode}", file=sys.stderr)
        return 3
    with open(record_path) as f:
        records = {s["name"]: s for s in json.load(f)["scenarios"]}
    rows = []
    for rate, plan in planned:
        record = records.get(f"fault-detection {plan['key']} at {rate}")
        if record is None:
            print(f"fault-detection: no record of {plan['key']} at {rate}", file=sys.stderr)
            return 3
        rows.append(analyse(record, rate, plan))
    header = "| fault | rate | detection (s) | last step (s) | tip nL | pumped nL | volume measured | alarm evidence |"
    lines = [header, "|" + "---|" * 8]
    notes = []
    for row in rows:
        def volume(column):
            value = row[column + "_nl"]
            text = fmt(value)
            if value == 0 and column in row["structural"]:
                notes.append(f"{row['fault']} at {row['rate']}: {column} 0 by construction: {row['structural'][column]}")
                return f"0 [{len(notes)}]"
            if value == 0 and row["zero_means"]:
                notes.append(f"{row['fault']} at {row['rate']}: {column} 0 measured: {row['zero_means']}")
                return f"0 [{len(notes)}]"
            return ("≤ " if row["upper_bound"] and value is not None else "") + text
        tip, pumped = volume("tip"), volume("pumped")
        lines.append("| {fault} | {rate} | {det} | {last} | {tip} | {pumped} | {how} | {seen} |".format(
            fault=row["fault"], rate=row["rate"], det=fmt(row["detection_s"]) if row["detected"] else "NOT DETECTED",
            last=fmt(row["last_step_s"]), tip=tip, pumped=pumped, how=row["volume_how"], seen=row["seen"].replace("|", "/")))
    legend = [
        "",
        "Columns: detection = whole simulated seconds from the injection (or from the act that exposes the fault: the resume,",
        "the alarm test) to the alarm or event, the event log's resolution (0: within the same second); last step = simulated",
        "seconds from the exposure to the motor's last forward step (rig truth, to the ms; —: no step after the exposure);",
        "tip nL = truth.deliveredAtTip, what reached the patient; pumped nL = forward motor steps × step volume, what the motor",
        "pushed, whether or not fluid moved (both from the exposure to the end; ≤ marks an upper bound).",
    ]
    if notes:
        legend += ["Zeros:"] + [f"[{i}] {note}" for i, note in enumerate(notes, 1)]
    table = "\n".join(lines + legend)
    print(table)
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(table + "\n")
    with open(os.path.join(args.out, "rows.json"), "w") as f:
        json.dump(rows, f, indent=1)
    bad = [row for row in rows if not row["detected"] or not row["passed"]]
    for row in bad:
        why = "; ".join(row["failed_expectations"]) or row["failure"] or "not detected"
        print(f"FAIL {row['scenario']}: {why}")
    print(f"fault-detection: {len(rows) - len(bad)} of {len(rows)} detected with every expectation held (scenarios and record in {args.out})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
