public import ArgumentParser
import Foundation
import PumpBalance
import PumpCore
import PumpHIL

struct AccuracyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accuracy",
        abstract: "Measure delivery accuracy: the IEC 60601-2-24 trumpet curve of a constant rate over the second hour.",
        discussion: """
            Runs the rate for two hours, samples the delivered volume every 30 s, and computes for \
            observation windows of 2, 5, 11, 19 and 31 min the largest and smallest deviation of the \
            windowed flow from the set rate, and the overall error, beside the quantisation limit (what \
            one step's volume explains). On the simulated rig it starts pumpd on the virtual clock and \
            weighs the rig's truth; on a real rig (--socket) a balance weighs the outlet in real time \
            (--balance-serial), or --balance-csv analyses what the balance software recorded.
            """)

    @Option(help: "The set rate: 0.25mL/day, 10mL/h, 250uL/h …")
    var rate: String

    @Option(help: ArgumentHelp("Rig profile for the pumpd pump-hil starts (default: the nearest hw-profiles/sim.toml above the working directory, else above pump-hil).", valueName: "file"))
    var profile: String?

    @Option(help: ArgumentHelp("The pumpd executable to start (default: the one beside pump-hil).", valueName: "file"))
    var pumpd: String?

    @Option(help: ArgumentHelp("Use the pumpd serving this socket (a real rig), weighing with --balance-serial.", valueName: "path"))
    var socket: String?

    @Option(help: "Simulated rig: weigh the volume out of the tip, or count the pumped volume.")
    var measure: AccuracyRun.Measure = .tip

    @Option(help: ArgumentHelp("Serial balance (MT-SICS or Sartorius lines), e.g. /dev/ttyUSB0.", valueName: "device"))
    var balanceSerial: String?

    @Option(help: "Serial speed.")
    var baud = 9_600

    @Option(help: ArgumentHelp("Analyse a balance CSV (time and mass columns) instead of running the pump.", valueName: "file"))
    var balanceCSV: String?

    @Option(help: "Density of the fluid, mg/mL (water at 20 °C: 998.2).")
    var density = "998.2"

    @Option(help: "The balance's readability, mg (adds to the quantisation limit).")
    var readability: Int64 = 0

    @Option(help: "Step volume, pL, for the quantisation limit when analysing a CSV (otherwise read from pumpd).")
    var stepVolume: Int64?

    @Option(help: "Rig name for the table and plot.")
    var rig: String?

    @Option(help: ArgumentHelp("Write the table (CSV) here.", valueName: "file"))
    var csv: String?

    @Option(help: ArgumentHelp("Write the plot (SVG) here.", valueName: "file"))
    var svg: String?

    @Flag(help: "Exit 1 when a window's deviation exceeds what one step explains (CI on the simulated rig).")
    var requireWithinLimit = false

    /// The options' own consistency, checked before anything runs, so that a mistake is shown
    /// with this command's usage (ArgumentParser shows pump-hil's for an error from `run`).
    func validate() throws {
        do { _ = try RateArgument.parse(rate) } catch { throw ValidationError("\(error)") }
        if balanceCSV != nil && stepVolume == nil { throw ValidationError("--balance-csv needs --step-volume (pL) for the quantisation limit") }
        if balanceCSV == nil && balanceSerial != nil && BaudRate(rawValue: baud) == nil {
            throw ValidationError("--baud must be one of \(BaudRate.allCases.map(\.rawValue))")
        }
        if balanceCSV == nil && socket != nil && balanceSerial == nil { throw ValidationError("a real rig (--socket) needs --balance-serial") }
    }

    func run() throws { try HILExit.guarding(measureAccuracy) }

    private func measureAccuracy() throws {
        let rate: VolumeRate
        do { rate = try RateArgument.parse(self.rate) } catch { throw ValidationError("\(error)") }
        let configuration = TrumpetCurveConfiguration.iec60601_2_24
        let conversion = try GravimetricConversion(density: FluidDensity(milligramsPerMillilitre: density))
        var samples: [VolumeSample]
        var step: StepVolume
        var resolution = Volume.zero
        let rigName: String
        if let balanceCSV {
            guard let stepVolume else { throw ValidationError("--balance-csv needs --step-volume") }  // validate() said so already
            let text = try String(contentsOfFile: balanceCSV, encoding: .utf8)
            samples = conversion.samples(from: try BalanceCSVReader().records(from: text))
            step = StepVolume(picolitres: stepVolume)
            resolution = conversion.measurementResolution(readability: .milligrams(readability))
            rigName = rig ?? "balance CSV \(balanceCSV)"
        } else {
            let profile = try rigProfile()
            let process = socket == nil ? try PumpdProcess(executable: pumpd ?? PumpdProcess.besideThisExecutable(), profile: profile) : nil
            let run = try AccuracyRun(rate: rate, configuration: configuration, process: process, socket: socket)
            run.progress = { Output.line($0) }
            step = try run.stepVolume()
            let source: AccuracyRun.Source
            if let balanceSerial {
                guard let baudRate = BaudRate(rawValue: baud) else { throw ValidationError("--baud \(baud)") }  // validate() said so already
                source = .balance(try SerialBalanceReader(path: balanceSerial, baudRate: baudRate), conversion)
                resolution = conversion.measurementResolution(readability: .milligrams(readability))
            } else {
                source = .simulated(measure)
            }
            Output.line("accuracy: \(QuantityFormatter.flow(picolitresPerDay: rate.picolitresPerDay)) for 2 h, sampling every 30 s")
            samples = try run.collect(from: source)
            rigName = rig ?? (socket == nil ? "sim rig \(URL(fileURLWithPath: profile).lastPathComponent), \(measure.rawValue)" : "rig at \(socket!)")
        }
        let quantisation = resolution == .zero ? QuantisationLimit.reportedStepCounts(stepVolume: step) : QuantisationLimit(stepVolume: step, measurementResolution: resolution)
        let curve = try TrumpetCurve(samples: samples, rate: rate, quantisation: quantisation, configuration: configuration)
        Output.line(AccuracyReport.table(curve, rig: rigName))
        if let csv { try TrumpetCurveCSV.text(for: curve, rig: rigName).write(toFile: csv, atomically: true, encoding: .utf8) }
        if let svg { try TrumpetPlotSVG().render(curve, rig: rigName).write(toFile: svg, atomically: true, encoding: .utf8) }
        if requireWithinLimit && !curve.withinQuantisationLimit { throw HILExit.failed.code }
    }
}

extension AccuracyCommand {
    /// --profile as given; without it, the default profile found as a scenario's is (``ProfileLocator``),
    /// from the working directory, then from pump-hil's own place.
    func rigProfile() throws -> String {
        if let profile { return profile }
        let locator = ProfileLocator()
        var tried: [String] = []
        let places = [FileManager.default.currentDirectoryPath, URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path]
        for place in places {
            switch locator.locate(nil, forScenarioAt: place + "/-") {
            case .found(let path): return path
            case .missing(let paths): tried += paths
            }
        }
        throw ValidationError("no --profile given and no \(ProfileLocator.defaultProfile) found; tried \(tried.joined(separator: ", "))")
    }
}

extension AccuracyRun.Measure: ExpressibleByArgument {}
