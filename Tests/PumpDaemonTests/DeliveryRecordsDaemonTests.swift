import Foundation
import Testing
import Varlink

/// The records a clinician reads, against a real pumpd: hourly delivery split where the steps
/// fell, loop stalls and refused calls in the event log.
@Suite struct DeliveryRecordsDaemonTests {
    /// The hourly history from the event log's companion, as hour → (volume nL, mass ng).
    static func hours(_ daemon: RunningDaemon, from: String) throws -> [String: (volume: Int64, mass: Int64)] {
        let history = try daemon.call("io.pumpd.Pump.GetHistory", ["from": .string(from), "kinds": []])
        var hours: [String: (volume: Int64, mass: Int64)] = [:]
        for hour in history["hours"]?.arrayValue ?? [] {
            let start = try #require(hour["hour"]?.stringValue)
            hours[start] = (try #require(hour["volume"]?.integerValue), try #require(hour["mass"]?.integerValue))
        }
        return hours
    }

    /// Committed at 08:00 and run 90 min: the 08:00 hour holds exactly what the motor moved before
    /// 09:00 (the rig's own count), the 09:00 hour the rest; today is their sum.
    @Test func ninetyMinutesFromEightAreBookedToTheHoursTheStepsFellIn() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--virtual-start", "2026-01-05T08:00:00Z", "--daily-dose", "500ug/day"])
        defer { daemon.shutdown() }
        try daemon.start(until: .delivering)
        func motorSteps() throws -> Int64 { try #require(try daemon.call("io.pumpd.Rig.GetTruth")["truth"]?["motorSteps"]?.integerValue) }
        let atStart = try motorSteps()
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 3_600])
        let byNine = try motorSteps() - atStart
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 1_800])
        let afterNine = try motorSteps() - atStart - byNine
        #expect(byNine == 41 && afterNine == 21, "one 250 nL step every 86.4 s")
        let hours = try Self.hours(daemon, from: "2026-01-05T00:00:00Z")
        // 250 nL steps of 2000 µg/mL: 500 ng each.
        #expect(hours["2026-01-05T08:00:00+00:00"]?.volume == byNine * 250, "\(hours)")
        #expect(hours["2026-01-05T08:00:00+00:00"]?.mass == byNine * 500, "\(hours)")
        #expect(hours["2026-01-05T09:00:00+00:00"]?.volume == afterNine * 250, "\(hours)")
        #expect(hours["2026-01-05T09:00:00+00:00"]?.mass == afterNine * 500, "\(hours)")
        let status = try daemon.status()
        #expect(status["deliveredTodayVolume"]?.integerValue == (byNine + afterNine) * 250)
        #expect(try #require(status["deliveredLastHour"]?.integerValue) <= (try #require(status["deliveredToday"]?.integerValue)))
    }

    /// sim.toml with a stall threshold of `milliseconds` (real time).
    static func profile(in directory: String, stallThresholdMilliseconds milliseconds: Int) throws -> String {
        var text = try ShippedProfileText.text()
        let key = "lock_memory = false\n"
        #expect(text.contains(key))
        text = text.replacingOccurrences(of: key, with: key + "stall_threshold_ms = \(milliseconds)\n")
        let path = directory + "/stall.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// SIGSTOP for about 3 s at time scale 100 (about 300 s simulated), threshold 0.6 s real (60 s simulated):
    /// one loopStalled event whose missed volume is what the program would have delivered in the
    /// stall, less what stays owed (under two steps: made on waking, not missed).
    @Test func aStoppedDaemonLogsTheStallWithItsMissedVolume() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        let profile = try Self.profile(in: daemon.stateDirectory, stallThresholdMilliseconds: 600)
        try daemon.start(extra: ["--profile", profile, "--daily-dose", "500ug/day", "--time-scale", "100"], until: .delivering)
        let before = try #require(try daemon.status()["missedTotal"]?.integerValue)
        try daemon.signal(SIGSTOP)
        Thread.sleep(forTimeInterval: 3)
        try daemon.signal(SIGCONT)
        // The SIGSTOP's stall is the long one (a loaded machine may add short ones: not flaky).
        func stalls() throws -> [(duration: Int64, missed: Int64)] {
            let history = try daemon.call("io.pumpd.Pump.GetHistory", ["from": "2000-01-01T00:00:00Z", "kinds": ["loopStalled"]])
            return try (history["events"]?.arrayValue ?? []).map { event in
                let detail = try JSONValue.parse(Array((event["detail"]?.stringValue ?? "").utf8))
                return (try #require(detail["durationMs"]?.integerValue), try #require(detail["missed"]?.integerValue))
            }
        }
        var found = try stalls()
        for _ in 0..<100 where !found.contains(where: { $0.duration >= 200_000 }) {
            Thread.sleep(forTimeInterval: 0.1)
            found = try stalls()
        }
        let (duration, missed) = try #require(found.max { $0.duration < $1.duration }, "no stall logged\n\(daemon.logTail())")
        // 3 s at ×100, give or take the scheduling; 250 µL/day = 250 000 nL per 86 400 000 ms.
        #expect((200_000...1_000_000).contains(duration), "\(found)")
        let programmed = duration * 250_000 / 86_400_000
        print("SIGSTOP stall: \(duration) ms simulated, \(missed) nL missed of \(programmed) nL programmed in it")
        // Up to two steps (500 nL) stay owed: the step due on waking and the progress towards the next.
        #expect((programmed - 502...programmed).contains(missed), "missed \(missed) nL of \(programmed) nL programmed in the stall")
        #expect(try #require(try daemon.status()["missedTotal"]?.integerValue) - before >= missed)
    }

    /// A patient bolus refused for lockout is audited with the caller; a flood is rate-limited.
    @Test func refusedPatientBolusesAreAuditedAndAFloodIsRateLimited() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--virtual-start", "2026-01-05T08:00:00Z"])
        defer { daemon.shutdown() }
        try daemon.start()
        let policy: JSONValue = ["dose": 20_000, "duration": 60, "lockout": 7_200, "maximumPerDay": 3]
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 500, patientBolus: policy))
        let given = try daemon.call("io.pumpd.Pump.Bolus", ["kind": "patient"])
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 120])  // the bolus (1 min) is over; the lockout (2 h) is not
        for _ in 0..<25 {
            let refusal = try daemon.refusal("io.pumpd.Pump.Bolus", ["kind": "patient"])
            #expect(refusal?.name == "io.pumpd.Pump.Lockout", "\(String(describing: refusal)) after \(given)")
        }
        let history = try daemon.call("io.pumpd.Pump.GetHistory", ["from": "2026-01-01T00:00:00Z", "kinds": ["callRefused"]])
        let refusals = history["events"]?.arrayValue ?? []
        // At most 10 a minute are written (RefusalAudit's tests prove the count of those left out).
        #expect(refusals.count == 10, "\(history)")
        let first = try #require(refusals.first)
        #expect(first["summary"]?.stringValue?.contains("Lockout") == true, "\(first)")
        #expect(first["caller"]?["uid"]?.integerValue == Int64(getuid()), "\(first)")
    }
}
