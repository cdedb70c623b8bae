import PumpCore
public import PumpStorage
import Synchronization
public import Varlink

/// The `io.pumpd.Rig.AdvanceTime` calls under way: what each asked, by whom, and how far it has
/// gone. pumpd's stop closes it before it closes the socket: an advance under way then ends at its
/// next chunk and is left open, and the final checkpoint records how far it went
/// (`rigTimeAdvanceCutShort`) in the same write as the state that shows where the clock stopped,
/// whatever becomes of the call itself. Any task may call it; `advanced` runs under the virtual
/// runner's lock, so the runner's stop comes strictly before or after a chunk and its count.
public final class AdvancesUnderWay: Sendable {
    public struct Advance: Sendable, Equatable {
        /// Seconds asked, and seconds advanced so far (whole chunks).
        public let asked: Int64
        public var advanced: Int64
        public let actor: ChangeActor
    }

    private struct State {
        var next = 0
        var open: [Int: Advance] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Registers an advance of `asked` seconds by `actor`; returns its number, or nil once closed
    /// (pumpd is stopping: the advance must not begin).
    public func begin(asked: Int64, actor: ChangeActor) -> Int? {
        state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.open[state.next] = Advance(asked: asked, advanced: 0, actor: actor)
            return state.next
        }
    }

    /// Advance `number` moved the clock `seconds` further.
    public func advanced(_ number: Int, by seconds: Int64) {
        state.withLock { $0.open[number]?.advanced += seconds }
    }

    /// Advance `number` ended other than by the stop (done, or recorded by its call): nothing is
    /// left to record for it. False when the final checkpoint took it first (it records it).
    @discardableResult
    public func end(_ number: Int) -> Bool {
        state.withLock { $0.open.removeValue(forKey: number) != nil }
    }

    /// pumpd is stopping: no advance begins, and those under way end at their next chunk.
    public func close() { state.withLock { $0.closed = true } }

    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Closes, and returns the advances the stop cut short (still open, short of what they
    /// asked), in the order they began.
    public func takeOpen() -> [Advance] {
        state.withLock { state in
            state.closed = true
            defer { state.open = [:] }
            return state.open.sorted { $0.key < $1.key }.map(\.value).filter { $0.advanced < $0.asked }
        }
    }

    /// Why an advance ended early, as its record says.
    public enum Cause: String, Sendable {
        case stop = "pumpd's stop"
        case failedWrite = "a failed state write"
    }

    /// The record of `advance`, ended early by `cause`: summary and detail (`advanced`, `asked`: s;
    /// `cause`).
    public static func cutShortRecord(_ advance: Advance, cause: Cause) -> (summary: String, detail: JSONObject) {
        (
            "simulated time advance cut short by \(cause.rawValue): advanced by \(QuantityFormatter.duration(seconds: advance.advanced)) "
                + "of the \(QuantityFormatter.duration(seconds: advance.asked)) asked",
            ["advanced": .integer(advance.advanced), "asked": .integer(advance.asked), "cause": .string(cause.rawValue)]
        )
    }
}
