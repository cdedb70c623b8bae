import ArgumentParser
import PumpCore
import PumpVersion

@main
struct PumpHILCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pump-hil",
        abstract: "Hardware-in-the-loop harness: runs hazard scenarios and accuracy curves against pumpd.",
        discussion: """
            pump-hil drives pumpd only through its public Varlink API (io.pumpd.Pump) and the rig interface \
            (io.pumpd.Rig): it programs the pump, injects faults, watches what the pump does, and writes a \
            verdict people can file. On the simulated rig it starts pumpd on the virtual clock, so a 90-day \
            scenario runs in seconds and repeats exactly.

            """ + "\n" + HILExit.help,
        version: PumpVersion.number,
        subcommands: [RunCommand.self, CheckCommand.self, AccuracyCommand.self])

    /// Refuses an unknown command with the one most likely meant (``ClosestMatch``), where
    /// ArgumentParser would say only "2 unexpected arguments"; everything else is its own.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // A ValidationError exits 64 (HILExit.usage), with pump-hil's usage.
        if let first = arguments.first, let refusal = unknownCommand(first) { exit(withError: ValidationError(refusal)) }
        main(arguments)
    }

    /// `unknown command "chek": did you mean "check"?` for a first argument that is neither an
    /// option nor a command; nil for one that is.
    static func unknownCommand(_ argument: String) -> String? {
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !argument.hasPrefix("-"), !names.contains(argument) else { return nil }
        let hint = ClosestMatch.didYouMean(argument, among: names) ?? "the commands are \(names.joined(separator: ", "))"
        return "unknown command \"\(argument)\": \(hint)"
    }
}
