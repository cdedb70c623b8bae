import Foundation
import PumpctlKit
import Testing
import Varlink

/// pumpctl commands run end to end against a fake pumpd on a real Unix socket.
@Suite struct CommandTests {
    @Test func statusPrintsReadableUnits() throws {
        let pumpd = try FakePumpd(["GetStatus": .reply(["status": Fixtures.status(alarms: [Fixtures.occlusion])])])
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", pumpd.path]) == .success)
        #expect(terminal.output.contains("dose rate  500 µg/day now (flow 250 µL/day, basal flow 250 µL/day)"))
        #expect(terminal.output.contains("reservoir  18.25 mL of 20 mL baclofen 2000 µg/mL (ok)"))
        #expect(terminal.output.contains("alarms     occlusion (critical) since 2026-11-21T08:10:00+01:00: cause present, not acknowledged"))
        #expect(terminal.output.contains("motor      250 nL per step, 354 steps moved"))
        #expect(pumpd.calls.map(\.method) == ["io.pumpd.Pump.GetStatus"])
    }

    @Test func statusShowsWhatCrashesMayHaveLeftUnrecordedBesideTheDeliveredDose() throws {
        var status = Fixtures.status().objectValue!
        status["deliveredUnrecordedAtMost"] = 3_000
        status["deliveredUnrecordedVolumeAtMost"] = 1_500
        let pumpd = try FakePumpd(["GetStatus": .reply(["status": .object(status)])])
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", pumpd.path]) == .success)
        #expect(terminal.output.contains("up to 3 µg (1.5 µL) more, unrecorded at restarts after crashes"), "\(terminal.output)")
        // Nothing unrecorded (or an older pumpd): no such line.
        let plain = try FakePumpd(["GetStatus": .reply(["status": Fixtures.status()])])
        let again = TestConsole()
        #expect(again.run(["status", "--socket", plain.path]) == .success)
        #expect(!again.output.contains("unrecorded"))
    }

    @Test func jsonPrintsTheRawReplyWithWireIntegers() throws {
        let reply: JSONObject = ["status": Fixtures.status()]
        let pumpd = try FakePumpd(["GetStatus": .reply(reply)])
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--json", "--socket", pumpd.path]) == .success)
        #expect(terminal.outputLines.count == 1)
        #expect(try JSONValue.parse(terminal.outputLines[0]) == .object(reply))
    }

    @Test func globalOptionsWorkBeforeTheSubcommandToo() throws {
        let pumpd = try FakePumpd(["GetStatus": .reply(["status": Fixtures.status()])])
        let terminal = TestConsole()
        #expect(terminal.run(["--json", "--socket", pumpd.path, "status"]) == .success)
        #expect(try JSONValue.parse(terminal.output)["status"]?["mode"] == "running")
    }

