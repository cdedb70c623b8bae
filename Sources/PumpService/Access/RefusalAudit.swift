/// Rate limit for the audit of refused calls, so a flood of refusals cannot fill the event log.
///
/// Fixed windows on the monotonic clock: at most `perWindow` refusals are written in each window
/// of `window` nanoseconds; the rest are counted, and the next one written says how many were
/// left out before it ("N more refusals suppressed"). Pure value type; the caller supplies time.
struct RefusalAudit: Sendable {
    /// What to do with one refusal.
    enum Decision: Equatable, Sendable {
        /// Write it, saying that `suppressedBefore` refusals since the last one written were not.
        case write(suppressedBefore: Int)
        case suppress
    }

    let perWindow: Int
    let window: Int64
    private var windowStart: Int64?
    private var written = 0
    private var suppressed = 0

    init(perWindow: Int = 10, windowNanoseconds: Int64 = 60_000_000_000) {
        precondition(perWindow > 0 && windowNanoseconds > 0)
        self.perWindow = perWindow
        self.window = windowNanoseconds
    }

    /// A refusal at monotonic `nanoseconds`.
    mutating func admit(at nanoseconds: Int64) -> Decision {
        if let start = windowStart, nanoseconds - start < window, nanoseconds >= start {
            guard written < perWindow else {
                suppressed += 1
                return .suppress
            }
        } else {
            windowStart = nanoseconds
            written = 0
        }
        written += 1
        defer { suppressed = 0 }
        return .write(suppressedBefore: suppressed)
    }
}
