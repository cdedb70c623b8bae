import ArgumentParser
import PumpCore
import Varlink
import VarlinkCodable

/// The `program` flags: a simple continuous program (optionally with periodic and patient
/// boluses) from flags, or any program from `--file`.
struct PrescriptionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A file holding the Prescription JSON exactly as io.pumpd.Pump defines it (wire units); use it alone, for flex schedules too.", valueName: "path"))
    var file: String?

    @Option(help: "The drug's name, e.g. baclofen.")
    var drug: String?

    @Option(help: ArgumentHelp("The drug's concentration, e.g. 2000ug/ml or 2mg/ml.", valueName: "concentration"), transform: { try QuantityParser.concentration($0) })
    var concentration: Int64?

    @Option(help: ArgumentHelp("The basal dose per day, given continuously: 500ug (or 500ug/day, 20ug/h).", valueName: "mass"), transform: { try QuantityParser.dailyDose($0) })
    var dailyDose: Int64?

    @Option(help: ArgumentHelp("Limit: the most drug over any 24 hours, e.g. 600ug (or 600ug/day).", valueName: "mass"), transform: { try QuantityParser.dailyMass($0) })
    var maxDailyDose: Int64?

    @Option(help: ArgumentHelp("Limit: the most drug over any hour, e.g. 60ug (or 60ug/h).", valueName: "mass"), transform: { try QuantityParser.hourlyMass($0) })
    var maxHourlyDose: Int64?

    @Option(help: ArgumentHelp("Limit: the most drug in one bolus, e.g. 50ug.", valueName: "mass"), transform: { try QuantityParser.mass($0) })
    var maxBolus: Int64?

    @Option(help: ArgumentHelp("Sound the low-reservoir alarm at this volume remaining, e.g. 2ml.", valueName: "volume"), transform: { try QuantityParser.volume($0) })
    var lowReservoir: Int64?

    @Option(help: ArgumentHelp("Periodic bolus: the dose of each, e.g. 50ug.", valueName: "mass"), transform: { try QuantityParser.mass($0) })
    var periodicDose: Int64?

    @Option(help: ArgumentHelp("Periodic bolus: how long each takes, e.g. 10min.", valueName: "duration"), transform: { try Self.span($0) })
    var periodicDuration: Int64?

    @Option(help: ArgumentHelp("Periodic bolus: from the start of one to the next, e.g. 6h.", valueName: "duration"), transform: { try Self.span($0) })
    var periodicInterval: Int64?

    @Option(help: ArgumentHelp("Periodic bolus: when the first starts after delivery starts (default 0s).", valueName: "duration"), transform: { try Self.span($0) })
    var periodicFirstDelay: Int64?

    @Option(help: ArgumentHelp("Patient bolus: the dose of each, e.g. 25ug.", valueName: "mass"), transform: { try QuantityParser.mass($0) })
    var patientDose: Int64?

    @Option(help: ArgumentHelp("Patient bolus: how long each takes, e.g. 5min.", valueName: "duration"), transform: { try Self.span($0) })
    var patientDuration: Int64?

    @Option(help: ArgumentHelp("Patient bolus: the least time from one to the next, e.g. 2h.", valueName: "duration"), transform: { try Self.span($0) })
    var patientLockout: Int64?

    @Option(help: ArgumentHelp("Patient bolus: the most in any 24 hours.", valueName: "count"))
    var patientMaxPerDay: Int64?

    /// A span in whole seconds, no longer than the wire form carries (about 292 years), so that it
    /// becomes a `TimeSpan` exactly.
    static func span(_ text: String) throws(QuantityParseError) -> Int64 {
        let seconds = try QuantityParser.duration(text)
        guard seconds <= TimeSpan.maximumCodableSeconds else { throw .tooLarge(text: text.trimmingSpaces, kind: .duration) }
        return seconds
    }

    /// The prescription as JSON to send, and as read for display.
    func prescription() throws(PumpctlFailure) -> (json: JSONObject, prescription: Prescription) {
        if let file {
            let flags = givenFlags
            guard flags.isEmpty else {
                throw .usage("--file holds the whole prescription: give no other program flags with it (got \(flags.joined(separator: ", ")))")
            }
            let loaded = try PrescriptionFile(path: file)
            return (loaded.object, loaded.prescription)
        }
        let prescription = try fromFlags()
        return (WireCoding.encode(prescription).objectValue ?? [:], prescription)
    }

    private func fromFlags() throws(PumpctlFailure) -> Prescription {
        var missing: [String] = []
        if drug == nil { missing.append("--drug") }
        if concentration == nil { missing.append("--concentration") }
        if dailyDose == nil && periodicDose == nil { missing.append("--daily-dose (or a periodic bolus)") }
        if maxDailyDose == nil { missing.append("--max-daily-dose") }
        if maxHourlyDose == nil { missing.append("--max-hourly-dose") }
        if maxBolus == nil { missing.append("--max-bolus") }
        if lowReservoir == nil { missing.append("--low-reservoir") }
        let periodic = try group([
            ("--periodic-dose", periodicDose), ("--periodic-duration", periodicDuration), ("--periodic-interval", periodicInterval),
        ])
        let patient = try group([
            ("--patient-dose", patientDose), ("--patient-duration", patientDuration), ("--patient-lockout", patientLockout),
            ("--patient-max-per-day", patientMaxPerDay),
        ])
        if periodic == nil && periodicFirstDelay != nil { throw .usage("--periodic-first-delay needs a periodic bolus (--periodic-dose, --periodic-duration, --periodic-interval)") }
        guard missing.isEmpty, let drug, let concentration, let maxDailyDose, let maxHourlyDose, let maxBolus, let lowReservoir else {
            throw .usage("program needs \(missing.joined(separator: ", ")), or --file with the whole prescription")
        }
        return Prescription(
            drug: Drug(name: drug, concentration: Concentration(microgramsPerMillilitre: concentration)),
            basal: dailyDose.map { .continuous(MassRate(nanogramsPerDay: $0)) } ?? .none,
            periodicBolus: periodic.map {
                PeriodicBolus(dose: DrugMass(nanograms: $0[0]), duration: .seconds($0[1]), interval: .seconds($0[2]), firstStartDelay: .seconds(periodicFirstDelay ?? 0))
            },
            patientBolus: patient.map {
                PatientBolusPolicy(dose: DrugMass(nanograms: $0[0]), duration: .seconds($0[1]), lockout: .seconds($0[2]), maximumPerDay: Int($0[3]))
            },
            limits: DoseLimits(
                maximumDailyDose: DrugMass(nanograms: maxDailyDose), maximumHourlyDose: DrugMass(nanograms: maxHourlyDose),
                maximumBolus: DrugMass(nanograms: maxBolus)),
            lowReservoirAlarm: Volume(nanolitres: lowReservoir))
    }

    /// The values of a group of flags that go together: all given, or none (nil).
    private func group(_ flags: [(name: String, value: Int64?)]) throws(PumpctlFailure) -> [Int64]? {
        let values = flags.compactMap(\.value)
        if values.isEmpty { return nil }
        guard values.count == flags.count else {
            let absent = flags.filter { $0.value == nil }.map(\.name)
            throw .usage("\(flags.map(\.name).joined(separator: ", ")) go together: also give \(absent.joined(separator: ", "))")
        }
        return values
    }

    /// The program flags given besides --file.
    private var givenFlags: [String] {
        let flags: [(String, Bool)] = [
            ("--drug", drug != nil), ("--concentration", concentration != nil), ("--daily-dose", dailyDose != nil),
            ("--max-daily-dose", maxDailyDose != nil), ("--max-hourly-dose", maxHourlyDose != nil), ("--max-bolus", maxBolus != nil),
            ("--low-reservoir", lowReservoir != nil), ("--periodic-dose", periodicDose != nil), ("--periodic-duration", periodicDuration != nil),
            ("--periodic-interval", periodicInterval != nil), ("--periodic-first-delay", periodicFirstDelay != nil),
            ("--patient-dose", patientDose != nil), ("--patient-duration", patientDuration != nil), ("--patient-lockout", patientLockout != nil),
            ("--patient-max-per-day", patientMaxPerDay != nil),
        ]
        return flags.filter(\.1).map(\.0)
    }
}
