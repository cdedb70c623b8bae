import Foundation
import PumpTestKit
import Testing
import Varlink

/// The real pumpd inside a standalone journald's mount namespace (so libsystemd's fixed
/// /run/systemd/journal/socket is that journald), on the simulated rig's virtual clock, driven
/// through io.pumpd.Pump and io.pumpd.Rig; the journal is read back with `journalctl -o json`.
@Suite(.enabled(if: StandaloneJournald.unavailableReason == nil, "journald cannot run here: \(StandaloneJournald.unavailableReason ?? "")"))
struct JournalIntegrationTests {
    /// PumpJournal's ids (PumpMessageID), as an operator filters on them; the test fails if one drifts.
    static let ids: [String: String] = [
        "programCommitted": "6bcefe7f7926485f901f61f8dc135d7b", "deliveryStarted": "cb5ecf861f98463e917b72297dc9a50a",
        "deliveryStopped": "a96727d7f783460db57f83d931c02a10", "bolusStarted": "a6d2476e07ba426196004382bca497fa",
        "bolusCompleted": "b01eed4962894b03a094212b08d46bba", "primingStarted": "d94ce2cae9144a21a1ce0bd9878f637d",
        "primingCompleted": "89289c6fe40841aca0bc2083fb6984dc", "refilled": "c2f88d1da20a41ecb965db400eb7201c",
        "calibrated": "0efd5089a0a14c71bbfed25e16222220", "alarmRaised": "3ce7ee0e6e9a408396914af4ceb7265e",
        "alarmCleared": "60e2a8d7c1f0464e93bc385ab7caf862", "alarmAcknowledged": "54a5f810944645449cac89f7920d4092",
        "rigFaultsSet": "1cbf9602590a4174ba687af9a788aaee", "rigTimeAdvanced": "bbd00fe8bc544859bf33cfc9759638d2",
        "daemonStarted": "5f408eb9b83f40e0a80271cec44856e2", "daemonStopping": "3d07af6704924fd7befc9ba81d213582",
        "hourlyDelivery": "d1751c531f994a8e84895e8ff9d48efa", "settingsReloaded": "9edbb96aaa934ca396091ac72a8dac2b",
    ]

    typealias Entry = [String: Any]

    static func field(_ entry: Entry, _ name: String) -> String? { entry[name] as? String }

    /// The entries of `kind`, in journal order.
    static func entries(_ all: [Entry], _ kind: String) -> [Entry] { all.filter { field($0, "PUMP_EVENT") == kind } }

