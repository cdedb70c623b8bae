#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Benchmark
import MallocInterposerSwift
import ControlWorkload
import PumpControl
import PumpCore
import PumpWire
import Varlink
import VarlinkCodable

// The status path (issue 13), measured in parts:
// - encoding a GetStatus reply: a full WireStatus (an alarm, a task, every optional set) to the
//   reply's bytes, directly (WireCoding.encode, what pumpd does) and, for comparison in the same
//   run, through JSONEncoder's text parsed back (what it did before);
// - the loop's side of publishing: ControlWorkload's steady-state wakes, each with the published
//   session withdrawn before it and published after it, as RealtimeLoop does (goal: zero mallocs
//   per wake, as without publishing: the arrays are never shared when the wake changes them);
// - a reader's side: reading the published session (what GetStatus does before its cache);
// - a restore's decoding of its checkpoint, after a simulated day of therapy (its rolling dose
//   windows full): directly from the parsed JSON value (JSONValueDecoder, what pumpd does) and,
//   for comparison, with JSONDecoder (what it did before). A new process pays JSONDecoder's
//   first-use cost on top, which an iterated benchmark cannot show: `scripts/start-timeline.sh`
//   measures that part.

let status = WireStatus(
    time: "2026-12-05T07:00:00.000+01:00", mode: "running", stopCause: nil, programmed: true, rate: 250_000_000, basalRate: 250_000_000,
    doseRate: 500_000_000, deliveredToday: 123_456, deliveredTodayVolume: 61_728, deliveredLastHour: 20_833, deliveredLastDay: 500_000,
    deliveredTotal: 9_876_543, missedTotal: 0,
    reservoir: WireReservoir(
        drug: Drug(name: "baclofen", concentration: .microgramsPerMillilitre(2000)), filledAt: "2026-11-20T09:00:00.000+01:00",
        fillVolume: 20_000_000, remaining: 12_345_678, level: "ok", lowReservoirAt: "2027-01-10T09:00:00.000+01:00",
        emptyAt: "2027-01-20T09:00:00.000+01:00", lowReservoirExpectedAt: "2027-01-12T09:00:00.000+01:00",
        emptyExpectedAt: "2027-01-22T09:00:00.000+01:00"),
    battery: WireBattery(millivolts: 3600, level: "good", electiveReplacementAt: "2030-01-01T00:00:00.000+01:00"),
    alarms: [
        WireAlarm(
            kind: "lowReservoir", severity: "warning", raisedAt: "2026-12-05T06:00:00.000+01:00", evidence: "remaining 12 mL",
            causePresent: true, acknowledgedAt: nil, causeClearedAt: nil, clearCondition: "refill")
    ],
    task: WireTask(kind: "singleBolus", planned: 100_000, delivered: 25_000, dose: 200_000, doseDelivered: 50_000, remaining: 600),
    stepVolume: 250_000, stepsMoved: 39_506, rig: WireRig(name: "sim", profile: "hw-profiles/sim.toml", simulated: true, clock: "real"),
    callerRole: "observer", deliveredUnrecordedAtMost: 0, deliveredUnrecordedVolumeAtMost: 0)

let wakesPerRun = 20_000
let mallocsPerThousandWakes = BenchmarkMetric.custom("mallocs per 1k wakes", polarity: .prefersSmaller, useScalingFactor: false)

/// The checkpoint a restore decodes after a day of therapy, as pumpd stores it (JSONEncoder's text).
func dayOldCheckpointDocument() throws -> String {
    let workload = try ControlWorkload.make()
    return String(decoding: try JSONEncoder().encode(workload.cycle.session.checkpoint()), as: UTF8.self)
}

let benchmarks: @Sendable () -> Void = {
    let encoding = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5))
    Benchmark("restore: decode a day-old checkpoint with JSONValueDecoder", configuration: encoding) { benchmark in
        let document = try dayOldCheckpointDocument()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try JSONValueDecoder.decode(TherapyCheckpoint.self, fromText: document)) }
    }
    Benchmark("restore: parse a day-old checkpoint's text alone (JSONValue.parse)", configuration: encoding) { benchmark in
        let document = try dayOldCheckpointDocument()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try JSONValue.parse(document, maxDepth: 512)) }
    }
    Benchmark("restore: decode a day-old checkpoint with JSONDecoder (before issue 13)", configuration: encoding) { benchmark in
        let document = try dayOldCheckpointDocument()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try JSONDecoder().decode(TherapyCheckpoint.self, from: Data(document.utf8))) }
    }
    Benchmark("status: encode a WireStatus reply directly", configuration: encoding) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(VarlinkReply(parameters: ["status": WireCoding.encode(status)]).serialized())
        }
    }
    Benchmark("status: encode a WireStatus reply through JSONEncoder text (before issue 13)", configuration: encoding) { benchmark in
        for _ in benchmark.scaledIterations {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let value = try JSONValue.parse(Array(encoder.encode(status)))
            blackHole(VarlinkReply(parameters: ["status": value]).serialized())
        }
    }
    Benchmark(
        "status: 20 000 steady-state wakes, the session withdrawn and published around each",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, mallocsPerThousandWakes], units: [mallocsPerThousandWakes: .count],
            warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 10)
    ) { benchmark in
        let workload = try ControlWorkload.make()
        let publisher = SessionPublisher(workload.cycle.sessionSnapshot())
        benchmark.startMeasurement()
        let mallocsBefore = MallocInterposerSwift.getStatistics().mallocCount
        let tally = workload.runWakes(wakesPerRun, publishingTo: publisher)
        let mallocs = MallocInterposerSwift.getStatistics().mallocCount - mallocsBefore
        benchmark.stopMeasurement()
        benchmark.measurement(mallocsPerThousandWakes, mallocs * 1_000 / max(tally.wakes, 1))
        if let problem = workload.problem { benchmark.error(problem) }
    }
    Benchmark(
        "status: 10 000 reads of the published session",
        configuration: .init(metrics: [.wallClock, .mallocCountTotal], warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 10)
    ) { benchmark in
        let workload = try ControlWorkload.make()
        let publisher = SessionPublisher(workload.cycle.sessionSnapshot())
        benchmark.startMeasurement()
        for _ in 0..<10_000 {
            blackHole(publisher.read { ($0.stepsMoved, $0.session.clock, $0.generation) })
        }
        benchmark.stopMeasurement()
    }
}
