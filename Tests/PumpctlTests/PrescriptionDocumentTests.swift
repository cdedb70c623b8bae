import Foundation
import PumpCore
import PumpTestKit
import PumpctlKit
import Testing

/// Prescription files: TOML with units, written by `prescription --export` and read by
/// `program --file` back to the same prescription exactly; errors name the line and key.
@Suite struct PrescriptionDocumentTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("hw-profiles/examples/baclofen-flex.prescription.toml").path

    static func schedule(_ g: inout SplitMix64) -> DailySchedule {
        let count = Int.random(in: 1...24, using: &g)
        var starts = Set<Int32>([0])
        while starts.count < count { starts.insert(Int32.random(in: 1..<86_400, using: &g)) }
        return DailySchedule(steps: starts.sorted().map {
            FlexStep(start: TimeOfDay(secondsSinceMidnight: $0), rate: MassRate(nanogramsPerDay: Int64.random(in: 0...5_000_000_000, using: &g)))
        })
    }

    static func prescription(_ g: inout SplitMix64) -> Prescription {
        let names = ["baclofen", "morphine", "Ziconotide \"Prialt\"", "clonidine µ", "back\\slash", "tab\tname"]
        let basal: BasalProgram
        switch Int.random(in: 0..<3, using: &g) {
        case 0: basal = .none
        case 1: basal = .continuous(MassRate(nanogramsPerDay: Int64.random(in: 0...Int64(1) << 50, using: &g)))
        default:
            var byWeekday: [Weekday: DailySchedule] = [:]
            for day in Weekday.allCases where Bool.random(using: &g) { byWeekday[day] = schedule(&g) }
            basal = .flex(FlexSchedule(everyDay: schedule(&g), byWeekday: byWeekday))
        }
        func mass() -> DrugMass { DrugMass(nanograms: Int64.random(in: 0...Int64(1) << 52, using: &g)) }
        func span() -> TimeSpan { .seconds(Int64.random(in: 0...100_000_000, using: &g)) }
        return Prescription(
            drug: Drug(name: names.randomElement(using: &g)!, concentration: Concentration(microgramsPerMillilitre: Int64.random(in: 0...1_000_000, using: &g))),
            basal: basal,
            periodicBolus: Bool.random(using: &g) ? PeriodicBolus(dose: mass(), duration: span(), interval: span(), firstStartDelay: span()) : nil,
            patientBolus: Bool.random(using: &g) ? PatientBolusPolicy(dose: mass(), duration: span(), lockout: span(), maximumPerDay: Int.random(in: 0...100, using: &g)) : nil,
            limits: DoseLimits(maximumDailyDose: mass(), maximumHourlyDose: mass(), maximumBolus: mass()),
            lowReservoirAlarm: Volume(nanolitres: Int64.random(in: 0...Int64(1) << 45, using: &g)))
    }

    @Test func everyPrescriptionReadsBackExactlyFromItsFile() throws {
        var g = SplitMix64(seed: 11)
        for case_ in 0..<500 {
            let p = Self.prescription(&g)
            let text = PrescriptionDocument.text(p, source: "case \(case_)")
            #expect(try PrescriptionDocument.parse(text) == p, "case \(case_):\n\(text)")
        }
    }

    @Test func theExampleInTheRepositoryLoads() throws {
        let text = try String(contentsOfFile: Self.example, encoding: .utf8)
        let p = try PrescriptionDocument.parse(text)
        #expect(p.drug == Drug(name: "baclofen", concentration: Concentration(microgramsPerMillilitre: 2_000)))
        guard case .flex(let flex) = p.basal else { Issue.record("not flex: \(p.basal)"); return }
        #expect(flex.everyDay.steps.map(\.rate.nanogramsPerDay) == [400_000, 600_000, 450_000])
        #expect(flex.byWeekday.keys.sorted { $0.rawValue < $1.rawValue } == [.saturday, .sunday])
        #expect(p.limits.maximumDailyDose.nanograms == 700_000)
        #expect(p.patientBolus?.maximumPerDay == 4)
        #expect(p.lowReservoirAlarm.nanolitres == 2_000_000)
        #expect(try PrescriptionDocument.parse(PrescriptionDocument.text(p)) == p)
    }

    static func errorOf(_ text: String) -> PrescriptionDocumentError? {
        do {
            _ = try PrescriptionDocument.parse(text)
            return nil
        } catch {
            return error
        }
    }

    static let valid = """
        low_reservoir_alarm = "2 mL"
        [drug]
        name = "baclofen"
        concentration = "2000 µg/mL"
        [basal]
        kind = "continuous"
        rate = "500 µg/day"
        [limits]
        maximum_daily_dose = "600 µg"
        maximum_hourly_dose = "60 µg"
        maximum_bolus = "50 µg"
        """

    @Test(arguments: [
        ("maximum_bolus = \"50 µg\"", "maximum_bolus = \"50 ugg\"", 11, "limits.maximum_bolus", "\"ugg\" is not a mass unit"),
        ("maximum_bolus = \"50 µg\"", "maximum_bolus = 50", 11, "limits.maximum_bolus", "expected a quantity with its unit as a string"),
        ("maximum_bolus = \"50 µg\"", "maximum_bolus = \"50 µg\"\nmaximum_bolsu = \"1 µg\"", 12, "limits.maximum_bolsu", "is not a known key; did you mean \"maximum_bolus\"?"),
        ("kind = \"continuous\"", "kind = \"continous\"", 6, "basal.kind", "\"continous\" is not a basal kind; did you mean \"continuous\"?"),
        ("rate = \"500 µg/day\"", "rate = \"500 µg/dy\"", 7, "basal.rate", "\"µg/dy\" is not a dose rate unit"),
        ("name = \"baclofen\"", "nmae = \"baclofen\"", 3, "drug.nmae", "did you mean \"name\"?"),
    ])
    func aMistakeIsNamedByLineAndKey(original: String, replacement: String, line: Int, key: String, message: String) throws {
        let error = try #require(Self.errorOf(Self.valid.replacingOccurrences(of: original, with: replacement)))
        #expect(error.line == line, "\(error)")
        #expect(error.key == key, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }

    @Test func aScheduleStepMistakeNamesTheStepAndItsKey() throws {
        let text = Self.valid.replacingOccurrences(of: "kind = \"continuous\"\nrate = \"500 µg/day\"", with: "kind = \"flex\"\nevery_day = [\"00:00=400 µg/day\", \"08:00 600 µg/day\"]")
        let error = try #require(Self.errorOf(text))
        #expect(error.description.contains("basal.every_day: step 2 \"08:00 600 µg/day\" has no \"=\""), "\(error)")
        #expect(error.line == 7)
    }

    @Test func aProgramFileIsAUsageErrorWithFileLineAndKey() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pumpctl-test-\(UUID().uuidString).toml")
        try Self.valid.replacingOccurrences(of: "\"60 µg\"", with: "\"60 µg/day\"").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let terminal = TestConsole()
        #expect(terminal.run(["program", "--file", file.path, "--socket", "/tmp/unused.sock"]) == .usage)
        #expect(terminal.errors.contains("prescription file \(file.path):10:"), "\(terminal.errors)")
        #expect(terminal.errors.contains("limits.maximum_hourly_dose: \"60 µg/day\" is not"), "\(terminal.errors)")
    }
}
