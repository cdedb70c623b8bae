import PumpCore
import ArgumentParser
import Varlink

/// `pumpctl calibrate [set]`: Calibrate (the default subcommand of `pumpctl calibrate`).
struct CalibrateSetCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set the volume per motor step from a gravimetric measurement (clinician).",
        discussion: "Give --step-volume directly, or --measured with --steps (the volume those steps pushed). pumpd accepts ×½ to ×2 of the profile's value. `pumpctl calibrate run` drives the steps and weighs them.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The volume per step, e.g. 250nl.", valueName: "volume"), transform: { try QuantityParser.stepVolume($0) })
    var stepVolume: Int64?

    @Option(help: ArgumentHelp("The volume measured, e.g. 24.8ul.", valueName: "volume"), transform: { try QuantityParser.volume($0) })
    var measured: Int64?

    @Option(help: ArgumentHelp("The steps that pushed the measured volume.", valueName: "count"))
    var steps: Int64?

    func validate() throws {
        switch (stepVolume != nil, measured != nil, steps != nil) {
        case (true, false, false), (false, true, true): return
        default: throw ValidationError("give either --step-volume, or --measured with --steps")
        }
    }

    func execute(_ context: CommandContext) throws {
        var parameters: JSONObject = [:]
        if let stepVolume { parameters["stepVolume"] = .integer(stepVolume) }
        if let measured { parameters["measuredVolume"] = .integer(measured) }
        if let steps { parameters["steps"] = .integer(steps) }
        let reply = try context.call("Calibrate", parameters)
        if context.json { return context.emitJSON(reply.parameters) }
        let old = try reply.required("old", as: Int64.self)
        let new = try reply.required("new", as: Int64.self)
        context.console.line("step volume: \(QuantityFormatter.stepVolume(picolitres: old)) → \(QuantityFormatter.stepVolume(picolitres: new))")
    }
}
