/// What a control-loop runner calls with every snapshot it publishes, boxed in a class, in two
/// parts: `notices` looks at the snapshot where it is published, and says whether `act` must run;
/// `act` then runs once for that publication, in publication order.
///
/// The real-time loop calls `notices` on its own thread, inside the wake: it must only look (a
/// short lock at most), never block, resume a task, yield to a stream or ring a doorbell, any of
/// which may start a thread on the loop's CPU. It runs `act` on its relay's thread, where that is
/// safe (`LoopRelay`), so a publication that needs nothing done costs the loop no hand-over.
///
/// Keep a runner's observer in this box, never as a bare closure inside a generic container such
/// as `Mutex<((CycleSnapshot) -> Void)?>`: reading the closure back with `withLock { $0 }` passes it
/// `inout` through reabstraction thunks, and the compiler writes the thunked closure back, so every
/// read wraps it in two more thunks. The chain grows with every publication until a call through it
/// overflows the stack (issue 13: the virtual clock crashed after ~214 simulated days). A class
/// reference is stored and read as it is.
public final class PublicationObserver: Sendable {
    private let noticing: @Sendable (CycleSnapshot) -> Bool
    /// What to do for a publication `notices` asked for (on a thread that may start threads).
    public let act: @Sendable () -> Void

    public init(notices: @escaping @Sendable (CycleSnapshot) -> Bool, then act: @escaping @Sendable () -> Void) {
        noticing = notices
        self.act = act
    }

    /// An observer that only looks: `observer` runs where the snapshot is published, and must
    /// only look, as `notices` must.
    public convenience init(_ observer: @escaping @Sendable (CycleSnapshot) -> Void) {
        self.init(notices: { observer($0); return false }, then: {})
    }

    /// Whether `snapshot` needs `act`, on the caller's (the publishing) thread.
    public func notices(_ snapshot: CycleSnapshot) -> Bool {
        noticing(snapshot)
    }

    /// Looks at `snapshot`, then acts if it asked to, both on the caller's thread: for a runner
    /// whose publishing thread may start threads (the virtual clock's).
    public func call(_ snapshot: CycleSnapshot) {
        if noticing(snapshot) { act() }
    }
}
