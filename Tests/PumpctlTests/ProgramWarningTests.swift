import PumpctlKit
import PumpWire
import Testing
import Varlink

/// The role is checked before the review, every warning is shown with its numbers and must be
/// accepted by code (never by --yes alone), soft limits need a reason, and an order-of-magnitude
/// daily-dose change needs the new daily dose typed back.
@Suite struct ProgramWarningTests {
    static let increase: JSONValue = [
        "code": "daily-dose-increase", "field": "prescription.basal.rate",
        "message": "the daily dose rises from 500 µg to 5000 µg (10×)", "amount": ["unit": "ng", "actual": 5_000_000, "limit": 500_000],
    ]
    static let softLimit: JSONValue = [
        "code": "soft-limit-daily-dose", "field": "prescription.basal.rate",
        "message": "5000 µg a day is above baclofen's soft limit of 1000 µg", "amount": ["unit": "ng", "actual": 5_000_000, "limit": 1_000_000],
    ]
    static let lowSoon: JSONValue = [
        "code": "reservoir-low-soon", "field": "prescription.lowReservoirAlarm",
        "message": "the low-reservoir alarm is due in 3 d, within the 7 d horizon", "amount": ["unit": "s", "actual": 259_200, "limit": 604_800],
    ]

    static func review(_ warnings: [JSONValue]) -> JSONObject {
        var review = Fixtures.review
        review["warnings"] = .array(warnings)
        return review
    }

    static func pumpd(_ warnings: [JSONValue], role: String = "clinician") throws -> FakePumpd {
        try FakePumpd([
            "GetStatus": Fixtures.statusReply(role: role), "ValidatePrescription": .reply(review(warnings)),
            "CommitPrescription": .reply(Fixtures.committed),
        ])
    }

    func commit(of pumpd: FakePumpd) -> VarlinkCall? { pumpd.calls.first { $0.methodName == "CommitPrescription" } }

    @Test func aNonClinicianIsToldBeforeAnyReview() throws {
        let pumpd = try Self.pumpd([Self.increase], role: "operator")
        let terminal = TestConsole(answers: ["y"], inputIsTerminal: true)
        #expect(terminal.run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .permissionDenied)
        #expect(pumpd.methods == ["GetStatus"])
        #expect(terminal.output.isEmpty)
        #expect(terminal.errors.contains("permission denied: programming needs the clinician role; you are operator"), "\(terminal.errors)")
    }

    @Test func warningsAreShownWithCodeFieldAndNumbers() throws {
        let pumpd = try Self.pumpd([Self.increase, Self.lowSoon])
        let terminal = TestConsole(inputIsTerminal: false)
        _ = terminal.run(["program", "--yes"] + Fixtures.programFlags + ["--socket", pumpd.path])
        #expect(terminal.output.contains("warnings (2; each must be accepted to commit):"))
        #expect(terminal.output.contains("! daily-dose-increase at prescription.basal.rate: the daily dose rises from 500 µg to 5000 µg (10×)"))
        #expect(terminal.output.contains("new 5000 µg, compared with 500 µg; accepting needs the new daily dose typed back"))
        #expect(terminal.output.contains("new 3 d, compared with 7 d"), "\(terminal.output)")
    }

    @Test func yesAloneNeverAcceptsAWarning() throws {
        let pumpd = try Self.pumpd([Self.lowSoon])
        let terminal = TestConsole(inputIsTerminal: true)
        #expect(terminal.run(["program", "--yes"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .usage)
        #expect(commit(of: pumpd) == nil)
        #expect(terminal.errors.contains("1 warning not accepted (--yes never accepts a warning)"), "\(terminal.errors)")
        #expect(terminal.errors.contains("reservoir-low-soon at prescription.lowReservoirAlarm"))
        #expect(terminal.errors.contains("accept them with: --accept reservoir-low-soon"))
    }

    @Test func theAcceptOptionsNameEachCodeOnceWithTheReasonAndTypeBackTheyNeed() {
        func warning(_ code: String) -> WireWarning { WireWarning(code: code, field: "prescription.limits", message: "m") }
        let warnings = [warning("daily-dose-increase"), warning("dose-limit-raised"), warning("dose-limit-raised"), warning("soft-limit-daily-dose")]
        #expect(warnings.acceptingOptions == "--accept daily-dose-increase,dose-limit-raised,soft-limit-daily-dose --override-reason TEXT --confirm-daily-dose DOSE")
        #expect([warning("reservoir-low-soon")].acceptingOptions == "--accept reservoir-low-soon")
    }

    @Test func acceptedCodesAndTheTypedBackDoseGoToTheCommit() throws {
        let pumpd = try Self.pumpd([Self.increase, Self.lowSoon])
        let terminal = TestConsole(inputIsTerminal: false)
        let arguments = ["program", "--yes", "--accept", "daily-dose-increase,reservoir-low-soon", "--confirm-daily-dose", "5mg"]
        #expect(terminal.run(arguments + Fixtures.programFlags + ["--socket", pumpd.path]) == .success, "\(terminal.errors)")
        #expect(commit(of: pumpd)?.parameters["acceptWarnings"] == ["daily-dose-increase", "reservoir-low-soon"])
        #expect(commit(of: pumpd)?.parameters["overrideReason"] == nil)
    }

