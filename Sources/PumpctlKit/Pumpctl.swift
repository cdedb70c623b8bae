import ArgumentParser
import Varlink

/// pumpctl's entry point: parses the arguments, runs the command against pumpd, prints what
/// happened and returns the exit status. The executable only calls `run` and exits with it.
///
/// With `--json`, stdout carries only data: a failure is one JSON object there too (the daemon's
/// error name and parameters, or pumpctl's own failure named `pumpctl.<Status>` with its message),
/// while the message for a person goes to stderr as always.
public enum Pumpctl {
    /// Runs one pumpctl invocation. `arguments` excludes the program name.
    public static func run(arguments: [String], console: Console) -> PumpctlExit {
        let json = jsonRequested(arguments)
        let parsed: any ParsableCommand
        do {
            let scan = try ArgumentScan(arguments)
            parsed = try PumpctlCommand.parseAsRoot(scan.arguments)
        } catch let refusal as ArgumentScan.Refusal {
            let usage = PumpctlFailure.usage(refusal.message)
            if json { console.line(errorObject(for: usage).description) }
            console.error("Error: \(refusal.message)\n" + usageText(for: refusal.commandPath))
            return .usage
        } catch {
            return reportParsing(error, json: json, on: console)
        }
        guard let command = parsed as? any DaemonCommand else {
            if parsed is PumpctlCommand {
                console.error(PumpctlCommand.helpMessage())
                return .usage
            }
            // ArgumentParser's own commands (help, completion scripts) report by throwing.
            do {
                var builtIn = parsed
                try builtIn.run()
                return .success
            } catch {
                return reportParsing(error, json: json, on: console)
            }
        }
        let settings = command.global.connectionSettings(environment: console.environment)
        let session = PumpSession(settings: settings)
        defer { session.close() }
        let palette = Palette(mode: command.global.color, outputIsTerminal: console.outputIsTerminal, environment: console.environment)
        let context = CommandContext(console: console, session: session, json: command.global.json, palette: palette)
        do {
            try command.execute(context)
            return .success
        } catch {
            return report(error, json: command.global.json, on: console)
        }
    }

    /// Whether `--json` is among the options (before any `--`), known even when parsing fails.
    static func jsonRequested(_ arguments: [String]) -> Bool {
        arguments.prefix { $0 != "--" }.contains("--json")
    }

    /// Help goes to stdout with success; any other parsing failure to stderr as a usage error.
    static func reportParsing(_ error: any Error, json: Bool, on console: Console) -> PumpctlExit {
        let message = PumpctlCommand.fullMessage(for: error)
        if PumpctlCommand.exitCode(for: error) == .success {
            console.line(message)
            return .success
        }
        if json { console.line(errorObject(for: .usage(PumpctlCommand.message(for: error))).description) }
        console.error(message)
        return .usage
    }

    /// Prints a command's failure and returns its exit status.
    static func report(_ error: any Error, json: Bool, on console: Console) -> PumpctlExit {
        let failure = PumpctlFailure(error)
        if json {
            let object = (error as? VarlinkError).map { JSONValue.object(["error": .string($0.name), "parameters": $0.parameters]) }
            console.line((object ?? errorObject(for: failure)).description)
        }
        console.error(failure.message)
        return failure.status
    }

    /// pumpctl's own failure as data: `{"error": "pumpctl.Usage", "parameters": {"message": …, "exitStatus": 2}}`.
    static func errorObject(for failure: PumpctlFailure) -> JSONValue {
        .object([
            "error": .string("pumpctl.\(failure.status.errorName)"),
            "parameters": .object(["message": .string(failure.message), "exitStatus": .integer(Int64(failure.status.rawValue))]),
        ])
    }

    /// The usage line of the command at `path` and where its help is.
    static func usageText(for path: [String]) -> String {
        let type = PumpctlCommand.configuration.subcommands.first { $0.configuration.commandName == path.first }
        let usage = type.map { PumpctlCommand.usageString(for: $0) } ?? PumpctlCommand.usageString()
        return "Usage: \(usage)\n  See 'pumpctl \((path + ["--help"]).joined(separator: " "))' for more information."
    }
}
