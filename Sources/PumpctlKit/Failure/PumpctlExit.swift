/// pumpctl's exit codes, which scripts can rely on.
public enum PumpctlExit: Int32, Sendable, CaseIterable, CustomStringConvertible {
    /// The command did what was asked.
    case success = 0
    /// The daemon refused the request with a Varlink error (LimitExceeded, InvalidPrescription,
    /// Lockout, …), or stopped a bolus or priming before it completed.
    case refused = 1
    /// The command line was wrong: an unknown flag, a value that is not a valid quantity or time,
    /// an unreadable prescription file, or a confirmation needed from a non-interactive stdin.
    case usage = 2
    /// The connection failed: a timeout, a reply that is not valid Varlink, or something at the
    /// socket path that is not a socket.
    case transport = 3
    /// The caller's role does not allow the call.
    case permissionDenied = 4
    /// The user answered no to a confirmation.
    case declined = 5
    /// pumpd is not running: no control socket at the path, or nothing listens on it (refused).
    case notRunning = 6

    public var description: String {
        switch self {
        case .success: "success"
        case .refused: "the daemon refused the request"
        case .usage: "usage error"
        case .transport: "the connection failed"
        case .permissionDenied: "permission denied"
        case .declined: "declined at the confirmation"
        case .notRunning: "pumpd is not running"
        }
    }

    /// The name of a failure with this status in `--json` output: `pumpctl.Usage`.
    public var errorName: String {
        switch self {
        case .success: "Success"
        case .refused: "Refused"
        case .usage: "Usage"
        case .transport: "Transport"
        case .permissionDenied: "PermissionDenied"
        case .declined: "Declined"
        case .notRunning: "NotRunning"
        }
    }

    /// The table for `--help`, wrapped to fit 80 columns.
    public static var helpTable: String {
        allCases.map { status in
            status.helpLines.enumerated().map { index, line in (index == 0 ? "  \(status.rawValue)  " : "     ") + line }
                .joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private var helpLines: [String] {
        switch self {
        case .success: ["success"]
        case .refused: ["pumpd refused (a Varlink error reply: LimitExceeded, InvalidPrescription,", "Lockout, …), or stopped a bolus or priming before it completed"]
        case .usage: ["usage error: bad flags, quantities, times or prescription file; or a", "confirmation needed while stdin is not a terminal (pass --yes)"]
        case .transport: ["the connection failed: no reply in time, a reply that is not Varlink, or", "the socket path names something that is not a socket"]
        case .permissionDenied: ["permission denied: your role does not allow the call"]
        case .declined: ["you declined the confirmation"]
        case .notRunning: ["pumpd is not running: no control socket at the path, or nothing listens", "on it (connection refused)"]
        }
    }
}
