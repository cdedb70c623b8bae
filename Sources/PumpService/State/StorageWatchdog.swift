public import PumpCore

/// The storage task's judgement, at each check, of whether storage still works: a write that has
/// not completed within the profile's bound, or a state file deleted or replaced under the
/// daemon, is a storage failure (the service raises the critical alarm, which stops delivery
/// from the loop's side without waiting for storage). It also says when the write-ahead log is
/// due to be folded into the main file. Pure bookkeeping: time is a parameter.
public struct StorageWatchdog: Sendable {
    public enum Verdict: Equatable, Sendable {
        /// Storage failed, for this reason.
        case failed(String)
        /// A write is running or waiting: leave periodic work for later.
        case busy
        /// Nothing is running, and the state files are due to be checked (on the writer's thread,
        /// so no write's seal rename is half done): any finding is a storage failure.
        case checkFiles
        /// Nothing is running, and the log is due to be folded.
        case foldLog
        case idle
    }

    public let writeTimeout: TimeSpan
    /// How often the state files are checked for deletion or replacement.
    public static let fileCheckInterval: Int64 = 1_000_000_000
    /// How often the write-ahead log is folded into the main file: the -wal never holds more than
    /// this much of the pump's history.
    public static let foldInterval: Int64 = 600_000_000_000
    private var lastFileCheck: Int64?
    private var lastFold: Int64?

    private var lastProbe: Int64?

    public init(writeTimeout: TimeSpan) { self.writeTimeout = writeTimeout }

    /// Whether a failed storage is due to be tried again (once a second).
    public mutating func probeDue(now: Int64) -> Bool {
        if let last = lastProbe, now - last < Self.fileCheckInterval { return false }
        lastProbe = now
        return true
    }

    /// When the next check is due after one at `now` (CLOCK_MONOTONIC nanoseconds), with the
    /// oldest write not yet finished waiting or running for `busy` nanoseconds (0: none).
    ///
    /// The storage task sleeps until then, with no other wake: an idle writer is looked at again
    /// within the file-check interval and within the write bound (so a write handed over
    /// meanwhile is never more than the bound old unseen), and a busy one exactly when its
    /// oldest write outlasts the bound, or at the file-check interval (to check files soon after
    /// it finishes), whichever comes first. Never sooner than `minimumSpacing` after `now`: a
    /// failed or overdue storage is checked at the old poll's pace, not in a spin.
    public func nextCheck(busy: Int64, now: Int64) -> Int64 {
        let fileCheck = (lastFileCheck ?? now) + Self.fileCheckInterval
        var due = min(fileCheck, (lastFold ?? now) + Self.foldInterval)
        if busy > 0 {
            due = min(due, now - busy + writeTimeout.nanoseconds + 1, now + Self.fileCheckInterval)
        } else {
            due = min(due, now + writeTimeout.nanoseconds)
        }
        return max(due, now + Self.minimumSpacing)
    }

    /// The shortest sleep between two checks (the pace of the poll this replaced).
    public static let minimumSpacing: Int64 = 100_000_000

    /// When a failed storage is next due to be tried again (at once before the first probe).
    public func nextProbe(now: Int64) -> Int64 { (lastProbe ?? now) + Self.fileCheckInterval }

    /// `now`: CLOCK_MONOTONIC nanoseconds.
    public mutating func check(writer: StorageWriter, now: Int64) -> Verdict {
        let busy = writer.busyFor(now: now)
        if busy > writeTimeout.nanoseconds {
            return .failed(
                "a state write has not completed in \(busy / 1_000_000) ms; the profile allows "
                    + "\(writeTimeout.nanoseconds / 1_000_000) ms ([checkpoint] write_timeout_ms)")
        }
        if writer.isBusy { return .busy }
        if lastFileCheck.map({ now - $0 >= Self.fileCheckInterval }) ?? true {
            lastFileCheck = now
            return .checkFiles
        }
        guard let last = lastFold else {
            lastFold = now
            return .idle
        }
        if now - last >= Self.foldInterval {
            lastFold = now
            return .foldLog
        }
        return .idle
    }
}
