import ArgumentParser
import PumpCore

/// Reads pumpd's ordinary command lines without ArgumentParser's parser, which reflects over every
/// option and probes for completion-script requests first: about a tenth of the time from exec to
/// pumpd's first answer.
///
/// It takes only `--name value` pairs of pumpd's options and the `--accept-restored-state` flag,
/// each at most once, with no value starting with `-`, every value one ArgumentParser would take
/// as well (the same `ExpressibleByArgument` conversions and transforms), and the result passing
/// `validate()`. For anything else (help, version, completion scripts, `--name=value`, an unknown or
/// repeated name, a refused value) it returns nil and ArgumentParser reads the command line as
/// ever, with its own messages and exit codes. So the command line behaves exactly as
/// ArgumentParser defines it; this only skips work on lines it would accept.
enum CommandLineFastPath {
    /// Every option's name, `--kebab-case` of its property (the `PumpDaemon` properties are
    /// checked against this list by a test).
    static let optionNames: Set<String> = [
        "--profile", "--check-profile", "--state-dir", "--runtime-dir", "--socket", "--socket-group", "--clock",
        "--virtual-start", "--virtual-monotonic", "--metrics-file", "--metrics-interval", "--daily-dose", "--drug",
        "--concentration", "--time-scale", "--status-interval", "--run-for",
    ]
    static let flagName = "--accept-restored-state"

    /// The command `arguments` (without the program name) give, or nil for ArgumentParser to read them.
    static func parse(_ arguments: some Collection<String>) -> PumpDaemon? {
        var values: [String: String] = [:]
        var accept = false
        var remaining = arguments[...]
        while let name = remaining.popFirst() {
            if name == flagName {
                guard !accept else { return nil }
                accept = true
                continue
            }
            guard optionNames.contains(name), values[name] == nil, let value = remaining.popFirst(), !value.hasPrefix("-") else { return nil }
            values[name] = value
        }
        var command = PumpDaemon()
        do {
            command.profile = values["--profile"]
            command.checkProfile = values["--check-profile"]
            command.stateDir = values["--state-dir"] ?? PumpDaemon.Defaults.stateDir
            command.acceptRestoredState = accept
            command.runtimeDir = values["--runtime-dir"]
            command.socket = values["--socket"] ?? PumpDaemon.Defaults.socket
            command.socketGroup = values["--socket-group"]
            command.clock = values["--clock"] ?? PumpDaemon.Defaults.clock
            command.virtualStart = values["--virtual-start"]
            command.virtualMonotonic = try values["--virtual-monotonic"].map(integer)
            command.metricsFile = values["--metrics-file"]
            command.metricsInterval = try values["--metrics-interval"].map(integer) ?? PumpDaemon.Defaults.metricsInterval
            command.dailyDose = try values["--daily-dose"].map(QuantityParser.dailyDose)
            command.drug = values["--drug"] ?? PumpDaemon.Defaults.drug
            command.concentration = try values["--concentration"].map(QuantityParser.concentration)
            command.timeScale = try values["--time-scale"].map(integer) ?? PumpDaemon.Defaults.timeScale
            command.statusInterval = try values["--status-interval"].map(integer) ?? PumpDaemon.Defaults.statusInterval
            command.runFor = try values["--run-for"].map(integer) ?? PumpDaemon.Defaults.runFor
            try command.validate()
        } catch {
            return nil
        }
        return command
    }

    struct NotAnInteger: Error {}

    /// ArgumentParser's own conversion of an `Int64` option's value.
    private static func integer(_ text: String) throws -> Int64 {
        guard let value = Int64(argument: text) else { throw NotAnInteger() }
        return value
    }
}