    @Test func everyPumpEventIsOneJournalEntryWithItsFieldsHourlyTotalsMatchTheHistoryAndStepsAreNotLogged() throws {
        let journald = try StandaloneJournald()
        defer { journald.stop() }
        let compiled = try journald.compileCatalog(PumpDaemonProcessTests.repository.appendingPathComponent("systemd/pumpd.catalog"))
        #expect(compiled.status == 0 && compiled.output.isEmpty, "\(compiled.output)")

        let daemon = try RunningDaemon(arguments: ["--clock", "virtual"], launcher: journald.launcher)
        defer { daemon.shutdown() }
        let profile = try ProfileReloadDaemonTests.profile(in: daemon.stateDirectory, threshold: "60_000")
        try daemon.start(extra: ["--profile", profile])
        let advance = { (seconds: Int64) in _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": .integer(seconds)]) }

        // Two program changes (the second carries the first's summary), a bolus, stop, prime, resume.
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 5000))
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 4000))
        _ = try daemon.call("io.pumpd.Pump.Bolus", ["kind": "single", "dose": 10_000, "duration": 60])
        try advance(120)
        _ = try daemon.call("io.pumpd.Pump.Stop")
        // New drug-free tubing: 200 µL to prime at 1 mL/h, 12 minutes.
        _ = try daemon.call("io.pumpd.Pump.Prime", ["newPath": true])
        try advance(900)
        _ = try daemon.call("io.pumpd.Pump.Resume")
        // A refill that matches the accounted remainder, and a calibration.
        let remaining = try #require(try daemon.status()["reservoir"]?["remaining"]?.integerValue)
        _ = try daemon.refill(["volume": 20_000_000, "drug": ["name": "baclofen", "concentration": 2000], "withdrawn": .integer(remaining)])
        _ = try daemon.call("io.pumpd.Pump.Calibrate", ["stepVolume": 255_000])
        // An occlusion: the critical alarm stops delivery; the line cleared, acknowledged and resumed
        // (the resume's line test shows the line open before the program returns).
        _ = try daemon.call("io.pumpd.Rig.SetFaults", ["faults": ["occlusion": true]])
        try advance(180)
        #expect(try daemon.status()["stopCause"] == "alarm")
        _ = try daemon.call("io.pumpd.Rig.SetFaults", ["faults": ["occlusion": false]])
        try advance(600)
        _ = try daemon.call("io.pumpd.Pump.AcknowledgeAlarm", ["kind": "occlusion"])
        _ = try daemon.call("io.pumpd.Pump.Resume")
        // Three hours: at least two complete.
        try advance(3 * 3_600)
        // A reload of a threshold.
        _ = try ProfileReloadDaemonTests.profile(in: daemon.stateDirectory, threshold: "50_000")
        try daemon.signal(SIGHUP)
        #expect(daemon.waitForLog("sensors.occlusion.threshold_pa 60000 -> 50000"), "\(daemon.logTail())")
        let history = try daemon.call("io.pumpd.Pump.GetHistory")
        let events = history["events"]?.arrayValue ?? []
        let hours = history["hours"]?.arrayValue ?? []
        let steps = try ProfileReloadDaemonTests.steps(daemon)
        let now = try #require(try daemon.status()["time"]?.stringValue)
        #expect(daemon.stop() == 0)

        // Completed hours: from the hour of the first program (the first event) to the one open now.
        // The history has rows only for hours that delivered; every completed hour is journalled.
        let iso = ISO8601DateFormatter()
        func hourIndex(_ text: String?) -> Int? { text.flatMap { iso.date(from: $0) }.map { Int(($0.timeIntervalSince1970 / 3600).rounded(.down)) } }
        let firstHour = try #require(hourIndex(events.first?["time"]?.stringValue))
        let openHour = try #require(hourIndex(now))
        let completedHours = openHour - firstHour
        let historyByHour = Dictionary(
            hours.compactMap { h in hourIndex(h["hour"]?.stringValue).map { ($0, h) } }, uniquingKeysWith: { a, _ in a })

        // Everything pumpd sent: the history's events, the completed hours, start and stop, and the
        // shutdown's deliveryStopped, each once.
        let expected = events.count + completedHours + 3
        let all = try journald.entries(["SYSLOG_IDENTIFIER=pumpd"], count: expected)
        #expect(all.count == expected, "\(all.count) entries for \(events.count) events and \(completedHours) hours")
        #expect(all.allSatisfy { Self.field($0, "MESSAGE_ID") != nil && Self.field($0, "PUMP_EVENT") != nil })
        // Per-step activity is not journalled: hundreds of steps, a few dozen entries.
        #expect(steps > 10 * Int64(all.count), "\(steps) steps, \(all.count) entries")

        // Each logged event is one entry: its kind, id, sequence and caller.
        for event in events {
            let kind = try #require(event["kind"]?.stringValue)
            let sequence = try #require(event["sequence"]?.integerValue)
            let matching = all.filter { Self.field($0, "PUMP_EVENT_SEQUENCE") == String(sequence) }
            try #require(matching.count == 1, "event \(sequence) \(kind): \(matching.count) entries")
            let entry = matching[0]
            #expect(Self.field(entry, "PUMP_EVENT") == kind)
            if let id = Self.ids[kind] { #expect(Self.field(entry, "MESSAGE_ID") == id, "\(kind)") }
            if let caller = event["caller"]?.objectValue {
                #expect(Self.field(entry, "PUMP_ACTOR_UID") == caller["uid"]?.integerValue.map(String.init))
                #expect(Self.field(entry, "PUMP_ACTOR_ROLE") == caller["role"]?.stringValue)
            }
        }
        for kind in Self.ids.keys { #expect(!Self.entries(all, kind).isEmpty, "no \(kind) entry") }

        let programs = Self.entries(all, "programCommitted")
        try #require(programs.count == 2)
        #expect(Self.field(programs[1], "PRIORITY") == "5")
        #expect(Self.field(programs[1], "PUMP_MODE") == "simple continuous" && Self.field(programs[1], "PUMP_PREVIOUS_MODE") == "simple continuous")
        #expect(Self.field(programs[1], "PUMP_WORST_DAY_DOSE") == "4000000")
        #expect(Self.field(programs[1], "PUMP_PREVIOUS_WORST_DAY_DOSE") == "5000000")
        #expect(Self.field(programs[1], "PUMP_ACTOR_ROLE") == "clinician" && Self.field(programs[1], "PUMP_ACTOR_UID") == String(getuid()))
        #expect(Self.field(Self.entries(all, "bolusStarted")[0], "PUMP_TASK") == "singleBolus")
        #expect(Self.field(Self.entries(all, "bolusStarted")[0], "PUMP_DOSE") == "10000")
        #expect(Self.entries(all, "deliveryStopped").compactMap { Self.field($0, "PUMP_CAUSE") } == ["clinician", "alarm", "shutdown"])
        #expect(Self.field(Self.entries(all, "primingStarted")[0], "PUMP_VOLUME") == "200000")
        #expect(Self.field(Self.entries(all, "refilled")[0], "PUMP_VOLUME") == "20000000")
        #expect(Self.field(Self.entries(all, "refilled")[0], "PUMP_DRUG") == "baclofen")
        let calibrated = Self.entries(all, "calibrated")[0]
        #expect(Self.field(calibrated, "PUMP_OLD") == "250000" && Self.field(calibrated, "PUMP_NEW") == "255000")
        let raised = try #require(Self.entries(all, "alarmRaised").first { Self.field($0, "PUMP_ALARM") == "occlusion" })
        #expect(Self.field(raised, "PUMP_SEVERITY") == "critical" && Self.field(raised, "PRIORITY") == "2")
        #expect(Self.field(raised, "PUMP_EVIDENCE") != nil)
        #expect(Self.entries(all, "alarmCleared").contains { Self.field($0, "PUMP_ALARM") == "occlusion" })
        // Issue 14: the resume proved the line first (sim.toml: 1 µL at 100 µL/h, in whole steps of the
        // calibrated 255 nL: 765 nL), then the occlusion cleared.
        #expect(Self.field(try #require(Self.entries(all, "lineTestStarted").first), "PUMP_VOLUME") == "765")
        #expect(Self.field(try #require(Self.entries(all, "lineTestPassed").first), "PUMP_VOLUME") == "765")
        let acknowledged = Self.entries(all, "alarmAcknowledged")[0]
        #expect(Self.field(acknowledged, "PUMP_ALARM") == "occlusion" && Self.field(acknowledged, "PUMP_ACTOR_ROLE") == "clinician")
        let reload = Self.entries(all, "settingsReloaded")[0]
        #expect(Self.field(reload, "PUMP_SETTING") == "sensors.occlusion.threshold_pa")
        #expect(Self.field(reload, "PUMP_OLD") == "60000" && Self.field(reload, "PUMP_NEW") == "50000")
        #expect(Self.field(reload, "PUMP_ACTOR_ROLE") == "signal" && Self.field(reload, "PRIORITY") == "5")
        let started = Self.entries(all, "daemonStarted")
        #expect(started.count == 1 && Self.field(started[0], "PUMP_STATE") == "fresh" && Self.field(started[0], "PUMP_CLOCK") == "virtual")
        #expect(Self.field(started[0], "PUMP_RIG") == "simulated" && Self.field(started[0], "PUMP_PROFILE") == profile)
        let stopping = Self.entries(all, "daemonStopping")
        #expect(stopping.count == 1 && Self.field(stopping[0], "PUMP_SIGNAL") == "SIGTERM", "\(stopping)")

        // One entry per completed hour, with the history's totals for that hour (0 where it has none).
        let hourly = Self.entries(all, "hourlyDelivery")
        #expect(completedHours >= 3)
        #expect(hourly.count == completedHours, "\(hourly.count) hourly entries for \(completedHours) completed hours")
        #expect(Set(hourly.compactMap { hourIndex(Self.field($0, "PUMP_HOUR_START")) }) == Set(firstHour..<openHour))
        var journalled: Int64 = 0
        for entry in hourly {
            let start = try #require(Self.field(entry, "PUMP_HOUR_START"))
            let index = try #require(hourIndex(start))
            let recorded = historyByHour[index]
            #expect(Self.field(entry, "PUMP_VOLUME") == String(recorded?["volume"]?.integerValue ?? 0), "\(start)")
            #expect(Self.field(entry, "PUMP_MASS") == String(recorded?["mass"]?.integerValue ?? 0), "\(start)")
            #expect(Self.field(entry, "PRIORITY") == "6")
            journalled += Int64(Self.field(entry, "PUMP_VOLUME") ?? "") ?? 0
        }
        let historyCompleted = historyByHour.filter { $0.key < openHour }.values.compactMap { $0["volume"]?.integerValue }.reduce(0, +)
        #expect(journalled == historyCompleted && journalled > 0)

        // journalctl -x (inside the namespace) explains the alarm from the compiled catalog.
        let explained = journald.explain(["MESSAGE_ID=\(Self.ids["alarmRaised"]!)"])
        #expect(explained.output.contains("Subject: Pump alarm raised: occlusion (critical)"), "\(explained.output)")
        #expect(explained.output.contains("On call: for a critical alarm, go to the patient now"), "\(explained.output)")
    }
}