    @Test func prescriptionShowsTheActiveProgramItsSummaryAndThePreviousOne() throws {
        let active: JSONValue = [
            "drug": Fixtures.drug, "basal": ["kind": "continuous", "rate": 500_000],
            "periodicBolus": ["dose": 50_000, "duration": 600, "interval": 21_600, "firstStartDelay": 3_600], "patientBolus": nil,
            "limits": ["maximumDailyDose": 600_000, "maximumHourlyDose": 60_000, "maximumBolus": 50_000], "lowReservoirAlarm": 2_000_000,
        ]
        var previous = active.objectValue!
        previous["basal"] = ["kind": "continuous", "rate": 400_000]
        previous["periodicBolus"] = nil
        let pumpd = try FakePumpd(["GetPrescription": .reply([
            "active": active, "activeSummary": Fixtures.summary(daily: 500_000), "committedAt": "2026-11-21T08:00:00+01:00", "previous": .object(previous),
        ])])
        let terminal = TestConsole()
        #expect(terminal.run(["prescription", "--socket", pumpd.path]) == .success)
        #expect(terminal.outputLines == [
            "active program (committed 2026-11-21T08:00:00+01:00):",
            "  drug                 baclofen 2000 µg/mL",
            "  basal                continuous 500 µg/day",
            "  periodic bolus       50 µg over 10 min every 6 h, first after 1 h",
            "  patient bolus        none",
            "  maximum daily dose   600 µg",
            "  maximum hourly dose  60 µg",
            "  maximum bolus        50 µg",
            "  low-reservoir alarm  at 2 mL remaining",
            "what it gives:",
            "  drug                     baclofen 2000 µg/mL",
            "  mode                     simple continuous",
            "  basal daily dose         500 µg",
            "  worst-case daily dose    500 µg",
            "  worst-case hourly dose   20.833 µg",
            "  worst-case daily volume  250 µL",
            "  low-reservoir alarm by   2027-01-22T10:00:00+01:00",
            "  reservoir empty by       not foreseen",
            "previous program:",
            "  drug                 baclofen 2000 µg/mL",
            "  basal                continuous 400 µg/day",
            "  periodic bolus       none",
            "  patient bolus        none",
            "  maximum daily dose   600 µg",
            "  maximum hourly dose  60 µg",
            "  maximum bolus        50 µg",
            "  low-reservoir alarm  at 2 mL remaining",
        ])
    }

    @Test func aNewerPumpdsExtraMembersAreReadPastAndAMistypedFieldIsNamed() throws {
        let active: JSONValue = [
            "drug": Fixtures.drug, "basal": ["kind": "continuous", "rate": 500_000], "bolusTrainer": true,
            "limits": ["maximumDailyDose": 600_000, "maximumHourlyDose": 60_000, "maximumBolus": 50_000], "lowReservoirAlarm": 2_000_000,
        ]
        let newer = try FakePumpd(["GetPrescription": .reply(["active": active])])
        let terminal = TestConsole()
        #expect(terminal.run(["prescription", "--socket", newer.path]) == .success)
        #expect(terminal.outputLines.contains("  basal                continuous 500 µg/day"))

        var mistyped = active.objectValue!
        mistyped["basal"] = ["kind": "continuous", "rate": "500 ug/day"]
        let older = try FakePumpd(["GetPrescription": .reply(["active": .object(mistyped)])])
        let confused = TestConsole()
        #expect(confused.run(["prescription", "--socket", older.path]) == .transport)
        #expect(confused.errors.contains("pumpd's reply to GetPrescription is not what pumpctl expects: active.basal.rate is missing or has the wrong type"))
    }

    @Test func aMalformedStatusReplyNamesTheNestedFieldAndAnExtraMemberIsReadPast() throws {
        var status = Fixtures.status(alarms: [Fixtures.occlusion]).objectValue!
        var reservoir = status["reservoir"]!.objectValue!
        reservoir["remaining"] = "lots"
        status["reservoir"] = .object(reservoir)
        let broken = try FakePumpd(["GetStatus": .reply(["status": .object(status)])])
        let confused = TestConsole()
        #expect(confused.run(["status", "--socket", broken.path]) == .transport)
        #expect(confused.errors.contains("pumpd's reply to GetStatus is not what pumpctl expects: status.reservoir.remaining is missing or has the wrong type"))

        var alarm = Fixtures.occlusion.objectValue!
        alarm["raisedAt"] = nil
        let missing = try FakePumpd(["GetStatus": .reply(["status": Fixtures.status(alarms: [.object(alarm)])])])
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", missing.path]) == .transport)
        #expect(terminal.errors.contains("status.alarms[0].raisedAt is missing"))

        var newer = Fixtures.status().objectValue!
        newer["batteryTemperature"] = 25
        let newerPumpd = try FakePumpd(["GetStatus": .reply(["status": .object(newer)])])
        #expect(TestConsole().run(["status", "--socket", newerPumpd.path]) == .success)
    }

    @Test func prescriptionBeforeTheFirstProgramSaysThereIsNone() throws {
        let pumpd = try FakePumpd(["GetPrescription": .reply(["active": nil, "activeSummary": nil, "committedAt": nil, "previous": nil])])
        let terminal = TestConsole()
        #expect(terminal.run(["prescription", "--socket", pumpd.path]) == .success)
        #expect(terminal.output == "no active program\n")
    }

    @Test func socketComesFromTheEnvironmentWhenNotGiven() throws {
        let pumpd = try FakePumpd(["Stop": .reply(["status": Fixtures.status(mode: "stopped")])])
        let terminal = TestConsole(environment: ["PUMPD_SOCKET": pumpd.path])
        #expect(terminal.run(["stop"]) == .success)
        #expect(terminal.output == "delivery stopped; mode: stopped (clinician)\n")
    }

    @Test func aMissingDaemonIsNotRunningInOneLine() {
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", "/tmp/pumpctl-test-no-such.sock"]) == .notRunning)
        #expect(terminal.errors.hasPrefix("pumpd is not running: no control socket at /tmp/pumpctl-test-no-such.sock"))
        #expect(terminal.errors.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(terminal.errors)")
    }

    @Test func aSilentDaemonTimesOut() throws {
        let pumpd = try FakePumpd(["GetStatus": .silence])
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", pumpd.path, "--timeout", "0.2"]) == .transport)
        #expect(terminal.errors == "pumpd did not answer GetStatus within 0.2 s (--timeout)\n")
    }

    @Test func aReloadThatTimesOutSaysItsOutcomeIsUnknown() throws {
        let pumpd = try FakePumpd(["Reload": .silence])
        let terminal = TestConsole()
        #expect(terminal.run(["reload", "--socket", pumpd.path, "--timeout", "0.2"]) == .transport)
        #expect(
            terminal.errors
                == "outcome unknown: pumpd did not answer Reload within 0.2 s (--timeout); the reload may still be applied — check pumpctl history and the journal\n"
        )
    }

    @Test func aReplyMissingAFieldNamesTheField() throws {
        var status = Fixtures.status().objectValue!
        status["reservoir"] = nil
        let pumpd = try FakePumpd(["GetStatus": .reply(["status": .object(status)])])
        let terminal = TestConsole()
        #expect(terminal.run(["status", "--socket", pumpd.path]) == .transport)
        #expect(terminal.errors.contains("status.reservoir is missing or has the wrong type"))
    }

    @Test func permissionDeniedExitsWithItsOwnStatus() throws {
        let pumpd = try FakePumpd(["Stop": .error("PermissionDenied", ["method": "Stop", "role": "observer", "needed": "clinician"])])
        let terminal = TestConsole()
        #expect(terminal.run(["stop", "--socket", pumpd.path]) == .permissionDenied)
        #expect(terminal.errors == "permission denied: Stop needs the clinician role; you are observer\n")
    }

    @Test func inJSONModeADaemonErrorIsAlsoAJSONLine() throws {
        let pumpd = try FakePumpd(["Bolus": .error("Lockout", ["remaining": 4_800])])
        let terminal = TestConsole()
        #expect(terminal.run(["bolus", "--patient", "--json", "--socket", pumpd.path]) == .refused)
        #expect(try JSONValue.parse(terminal.output) == ["error": "io.pumpd.Pump.Lockout", "parameters": ["remaining": 4_800]])
        #expect(terminal.errors == "refused: patient bolus locked out for another 1 h 20 min\n")
    }

    @Test func badQuantitiesAreUsageErrorsAndNothingIsSent() throws {
        let pumpd = try FakePumpd([:])
        for arguments in [["bolus", "--dose", "0.0001ng", "--duration", "1min"], ["bolus", "--dose", "50", "--duration", "1min"],
                          ["bolus", "--dose", "50ug"], ["calibrate", "--steps", "100"], ["history", "--limit", "0"]] {
            let terminal = TestConsole()
            #expect(terminal.run(arguments + ["--socket", pumpd.path]) == .usage, "\(arguments)")
            #expect(!terminal.errors.isEmpty)
        }
        #expect(pumpd.calls.isEmpty)
    }

    @Test func helpExitsZeroAndABareCommandIsAUsageError() {
        let help = TestConsole()
        #expect(help.run(["--help"]) == .success)
        #expect(help.output.contains("Exit status:"))
        #expect(help.output.contains("5  you declined the confirmation"))
        #expect(TestConsole().run([]) == .usage)
        #expect(TestConsole().run(["frobnicate"]) == .usage)
    }

    @Test func calibratePrintsOldAndNewStepVolume() throws {
        let pumpd = try FakePumpd(["Calibrate": .reply(["old": 250_000, "new": 248_000])])
        let terminal = TestConsole()
        #expect(terminal.run(["calibrate", "--measured", "24.8ul", "--steps", "100", "--socket", pumpd.path]) == .success)
        #expect(terminal.output == "step volume: 250 nL → 248 nL\n")
        #expect(pumpd.calls.first?.parameters == ["measuredVolume": 24_800, "steps": 100])
    }

    @Test func refillSendsWireUnitsAndWarnsAboutADiscrepancy() throws {
        let result: JSONValue = [
            "expectedRemaining": 1_500_000, "withdrawn": 1_200_000, "discrepancy": -300_000, "tolerance": 200_000,
            "discrepancyExceedsTolerance": true, "bridging": false, "reservoir": Fixtures.status()["reservoir"]!,
        ]
        let pumpd = try FakePumpd([
            "GetStatus": Fixtures.statusReply(), "ValidateRefill": .reply(["comparison": [], "warnings": [], "token": "r-1", "expiresIn": 300]),
            "CommitRefill": .reply(["result": result, "status": Fixtures.status()]),
        ])
        let terminal = TestConsole()
        let arguments = ["refill", "--volume", "20ml", "--drug", "baclofen", "--concentration", "2mg/ml", "--withdrawn", "1.2ml", "--yes", "--socket", pumpd.path]
        #expect(terminal.run(arguments) == .success, "\(terminal.errors)")
        let refill: JSONValue = ["volume": 20_000_000, "drug": ["name": "baclofen", "concentration": 2_000], "withdrawn": 1_200_000]
        #expect(pumpd.calls[1].parameters == ["refill": refill])
        #expect(pumpd.calls[2].parameters == ["refill": refill, "token": "r-1"])
        #expect(terminal.output.contains("discrepancy -300 µL (tolerance ±200 µL)"))
        #expect(terminal.output.contains("WARNING: the discrepancy exceeds the tolerance"))
    }

    @Test func acknowledgingAClearedAlarmSaysSo() throws {
        let pumpd = try FakePumpd(["AcknowledgeAlarm": .reply(["alarm": nil])])
        let terminal = TestConsole()
        #expect(terminal.run(["ack", "reservoirLow", "--socket", pumpd.path]) == .success)
        #expect(terminal.output == "acknowledged reservoir-low; it is cleared\n")
        #expect(pumpd.calls.first?.parameters == ["kind": "reservoir-low"])
    }
}
