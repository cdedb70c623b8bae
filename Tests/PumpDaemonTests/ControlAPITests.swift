import Foundation
import Testing
import Varlink

/// The daemon driven only through its control socket, as a programmer tool would.
@Suite struct ControlAPITests {
    @Test func aReviewedProgramCommitsWithItsTokenAndRunsAgainAfterARestart() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        #expect(try daemon.status()["programmed"] == false)
        let prescription = WirePrescriptions.continuous(microgramsPerDay: 500)
        let review = try daemon.call("io.pumpd.Pump.ValidatePrescription", ["prescription": prescription])
        #expect(review["new"]?["worstDayDose"] == 500_000)
        #expect(review["comparison"]?.arrayValue?.isEmpty == false)
        let token = try #require(review["token"]?.stringValue)
        let committed = try daemon.call("io.pumpd.Pump.CommitPrescription", ["prescription": prescription, "token": .string(token)])
        #expect(committed["status"]?["mode"] == "running")
        // The same token cannot commit twice.
        #expect(try daemon.refusal("io.pumpd.Pump.CommitPrescription", ["prescription": prescription, "token": .string(token)])?.name
            == "io.pumpd.Pump.StaleToken")

        #expect(daemon.stop() == 0)
        try daemon.start()
        let status = try daemon.status()
        #expect(status["mode"] == "running", "a daemon restart is not a clinician's stop: \(status)")
        #expect(try daemon.call("io.pumpd.Pump.GetPrescription")["active"] == prescription)
        // The restore's own events are logged by the storage task just after the socket answers.
        var kinds: [String] = []
        let deadline = Date().addingTimeInterval(10)
        repeat {
            kinds = try daemon.call("io.pumpd.Pump.GetHistory")["events"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
            if kinds.contains("restored") && kinds.contains("deliveryGap") { break }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        #expect(kinds.contains("restored") && kinds.contains("deliveryGap") && kinds.contains("programCommitted"), "\(kinds)")
    }

    @Test func aTokenForAnotherPrescriptionIsStaleAndChangesNothing() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        let reviewed = WirePrescriptions.continuous(microgramsPerDay: 500)
        let token = try #require(try daemon.call("io.pumpd.Pump.ValidatePrescription", ["prescription": reviewed])["token"])
        let other = WirePrescriptions.continuous(microgramsPerDay: 900)
        let refusal = try daemon.refusal("io.pumpd.Pump.CommitPrescription", ["prescription": other, "token": token])
        #expect(refusal?.name == "io.pumpd.Pump.StaleToken")
        #expect(refusal?.parameters["reason"]?.stringValue?.contains("differs") == true)
        #expect(try daemon.status()["programmed"] == false)
    }

    @Test func anInvalidPrescriptionListsEveryViolationWithItsFieldAndLimit() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        var prescription = try #require(WirePrescriptions.continuous(microgramsPerDay: 500).objectValue)
        prescription["lowReservoirAlarm"] = 100
        prescription["periodicBolus"] = ["dose": 80_000, "duration": 600, "interval": 3600, "firstStartDelay": 0]
        let refusal = try #require(try daemon.refusal("io.pumpd.Pump.ValidatePrescription", ["prescription": .object(prescription)]))
        #expect(refusal.name == "io.pumpd.Pump.InvalidPrescription")
        let fields = refusal.parameters["violations"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
        #expect(fields.contains("prescription.periodicBolus.dose") && fields.contains("prescription.lowReservoirAlarm"), "\(refusal)")
        #expect(refusal.parameters["violations"]?[0]?["limit"]?.stringValue?.isEmpty == false)
    }

    @Test func aMisspeltOrMistypedFieldIsNamedInTheError() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        var prescription = try #require(WirePrescriptions.continuous(microgramsPerDay: 500).objectValue)
        prescription["lowReservoirAlarms"] = 1
        let unknown = try daemon.refusal("io.pumpd.Pump.ValidatePrescription", ["prescription": .object(prescription)])
        #expect(unknown?.name == "io.pumpd.Pump.InvalidValue" && unknown?.parameters["field"] == "prescription.lowReservoirAlarms")
        prescription["lowReservoirAlarms"] = nil
        prescription["basal"] = ["kind": "continuous", "rate": "500 ug/day"]
        let mistyped = try daemon.refusal("io.pumpd.Pump.ValidatePrescription", ["prescription": .object(prescription)])
        #expect(mistyped?.parameters["field"] == "prescription.basal.rate", "\(String(describing: mistyped))")
        let unknownMethod = try daemon.refusal("io.pumpd.Pump.Explode")
        #expect(unknownMethod?.name == "org.varlink.service.MethodNotFound")
    }

    @Test func aClinicianStopStaysStoppedAcrossARestartUntilResumed() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        #expect(try daemon.call("io.pumpd.Pump.Stop")["status"]?["stopCause"] == "clinician")
        daemon.stop()
        try daemon.start()
        #expect(try daemon.status()["stopCause"] == "clinician")
        #expect(try daemon.call("io.pumpd.Pump.Resume")["status"]?["mode"] == "running")
    }

    @Test func aRefillWhoseWithdrawnVolumeDisagreesRaisesAnAlarmThatAClinicianAcknowledges() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        let remaining = try #require(try daemon.status()["reservoir"]?["remaining"]?.integerValue)
        // 5 mL withdrawn where about 40 mL was predicted: far beyond the 1 mL tolerance.
        let refill = try daemon.refill(["volume": 20_000_000, "drug": ["name": "baclofen", "concentration": 2000], "withdrawn": 5_000_000])
        #expect(refill["result"]?["discrepancyExceedsTolerance"] == true)
        #expect(refill["result"]?["expectedRemaining"]?.integerValue.map { abs($0 - remaining) < 10_000 } == true)
        let alarms = try daemon.call("io.pumpd.Pump.GetAlarms")
        #expect(alarms["active"]?.arrayValue?.contains { $0["kind"] == "refill-discrepancy" } == true)
        #expect(alarms["history"]?.arrayValue?.contains { $0["kind"] == "refill-discrepancy" } == true)
        _ = try daemon.call("io.pumpd.Pump.AcknowledgeAlarm", ["kind": "refill-discrepancy"])
        #expect(try daemon.status()["alarms"]?.arrayValue?.isEmpty == true)
        let history = try daemon.call("io.pumpd.Pump.GetAlarms")["history"]?.arrayValue ?? []
        #expect(history.contains { $0["kind"] == "refill-discrepancy" && $0["acknowledgedBy"]?["role"] == "clinician" })
    }

    @Test func aBolusBeyondTheLimitIsRefusedWithItsFieldAndNothingStarts() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        let refusal = try daemon.refusal("io.pumpd.Pump.Bolus", ["kind": "single", "dose": 500_000, "duration": 600])
        #expect(refusal?.name == "io.pumpd.Pump.LimitExceeded")
        #expect(refusal?.parameters["violation"]?["field"] == "bolus.dose")
        #expect(try daemon.status()["task"] == nil)
        let allowed = try daemon.call("io.pumpd.Pump.Bolus", ["kind": "single", "dose": 20_000, "duration": 600])
        #expect(allowed["task"]?["kind"] == "singleBolus" && allowed["task"]?["planned"] == 10_000)
        // The progress a person reads: the dose (ng) of the total, and the seconds left at the bolus's rate.
        #expect(allowed["task"]?["dose"] == 20_000)
        #expect((0...20_000).contains(allowed["task"]?["doseDelivered"]?.integerValue ?? -1))
        #expect((1...600).contains(allowed["task"]?["remaining"]?.integerValue ?? -1), "\(allowed)")
    }

    @Test func watchEventsSendsTheStatusFirstThenEachEventAsItIsLogged() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        let watcher = try VarlinkConnection(path: daemon.socket, receiveTimeout: .seconds(30))
        var replies: [JSONObject] = []
        let socket = daemon.socket
        let stopper = Thread {
            Thread.sleep(forTimeInterval: 0.5)
            let connection = try? VarlinkConnection(path: socket, receiveTimeout: .seconds(30))
            _ = try? connection?.call("io.pumpd.Pump.Stop")
        }
        stopper.start()
        try watcher.callMore("io.pumpd.Pump.WatchEvents") { reply in
            replies.append(reply)
            return reply["event"]?["kind"] != "deliveryStopped"
        }
        #expect(replies.first?["status"]?["mode"] == "running" && replies.first?["event"] == nil)
        #expect(replies.last?["event"]?["caller"]?["role"] == "clinician")
        #expect(replies.last?["status"]?["mode"] == "stopped")
    }

    @Test func aDamagedStateDatabaseIsReportedAndNeverReplacedByAnEmptyOne() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"]).start()
        daemon.stop()
        defer { daemon.shutdown() }
        let path = daemon.stateDirectory + "/pumpd.sqlite"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for offset in stride(from: 4096, to: min(bytes.count, 4096 * 6), by: 7) { bytes[offset] ^= 0x5A }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: DaemonFailed.self) { try daemon.start(timeout: 20) }
        #expect(daemon.log.contains("state database"), "\(daemon.log)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func theRigInterfaceShowsTruthAndSwitchesFaults() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        #expect(try daemon.call("io.pumpd.Rig.GetTruth")["truth"]?["motorEnabled"] != nil)
        let faults = try daemon.call("io.pumpd.Rig.SetFaults", ["faults": ["occlusion": true, "leakRate": 1000]])["faults"]
        #expect(faults?["occlusion"] == true && faults?["leakRate"] == 1000)
        let refusal = try daemon.refusal("io.pumpd.Rig.SetFaults", ["faults": ["stuckSensors": ["thermometer"]]])
        #expect(refusal?.parameters["field"] == "faults.stuckSensors")
        #expect(try daemon.call("io.pumpd.Rig.GetFaults")["faults"]?["stuckSensors"] == [])
        #expect(try daemon.refusal("io.pumpd.Rig.AdvanceTime", ["seconds": 60])?.name == "io.pumpd.Rig.NotVirtualClock")
        // Switching a fault is a change like any other: in the event log with who did it.
        let audit = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["rigFaultsSet"]])["events"]?.arrayValue ?? []
        #expect(audit.count == 1 && audit.first?["caller"]?["role"] == "clinician", "\(audit)")
    }

    @Test func onTheVirtualClockAdvancingTimeDeliversExactlyTheProgrammedSteps() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        let before = try #require(try daemon.status()["stepsMoved"]?.integerValue)
        let advanced = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 86_400])
        // 500 µg/day at 2000 µg/mL in 250 nL steps: 1000 steps in a day.
        let after = try #require(try daemon.status()["stepsMoved"]?.integerValue)
        #expect(after - before == 1000)
        #expect(advanced["truth"]?["motorSteps"]?.integerValue == after)
    }
}