    @Test func aWrongTypedBackDoseCommitsNothing() throws {
        let pumpd = try Self.pumpd([Self.increase])
        let terminal = TestConsole(inputIsTerminal: false)
        let arguments = ["program", "--yes", "--accept", "daily-dose-increase", "--confirm-daily-dose", "500ug"]
        #expect(terminal.run(arguments + Fixtures.programFlags + ["--socket", pumpd.path]) == .usage)
        #expect(commit(of: pumpd) == nil)
        #expect(terminal.errors.contains("the daily dose typed back (500 µg/day) is not the new daily dose (5000 µg/day)"), "\(terminal.errors)")
        let without = TestConsole(inputIsTerminal: false)
        #expect(without.run(["program", "--yes", "--accept", "daily-dose-increase"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .usage)
        #expect(without.errors.contains("--confirm-daily-dose"))
        #expect(commit(of: pumpd) == nil)
    }

    @Test func onATerminalEachWarningIsAskedAndTheDoseTypedBack() throws {
        let pumpd = try Self.pumpd([Self.increase, Self.lowSoon])
        let terminal = TestConsole(answers: ["y", "yes", "5000 µg", "y"], inputIsTerminal: true)
        #expect(terminal.run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .success, "\(terminal.errors)")
        #expect(terminal.errors == "warning daily-dose-increase at prescription.basal.rate: the daily dose rises from 500 µg to 5000 µg (10×)\n"
            + "Accept warning daily-dose-increase? [y/N] "
            + "warning reservoir-low-soon at prescription.lowReservoirAlarm: the low-reservoir alarm is due in 3 d, within the 7 d horizon\n"
            + "Accept warning reservoir-low-soon? [y/N] "
            + "daily-dose-increase: type the new daily dose to confirm it, with its unit (e.g. 500ug): Commit this program? [y/N] ")
        #expect(commit(of: pumpd)?.parameters["acceptWarnings"] == ["daily-dose-increase", "reservoir-low-soon"])

        let declined = TestConsole(answers: ["n"], inputIsTerminal: true)
        #expect(declined.run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .declined)
        #expect(declined.errors.contains("Not committed: warning daily-dose-increase was not accepted."))

        let mistyped = TestConsole(answers: ["y", "y", "500ug"], inputIsTerminal: true)
        #expect(mistyped.run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .declined)
        #expect(pumpd.calls.filter { $0.methodName == "CommitPrescription" }.count == 1)
    }

    @Test func aSoftLimitNeedsAnOverrideReason() throws {
        let pumpd = try Self.pumpd([Self.softLimit])
        let terminal = TestConsole(inputIsTerminal: false)
        #expect(terminal.run(["program", "--yes", "--accept", "soft-limit-daily-dose"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .usage)
        #expect(terminal.errors.contains("give --override-reason TEXT"))
        #expect(commit(of: pumpd) == nil)
        let reasoned = TestConsole(inputIsTerminal: false)
        let arguments = ["program", "--yes", "--accept", "soft-limit-daily-dose", "--override-reason", "titration per Dr. Ruiz, trial dose 2026-11-20"]
        #expect(reasoned.run(arguments + Fixtures.programFlags + ["--socket", pumpd.path]) == .success, "\(reasoned.errors)")
        #expect(commit(of: pumpd)?.parameters["overrideReason"] == "titration per Dr. Ruiz, trial dose 2026-11-20")
        #expect(commit(of: pumpd)?.parameters["acceptWarnings"] == ["soft-limit-daily-dose"])
    }

    @Test func acceptingACodeTheReviewDidNotRaiseIsRefusedWithASuggestion() throws {
        let pumpd = try Self.pumpd([Self.lowSoon])
        let terminal = TestConsole(inputIsTerminal: false)
        #expect(terminal.run(["program", "--yes", "--accept", "reservoir-low-son"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .usage)
        #expect(terminal.errors.contains("--accept names reservoir-low-son, which this review did not raise; did you mean \"reservoir-low-soon\"?"), "\(terminal.errors)")
        #expect(commit(of: pumpd) == nil)
    }

    @Test func aPumpdThatSendsNoWarningsCommitsWithoutAcceptWarnings() throws {
        let pumpd = try ProgramCommandTests.pumpd()
        let terminal = TestConsole(inputIsTerminal: false)
        #expect(terminal.run(["program", "--yes"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .success)
        #expect(commit(of: pumpd)?.parameters.keys.sorted() == ["prescription", "token"])
    }

    @Test func theDaemonsRefusalOfUnacceptedWarningsIsWorded() throws {
        let pumpd = try FakePumpd([
            "GetStatus": Fixtures.statusReply(), "ValidatePrescription": .reply(Fixtures.review),
            "CommitPrescription": .error("WarningsNotAccepted", ["warnings": [Self.lowSoon]]),
        ])
        let terminal = TestConsole(inputIsTerminal: false)
        #expect(terminal.run(["program", "--yes"] + Fixtures.programFlags + ["--socket", pumpd.path]) == .refused)
        #expect(terminal.errors.contains("refused: warnings not accepted:\n  reservoir-low-soon at prescription.lowReservoirAlarm"), "\(terminal.errors)")
    }

    @Test func jsonCarriesTheWarningsWithTheirAmounts() throws {
        let pumpd = try Self.pumpd([Self.lowSoon])
        let terminal = TestConsole(inputIsTerminal: false)
        let arguments = ["program", "--json", "--yes", "--accept", "reservoir-low-soon"] + Fixtures.programFlags + ["--socket", pumpd.path]
        #expect(terminal.run(arguments) == .success)
        let review = try JSONValue.parse(terminal.outputLines[0])
        #expect(review["warnings"]?[0]?["amount"] == ["unit": "s", "actual": 259_200, "limit": 604_800])
        #expect(review["comparison"]?.arrayValue?.count == 2)
    }
}
