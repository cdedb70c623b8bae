import ArgumentParser
import Varlink

/// pumpctl's entry point: parses the arguments, runs the command against pumpd, prints what
/// happened and returns the exit status. The executable only calls `run` and exits with it.
public enum Pumpctl {
    /// Runs one pumpctl invocation. `arguments` excludes the program name.
    public static func run(arguments: [String], console: Console) -> PumpctlExit {
        let parsed: any ParsableCommand
        do {
            parsed = try PumpctlCommand.parseAsRoot(arguments)
        } catch {
            return reportParsing(error, on: console)
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
                return reportParsing(error, on: console)
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

    /// Help goes to stdout with success; any other parsing failure to stderr as a usage error.
    static func reportParsing(_ error: any Error, on console: Console) -> PumpctlExit {
        let message = PumpctlCommand.fullMessage(for: error)
        if PumpctlCommand.exitCode(for: error) == .success {
            console.line(message)
            return .success
        }
        console.error(message)
        return .usage
    }

    /// Prints a command's failure and returns its exit status.
    static func report(_ error: any Error, json: Bool, on console: Console) -> PumpctlExit {
        if json, let error = error as? VarlinkError {
            console.line(JSONValue.object(["error": .string(error.name), "parameters": error.parameters]).description)
        }
        let failure = PumpctlFailure(error)
        console.error(failure.message)
        return failure.status
    }
}
