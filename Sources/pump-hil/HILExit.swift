import ArgumentParser
import Foundation

/// pump-hil's exit statuses: what `--help` documents is this list, and a test holds the binary to it.
enum HILExit: Int32, CaseIterable {
    /// Every scenario passed (accuracy: the curve was measured, within the limit when required).
    case passed = 0
    /// A scenario failed (accuracy: --require-within-limit and a window exceeded the limit).
    case failed = 1
    /// A scenario file is broken or cannot be read: every problem is printed and nothing ran.
    case broken = 2
    /// The harness could not do its work: pumpd would not start for accuracy, a balance or its
    /// CSV could not be read, a report could not be written.
    case harness = 3
    /// The command line is wrong (an unknown option, a missing or malformed value): nothing ran.
    case usage = 64

    var meaning: String {
        switch self {
        case .passed: "every scenario passed (accuracy: measured, within the limit when required)"
        case .failed: "a scenario failed (accuracy: --require-within-limit and a window exceeded it)"
        case .broken: "a scenario file is broken or unreadable (every problem is printed; nothing ran)"
        case .harness: "the harness could not do its work (a balance or its CSV unreadable, a report unwritable, pumpd not started)"
        case .usage: "the command line is wrong (unknown option, missing or malformed value; nothing ran)"
        }
    }

    var code: ExitCode { ExitCode(rawValue) }

    /// Runs a command's work: its own exits and command-line errors pass through; any other
    /// error is printed and becomes ``harness`` (ArgumentParser would exit 1, which means failed).
    static func guarding(_ work: () throws -> Void) throws {
        do { try work() } catch let error as ExitCode { throw error } catch let error as ValidationError { throw error } catch {
            FileHandle.standardError.write(Data("pump-hil: \(error)\n".utf8))
            throw harness.code
        }
    }

    /// The help's paragraph: `Exit codes: 0 …; 1 …; 2 …; 3 …; 64 ….`
    static var help: String { "Exit codes: " + allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ") + "." }
}
