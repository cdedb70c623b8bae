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
    /// How often the state files are checked for deletion or replacement when nothing watches
    /// them; also the pace of a failed storage's probes and of attempts to remake the space reserve.
    public static let fileCheckInterval: Int64 = 1_000_000_000
    /// How often they are checked all the same while inotify watches them (`StateFileWatch`, which
    /// has the check run at once on a change): the backstop for what it cannot see.
    public static let watchedFileCheckInterval: Int64 = 60_000_000_000
    /// How often this watchdog asks for the file check.
    public let fileCheckEvery: Int64
    /// How often the write-ahead log is folded into the main file: the -wal never holds more than
    /// this much of the pump's history.
    public static let foldInterval: Int64 = 600_000_000_000
    private var lastFileCheck: Int64?
    private var lastFold: Int64?

    private var lastProbe: Int64?

    public init(writeTimeout: TimeSpan, fileCheckEvery: Int64 = StorageWatchdog.fileCheckInterval) {
        self.writeTimeout = writeTimeout
        self.fileCheckEvery = fileCheckEvery
    }

    /// Whether a failed storage is due to be tried again (once a second).
    public mutating func probeDue(now: Int64) -> Bool {
        if let last = lastProbe, now - last < Self.fileCheckInterval { return false }
        lastProbe = now
        return true
    }

    /// When the next check is due after one at `now` (CLOCK_MONOTONIC nanoseconds), with the
    /// oldest write not yet finished handed over at `oldestWrite` (nil: none), and the space
    /// reserve to remake or not.
    ///
    /// The storage task sleeps until then or until a write is handed to the idle writer
    /// (`StorageWriter.handedToIdle`), with no other wake: a busy writer is looked at again just
    /// as its oldest write outlasts the bound, an idle one only when the file check or the fold is
    /// due, or each `fileCheckInterval` while the reserve is missing. Never sooner than
    /// `minimumSpacing` after `now`: a failed or overdue storage is checked at the old poll's
    /// pace, not in a spin.
    public func nextCheck(oldestWrite: Int64?, reserveMissing: Bool, now: Int64) -> Int64 {
        var due = min((lastFileCheck ?? now) + fileCheckEvery, (lastFold ?? now) + Self.foldInterval)
        if let oldestWrite { due = min(due, oldestWrite + writeTimeout.nanoseconds + 1) }
        if reserveMissing { due = min(due, now + Self.fileCheckInterval) }
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
        if lastFileCheck.map({ now - $0 >= fileCheckEvery }) ?? true {
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
