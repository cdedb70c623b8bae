import ArgumentParser
import PumpCore
import PumpWire
import Varlink

/// `pumpctl program`: the role, ValidatePrescription, the review and its warnings, the
/// acceptance, CommitPrescription.
struct ProgramCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Review a new program against the active one, then commit it when you confirm (clinician).",
        discussion: """
            pumpctl first asks pumpd for your role: only a clinician programs, and anyone else is told \
            so before any review (exit 4). pumpd then checks the program without changing anything. A \
            program that breaks a rule is refused with every broken rule listed (exit 1). Otherwise \
            pumpctl shows pumpd's review, old and new for every setting, changed lines marked with *, \
            and its warnings, each with its code, field and numbers. Every warning must be accepted: \
            by --accept CODE[,CODE], or on a terminal by answering yes to it; --yes never accepts one \
            (exit 2 with the list and the --accept option to give). A soft-limit-* warning also needs \
            --override-reason; a daily-dose-increase or -decrease needs the new daily dose typed back \
            (or --confirm-daily-dose). Then "Commit this program? [y/N]": only y or yes commits, \
            anything else leaves the active program unchanged (exit 5). With stdin not a terminal, pass \
            --yes (else exit 2).

            Schedules: --flex takes the daily schedule, steps START=RATE separated by commas (local \
            HH:MM, a dose rate with its unit); --flex-on DAY=START=RATE,... gives one weekday its own \
            schedule (repeat it for more days). --from-active starts from the active program and \
            changes only the options given (--no-periodic-bolus and --no-patient-bolus drop those).

            Examples:
              pumpctl program --drug baclofen --concentration 2000ug/ml \\
                --daily-dose 500ug --max-daily-dose 600ug --max-hourly-dose 60ug \\
                --max-bolus 50ug --low-reservoir 2ml
              pumpctl program --from-active --flex 00:00=400ug/day,08:00=600ug/day \\
                --flex-on saturday=00:00=300ug/day,12:00=500ug/day
              pumpctl program --file hw-profiles/examples/baclofen-flex.prescription.toml \\
                --accept daily-dose-increase --confirm-daily-dose 520ug
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Program") var program: PrescriptionOptions
    @OptionGroup(title: "Accepting the review") var acceptance: AcceptanceOptions

    func execute(_ context: CommandContext) throws {
        // Everything that can be refused without pumpd is refused first; then the role, before any review.
        var built = program.fromActive ? nil : try program.prescription()
        if program.fromActive { _ = try program.checked() }
        try RoleCheck.requireClinician(for: "programming", in: context)
        if program.fromActive {
            guard let active = try context.call("GetPrescription").optional("active", as: Prescription.self) else {
                throw PumpctlFailure(.refused, "refused: --from-active needs an active program, and there is none (program one in full first)")
            }
            built = try program.prescription(active: active)
        }
        guard let (prescriptionJSON, prescription) = built else { return }
        let commit = ReviewedCommit(noun: "program", unchanged: "the active program is unchanged", acceptance: acceptance)
        let committed = try commit.run(
            validate: "ValidatePrescription", commit: "CommitPrescription", ["prescription": .object(prescriptionJSON)], in: context
        ) { review in try Self.show(review, of: prescription, on: context.console, palette: context.palette) }
        if context.json { return context.emitJSON(committed.parameters) }
        let summary = try committed.required("summary", as: WireProgramSummary.self)
        let status = try committed.required("status", as: WireStatus.self)
        context.console.line("committed: \(summary.drug.text), \(summary.mode); the pump is \(status.modeText)")
    }

    static func show(_ review: Reply, of prescription: Prescription, on console: Console, palette: Palette) throws {
        console.line("new program:")
        PrescriptionReport(prescription).lines.forEach(console.line)
        let rows = try review.required("comparison", as: [WireComparisonRow].self)
        if rows.isEmpty {
            let summary = try review.required("new", as: WireProgramSummary.self)
            var rows = summary.rows.map { [$0.label, $0.value] }
            // The expected dates (basal and periodic boluses only) beside the worst case, when pumpd sends them.
            for (label, key) in [("low-reservoir alarm expected", "lowReservoirExpectedAt"), ("reservoir empty expected", "emptyExpectedAt")] {
                if let date = review.parameters["new"]?[key]?.stringValue { rows.append([label, date]) }
            }
            console.line("what it gives:")
            TextTable(rows: rows).lines.forEach { console.line("  " + $0) }
        } else {
            console.line("review, the active program against the new one:")
            ComparisonTable(rows: rows, palette: palette).lines.forEach { console.line("  " + $0) }
        }
    }
}
