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
    /// checked against this list by a test). An array: a Set (hashing, its metadata) cost more
    /// at start than searching 17 names a few times.
    static let optionNames: [String] = [
        "--profile", "--check-profile", "--state-dir", "--runtime-dir", "--socket", "--socket-group", "--clock",
        "--virtual-start", "--virtual-monotonic", "--metrics-file", "--metrics-interval", "--daily-dose", "--drug",
        "--concentration", "--time-scale", "--status-interval", "--run-for",
    ]
    static let flagName = "--accept-restored-state"

    /// The options `arguments` (without the program name) give, or nil for ArgumentParser to read them.
    /// Plain values: no `PumpDaemon` is made, whose property wrappers build ArgumentParser's name
    /// sets and help at every start.
    static func parse(_ arguments: some Collection<String>) -> DaemonOptions? {
        var values: [String?] = Array(repeating: nil, count: optionNames.count)
        var accept = false
        var remaining = arguments[...]
        while let name = remaining.popFirst() {
            if name == flagName {
                guard !accept else { return nil }
                accept = true
                continue
            }
            guard let option = optionNames.firstIndex(of: name), values[option] == nil, let value = remaining.popFirst(), !value.hasPrefix("-")
            else { return nil }
            values[option] = value
        }
        func value(_ name: String) -> String? { values[optionNames.firstIndex(of: name)!] }
        var command = DaemonOptions()
        do {
            command.profile = value("--profile")
            command.checkProfile = value("--check-profile")
            command.stateDir = value("--state-dir") ?? PumpDaemon.Defaults.stateDir
            command.acceptRestoredState = accept
            command.runtimeDir = value("--runtime-dir")
            command.socket = value("--socket") ?? PumpDaemon.Defaults.socket
            command.socketGroup = value("--socket-group")
            command.clock = value("--clock") ?? PumpDaemon.Defaults.clock
            command.virtualStart = value("--virtual-start")
            command.virtualMonotonic = try value("--virtual-monotonic").map(integer)
            command.metricsFile = value("--metrics-file")
            command.metricsInterval = try value("--metrics-interval").map(integer) ?? PumpDaemon.Defaults.metricsInterval
            command.dailyDose = try value("--daily-dose").map(QuantityParser.dailyDose)
            command.drug = value("--drug") ?? PumpDaemon.Defaults.drug
            command.concentration = try value("--concentration").map(QuantityParser.concentration)
            command.timeScale = try value("--time-scale").map(integer) ?? PumpDaemon.Defaults.timeScale
            command.statusInterval = try value("--status-interval").map(integer) ?? PumpDaemon.Defaults.statusInterval
            command.runFor = try value("--run-for").map(integer) ?? PumpDaemon.Defaults.runFor
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
