import ArgumentParser

/// pump-hil's exit statuses: what `--help` documents is this list, and a test holds the binary to it.
enum HILExit: Int32, CaseIterable {
    /// Every scenario passed (accuracy: the curve was measured, within the limit when required).
    case passed = 0
    /// A scenario failed (accuracy: --require-within-limit and a window exceeded the limit).
    case failed = 1
    /// A scenario file is broken: every problem is printed and nothing ran.
    case broken = 2
    /// The command line is wrong (an unknown option, a missing or malformed value): nothing ran.
    case usage = 64

    var meaning: String {
        switch self {
        case .passed: "every scenario passed (accuracy: measured, within the limit when required)"
        case .failed: "a scenario failed (accuracy: --require-within-limit and a window exceeded it)"
        case .broken: "a scenario file is broken (every problem is printed; nothing ran)"
        case .usage: "the command line is wrong (unknown option, missing or malformed value; nothing ran)"
        }
    }

    var code: ExitCode { ExitCode(rawValue) }

    /// The help's paragraph: `Exit codes: 0 …; 1 …; 2 …; 64 ….`
    static var help: String { "Exit codes: " + allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ") + "." }
}
