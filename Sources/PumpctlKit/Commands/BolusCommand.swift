import PumpCore
import ArgumentParser
import PumpWire
import Varlink

/// `pumpctl bolus`: Bolus with `more`, followed to the end; `pumpctl bolus --end`: EndBolus.
struct BolusCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "bolus",
        abstract: "Give a single bolus (clinician: --dose and --duration) or a patient bolus (operator: --patient), and follow it.",
        discussion: """
            The bolus runs on the pump; pumpctl shows its progress until it completes. Interrupting \
            pumpctl (Ctrl-C) does not stop the bolus: pumpctl stop does. A bolus that the pump stops \
            before it completes exits with status 1.

            pumpctl bolus --end ends the running bolus at once and leaves the basal program running \
            (clinician: any bolus; operator: a patient bolus). pumpctl stop stops all delivery.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Single bolus: the dose, e.g. 50ug.", valueName: "mass"), transform: { try QuantityParser.mass($0) })
    var dose: Int64?

    @Option(help: ArgumentHelp("Single bolus: how long it takes, e.g. 10min.", valueName: "duration"), transform: { try QuantityParser.duration($0) })
    var duration: Int64?

    @Flag(help: "A patient-activated bolus, as the active program's policy defines it (no --dose or --duration).")
    var patient = false

    @Flag(help: "End the running bolus now; the basal program keeps running.")
    var end = false

    func validate() throws {
        if end {
            guard dose == nil && duration == nil && !patient else { throw ValidationError("--end ends the running bolus: give no --dose, --duration or --patient with it") }
        } else if patient {
            guard dose == nil && duration == nil else { throw ValidationError("--patient takes no --dose or --duration: the program's policy sets them") }
        } else {
            guard dose != nil && duration != nil else { throw ValidationError("a single bolus needs --dose and --duration (or --patient for a patient bolus)") }
        }
    }

    func execute(_ context: CommandContext) throws {
        if end { return try endBolus(context) }
        var parameters: JSONObject = ["kind": patient ? "patient" : "single"]
        if let dose { parameters["dose"] = .integer(dose) }
        if let duration { parameters["duration"] = .integer(duration) }
        try TaskFollower(label: "bolus").follow("Bolus", parameters, in: context)
    }

    private func endBolus(_ context: CommandContext) throws {
        let reply = try context.call("EndBolus")
        if context.json { return context.emitJSON(reply.parameters) }
        let task = try reply.required("task", as: WireTask.self)
        let status = try reply.required("status", as: WireStatus.self)
        context.console.line("\(task.kindText) ended: \(ProgressBar().amounts(task)); the pump is \(status.modeText), "
            + "dose rate \(QuantityFormatter.doseRate(nanogramsPerDay: status.doseRate))")
    }
}
