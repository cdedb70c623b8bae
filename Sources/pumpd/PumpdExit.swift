import ArgumentParser

/// pumpd's exit codes: the one place they are defined, for `--help` and for every exit.
enum PumpdExit: Int32, CaseIterable {
    /// Stopped by SIGINT/SIGTERM or when --run-for elapsed; --check-profile: the profile can run.
    case success = 0
    /// An unexpected failure the message names (ArgumentParser's code for an error that is not one of these).
    case failure = 1
    /// The profile is broken (--check-profile found errors, or a start was refused for them).
    case brokenProfile = 2
    /// The rig could not be opened or made safe (motor disabled).
    case rigUnsafe = 3
    /// The state database is missing, damaged, unreadable, or could not be saved at the stop.
    case state = 4
    /// The control socket could not be served.
    case socket = 5
    /// The command line was wrong (an unknown option, a bad value): ArgumentParser's EX_USAGE.
    case usage = 64

    /// Ends pumpd with this code.
    var exit: ExitCode { ExitCode(rawValue) }

    /// The table for `--help`, one line per code.
    static var helpTable: String {
        allCases.map { code in
            let number = String(code.rawValue)
            return "  " + number + String(repeating: " ", count: 4 - number.count) + code.meaning
        }.joined(separator: "\n")
    }

    private var meaning: String {
        switch self {
        case .success: "stopped by a signal or --run-for; --check-profile: the profile can run"
        case .failure: "an unexpected failure (the message says what)"
        case .brokenProfile: "broken profile: --check-profile found errors, or a start refused it"
        case .rigUnsafe: "the rig could not be opened or made safe"
        case .state: "state database missing, damaged, unreadable, or not saved at stop"
        case .socket: "control socket unavailable"
        case .usage: "usage error: an unknown option or a bad value"
        }
    }
}
