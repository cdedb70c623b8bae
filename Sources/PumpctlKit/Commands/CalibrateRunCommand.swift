import ArgumentParser
import PumpBalance
import PumpCore
import Varlink

/// `pumpctl calibrate run`: StartCalibrationRun, followed with a progress bar, then
/// CommitCalibrationRun with the mass typed in or weighed on a serial balance.
struct CalibrateRunCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Drive a calibration run, weigh what it pushed, and commit the step volume (clinician).",
        discussion: """
            The pump must be stopped with its outlet over the balance. pumpd drives --steps steps at --rate (default: \
            the profile's [calibration] rate), accounted like delivery; a progress bar follows it on a terminal (a line \
            per update otherwise). Then the mass of what it pushed commits the step volume (×½ to ×2 of the profile's): \
            --mass as weighed (e.g. 103.81mg), or --balance reads a serial balance (MT-SICS SI / Sartorius lines, \
            8N1) before the run (the tare) and after it, each a stable weight. --density converts mass to volume \
            (default 998.2mg/ml, water at 20 °C). Ctrl-C stops following, not the run: pumpctl stop cuts it short.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Motor steps to drive (within the profile's [calibration] max_steps).", valueName: "count"))
    var steps: Int64

    @Option(help: ArgumentHelp("The flow to drive them at, e.g. 1ml/h.", valueName: "rate"), transform: { try QuantityParser.volumeRate($0) })
    var rate: Int64?

    @Option(help: ArgumentHelp("The mass the run pushed, as weighed, e.g. 103.81mg.", valueName: "mass"), transform: { try QuantityParser.weighedMass($0) })
    var mass: Int64?

    @Option(help: ArgumentHelp("A serial balance to weigh with, e.g. /dev/ttyUSB0.", valueName: "device"))
    var balance: String?

    @Option(help: ArgumentHelp("The balance's speed.", valueName: "baud"))
    var baud: Int = 9_600

    @Option(help: ArgumentHelp("The fluid's density, e.g. 998.2mg/ml.", valueName: "density"), transform: { try QuantityParser.density($0) })
    var density: Int64?

    func validate() throws {
        guard (mass == nil) != (balance == nil) else { throw ValidationError("give either --mass or --balance") }
        guard steps > 0 else { throw ValidationError("--steps must be at least 1") }
        if let mass, mass <= 0 { throw ValidationError("--mass must be above zero") }
        if balance != nil, BaudRate(rawValue: baud) == nil {
            throw ValidationError("--baud must be one of \(BaudRate.allCases.map(\.rawValue).map(String.init).joined(separator: ", "))")
        }
    }

    func execute(_ context: CommandContext) throws {
        let scale = try balance.map { path in try Weighing(path: path, baud: baud) }
        let tare = try scale?.weigh(what: "tare", context)
        var parameters: JSONObject = ["steps": .integer(steps)]
        if let rate { parameters["rate"] = .integer(rate) }
        try TaskFollower(label: "calibration run").follow("StartCalibrationRun", parameters, in: context)
        let micrograms: Int64
        if let scale, let tare {
            let gross = try scale.weigh(what: "after the run", context)
            micrograms = (gross - tare).micrograms
            guard micrograms > 0 else {
                throw PumpctlFailure(.refused, "the balance weighed no more after the run than before (\(gross) vs tare \(tare)): nothing committed")
            }
        } else {
            micrograms = mass ?? 0
        }
        var commit: JSONObject = ["mass": .integer(micrograms)]
        if let density { commit["density"] = .integer(density) }
        let reply = try context.call("CommitCalibrationRun", commit)
        if context.json { return context.emitJSON(reply.parameters) }
        let old = try reply.required("old", as: Int64.self)
        let new = try reply.required("new", as: Int64.self)
        let made = try reply.required("steps", as: Int64.self)
        let volume = try reply.required("volume", as: Int64.self)
        context.console.line(
            "\(made) steps weighed \(QuantityFormatter.mass(nanograms: micrograms * 1_000)) = \(QuantityFormatter.volume(nanolitres: volume)); "
                + "step volume: \(QuantityFormatter.stepVolume(picolitres: old)) → \(QuantityFormatter.stepVolume(picolitres: new))")
    }

    /// The serial balance, opened once for the tare and the gross weight.
    struct Weighing {
        let reader: SerialBalanceReader

        init(path: String, baud: Int) throws {
            do throws(SerialPortError) {
                reader = try SerialBalanceReader(path: path, baudRate: BaudRate(rawValue: baud) ?? .b9600)
            } catch {
                throw PumpctlFailure(.transport, "balance: \(error)")
            }
        }

        func weigh(what: String, _ context: CommandContext) throws -> BalanceMass {
            do throws(BalanceReadError) {
                let reading = try reader.stableReading()
                if !context.json { context.console.line("balance (\(what)): \(reading.mass)") }
                return reading.mass
            } catch {
                throw PumpctlFailure(.transport, "balance \(reader.path) (\(what)): \(error)")
            }
        }
    }
}
