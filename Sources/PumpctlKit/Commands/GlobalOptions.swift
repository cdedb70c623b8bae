import ArgumentParser

/// Options every command takes: where pumpd is, machine output, and how long to wait.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "pumpd's control socket (default: $\(ConnectionSettings.socketVariable), else \(ConnectionSettings.defaultSocket)).",
        valueName: "path"))
    var socket: String?

    @Flag(help: "Machine output: the daemon's reply parameters as JSON with quantities as raw wire integers (ng, nL, pL, µg/mL, ng/day, s), one object per line; errors as {\"error\": NAME, \"parameters\": {…}}.")
    var json = false

    @Option(help: ArgumentHelp(
        "Colour critical alarms and changed review lines: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never.",
        valueName: "when"),
        transform: { text in
            guard let mode = ColorMode(rawValue: text) else { throw ValidationError("--color must be auto, always or never, not \"\(text)\"") }
            return mode
        })
    var color: ColorMode = .auto

    @Option(help: ArgumentHelp("Seconds to wait for pumpd's reply (for a stream, for its first reply).", valueName: "seconds"))
    var timeout: Double = 10

    func validate() throws {
        guard timeout > 0, timeout <= 86_400 else { throw ValidationError("--timeout must be more than 0 and at most 86400 seconds") }
    }

    /// The socket and timeout, the socket taken from `--socket`, then the environment, then the default.
    func connectionSettings(environment: (String) -> String?) -> ConnectionSettings {
        let socket = socket ?? environment(ConnectionSettings.socketVariable).flatMap { $0.isEmpty ? nil : $0 } ?? ConnectionSettings.defaultSocket
        return ConnectionSettings(socket: socket, timeout: .milliseconds(Int64((timeout * 1_000).rounded(.up))))
    }
}
