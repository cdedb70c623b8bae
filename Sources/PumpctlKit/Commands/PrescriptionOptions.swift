import ArgumentParser
import PumpCore
import Varlink
import VarlinkCodable

/// The `program` flags: a program from flags (continuous or flex, per-weekday schedules,
/// periodic and patient boluses), any program from `--file`, or the active program with only the
/// flags given changed (`--from-active`).
struct PrescriptionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A prescription file (TOML with units, as pumpctl prescription --export writes it; or the Prescription JSON of io.pumpd.Pump in wire units); use it alone.", valueName: "path"))
    var file: String?

    @Flag(help: "Start from the active program and change only the options given.")
    var fromActive = false

    @Option(help: "The drug's name, e.g. baclofen.")
    var drug: String?

    @Option(help: ArgumentHelp("The drug's concentration, e.g. 2000ug/ml or 2mg/ml.", valueName: "concentration"), transform: { try QuantityParser.concentration($0) })
    var concentration: Int64?

    @Option(help: ArgumentHelp("The basal dose per day, given continuously: 500ug (or 500ug/day, 20ug/h).", valueName: "mass"), transform: { try QuantityParser.dailyDose($0) })
    var dailyDose: Int64?

    @Option(help: ArgumentHelp("Flex basal: the daily schedule, steps START=RATE separated by commas, e.g. 00:00=400ug/day,08:00=600ug/day.", valueName: "schedule"))
    var flex: String?

    @Option(help: ArgumentHelp("Flex basal: the schedule of one weekday instead of --flex's, DAY=START=RATE,…, e.g. saturday=00:00=300ug/day,12:00=500ug/day (repeat for more days).", valueName: "day=schedule"))
    var flexOn: [String] = []

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

    @Flag(help: "With --from-active: drop the active program's periodic bolus.")
    var noPeriodicBolus = false

    @Flag(help: "With --from-active: drop the active program's patient bolus.")
    var noPatientBolus = false

    /// A span in whole seconds, no longer than the wire form carries (about 292 years), so that it
    /// becomes a `TimeSpan` exactly.
    static func span(_ text: String) throws(QuantityParseError) -> Int64 {
        let seconds = try QuantityParser.duration(text)
        guard seconds <= TimeSpan.maximumCodableSeconds else { throw .tooLarge(text: text.trimmingSpaces, kind: .duration) }
        return seconds
    }

    /// The flag combinations refused before pumpd is asked, and the schedules read: everything
    /// that can be checked without the active program.
    func checked() throws(PumpctlFailure) -> Schedules {
        if let file {
            let flags = givenFlags
            guard flags.isEmpty else {
                throw .usage("--file holds the whole prescription: give no other program flags with it (got \(flags.joined(separator: ", ")))")
            }
            if fromActive { throw .usage("--file holds the whole prescription: give it or --from-active, not both (\(file))") }
        }
        if fromActive && givenFlags.isEmpty { throw .usage("--from-active changes the options given: give at least one (e.g. --daily-dose 550ug)") }
        if dailyDose != nil && (flex != nil || !flexOn.isEmpty) { throw .usage("--daily-dose is a continuous basal and --flex a schedule: give one of them") }
        if noPeriodicBolus && [periodicDose, periodicDuration, periodicInterval, periodicFirstDelay].contains(where: { $0 != nil }) {
            throw .usage("--no-periodic-bolus drops the periodic bolus: give no --periodic-* option with it")
        }
        if noPatientBolus && [patientDose, patientDuration, patientLockout, patientMaxPerDay].contains(where: { $0 != nil }) {
            throw .usage("--no-patient-bolus drops the patient bolus: give no --patient-* option with it")
        }
        if (noPeriodicBolus || noPatientBolus) && !fromActive { throw .usage("--no-periodic-bolus and --no-patient-bolus change the active program: give --from-active") }
        var schedules = Schedules()
        if let flex {
            do { schedules.everyDay = try ScheduleText.parse(flex) } catch { throw .usage("--flex \"\(flex)\": \(error)") }
        }
        for text in flexOn {
            let parsed: (Weekday, DailySchedule)
            do { parsed = try ScheduleText.parseWeekday(text) } catch { throw .usage("--flex-on \"\(text)\": \(error)") }
            let (day, schedule) = parsed
            guard schedules.byWeekday[day] == nil else { throw .usage("--flex-on gives \(day.codingName) twice: give each day once") }
            schedules.byWeekday[day] = schedule
        }
        return schedules
    }

    /// The schedules `--flex` and `--flex-on` give.
    struct Schedules {
        var everyDay: DailySchedule?
        var byWeekday: [Weekday: DailySchedule] = [:]
    }

    /// The prescription as JSON to send, and as read for display. `active` is the program to start
    /// from with `--from-active` (nil otherwise).
    func prescription(active: Prescription? = nil) throws(PumpctlFailure) -> (json: JSONObject, prescription: Prescription) {
        let schedules = try checked()
        if let file {
            let loaded = try PrescriptionFile(path: file)
            return (loaded.object, loaded.prescription)
        }
        let prescription: Prescription
        if let active {
            prescription = try changing(active, schedules)
        } else {
            prescription = try fromFlags(schedules)
        }
        return (WireCoding.encode(prescription).objectValue ?? [:], prescription)
    }

    /// The basal the flags give, nil when they give none; `base` is the active program's basal.
    private func basal(_ schedules: Schedules, base: BasalProgram?) throws(PumpctlFailure) -> BasalProgram? {
        if let dailyDose { return .continuous(MassRate(nanogramsPerDay: dailyDose)) }
        if let everyDay = schedules.everyDay {
            var byWeekday: [Weekday: DailySchedule] = [:]
            if case .flex(let old) = base { byWeekday = old.byWeekday }
            byWeekday.merge(schedules.byWeekday) { $1 }
            return .flex(FlexSchedule(everyDay: everyDay, byWeekday: byWeekday))
        }
        guard !schedules.byWeekday.isEmpty else { return nil }
        switch base {
        case .flex(let old):
            return .flex(FlexSchedule(everyDay: old.everyDay, byWeekday: old.byWeekday.merging(schedules.byWeekday) { $1 }))
        case .continuous(let rate):
            return .flex(FlexSchedule(everyDay: .constant(rate), byWeekday: schedules.byWeekday))
        case .some(.none), nil:
            throw .usage("--flex-on replaces the schedule of some days: give --flex with the schedule of the other days")
        }
    }

    /// `active` with the flags given applied, and nothing else changed.
    private func changing(_ active: Prescription, _ schedules: Schedules) throws(PumpctlFailure) -> Prescription {
        var p = active
        if let drug { p.drug.name = drug }
        if let concentration { p.drug.concentration = Concentration(microgramsPerMillilitre: concentration) }
        if let basal = try basal(schedules, base: active.basal) { p.basal = basal }
        if let maxDailyDose { p.limits.maximumDailyDose = DrugMass(nanograms: maxDailyDose) }
        if let maxHourlyDose { p.limits.maximumHourlyDose = DrugMass(nanograms: maxHourlyDose) }
        if let maxBolus { p.limits.maximumBolus = DrugMass(nanograms: maxBolus) }
        if let lowReservoir { p.lowReservoirAlarm = Volume(nanolitres: lowReservoir) }
        if noPeriodicBolus {
            p.periodicBolus = nil
        } else if var periodic = active.periodicBolus {
            if let periodicDose { periodic.dose = DrugMass(nanograms: periodicDose) }
            if let periodicDuration { periodic.duration = .seconds(periodicDuration) }
            if let periodicInterval { periodic.interval = .seconds(periodicInterval) }
            if let periodicFirstDelay { periodic.firstStartDelay = .seconds(periodicFirstDelay) }
            p.periodicBolus = periodic
        } else if let periodic = try periodicGroup() {
            p.periodicBolus = periodic
        }
        if noPatientBolus {
            p.patientBolus = nil
        } else if var patient = active.patientBolus {
            if let patientDose { patient.dose = DrugMass(nanograms: patientDose) }
            if let patientDuration { patient.duration = .seconds(patientDuration) }
            if let patientLockout { patient.lockout = .seconds(patientLockout) }
            if let patientMaxPerDay { patient.maximumPerDay = Int(patientMaxPerDay) }
            p.patientBolus = patient
        } else if let patient = try patientGroup() {
            p.patientBolus = patient
        }
        return p
    }

    private func periodicGroup() throws(PumpctlFailure) -> PeriodicBolus? {
        let periodic = try group([
            ("--periodic-dose", periodicDose), ("--periodic-duration", periodicDuration), ("--periodic-interval", periodicInterval),
        ])
        if periodic == nil && periodicFirstDelay != nil { throw .usage("--periodic-first-delay needs a periodic bolus (--periodic-dose, --periodic-duration, --periodic-interval)") }
        return periodic.map {
            PeriodicBolus(dose: DrugMass(nanograms: $0[0]), duration: .seconds($0[1]), interval: .seconds($0[2]), firstStartDelay: .seconds(periodicFirstDelay ?? 0))
        }
    }

    private func patientGroup() throws(PumpctlFailure) -> PatientBolusPolicy? {
        let patient = try group([
            ("--patient-dose", patientDose), ("--patient-duration", patientDuration), ("--patient-lockout", patientLockout),
            ("--patient-max-per-day", patientMaxPerDay),
        ])
        return patient.map { PatientBolusPolicy(dose: DrugMass(nanograms: $0[0]), duration: .seconds($0[1]), lockout: .seconds($0[2]), maximumPerDay: Int($0[3])) }
    }

    private func fromFlags(_ schedules: Schedules) throws(PumpctlFailure) -> Prescription {
        var missing: [String] = []
        if drug == nil { missing.append("--drug") }
        if concentration == nil { missing.append("--concentration") }
        if dailyDose == nil && schedules.everyDay == nil && periodicDose == nil { missing.append("--daily-dose or --flex (or a periodic bolus)") }
        if maxDailyDose == nil { missing.append("--max-daily-dose") }
        if maxHourlyDose == nil { missing.append("--max-hourly-dose") }
        if maxBolus == nil { missing.append("--max-bolus") }
        if lowReservoir == nil { missing.append("--low-reservoir") }
        let periodic = try periodicGroup()
        let patient = try patientGroup()
        let basal = try basal(schedules, base: nil)
        guard missing.isEmpty, let drug, let concentration, let maxDailyDose, let maxHourlyDose, let maxBolus, let lowReservoir else {
            throw .usage("program needs \(missing.joined(separator: ", ")), or --file with the whole prescription, or --from-active")
        }
        return Prescription(
            drug: Drug(name: drug, concentration: Concentration(microgramsPerMillilitre: concentration)),
            basal: basal ?? .none,
            periodicBolus: periodic,
            patientBolus: patient,
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

    /// The program flags given besides --file and --from-active.
    private var givenFlags: [String] {
        let flags: [(String, Bool)] = [
            ("--drug", drug != nil), ("--concentration", concentration != nil), ("--daily-dose", dailyDose != nil),
            ("--flex", flex != nil), ("--flex-on", !flexOn.isEmpty),
            ("--max-daily-dose", maxDailyDose != nil), ("--max-hourly-dose", maxHourlyDose != nil), ("--max-bolus", maxBolus != nil),
            ("--low-reservoir", lowReservoir != nil), ("--periodic-dose", periodicDose != nil), ("--periodic-duration", periodicDuration != nil),
            ("--periodic-interval", periodicInterval != nil), ("--periodic-first-delay", periodicFirstDelay != nil),
            ("--patient-dose", patientDose != nil), ("--patient-duration", patientDuration != nil), ("--patient-lockout", patientLockout != nil),
            ("--patient-max-per-day", patientMaxPerDay != nil), ("--no-periodic-bolus", noPeriodicBolus), ("--no-patient-bolus", noPatientBolus),
        ]
        return flags.filter(\.1).map(\.0)
    }
}
