/// The callback a control-loop runner calls with every snapshot it publishes, boxed in a class.
///
/// Keep a runner's observer in this box, never as a bare closure inside a generic container such
/// as `Mutex<((CycleSnapshot) -> Void)?>`: reading the closure back with `withLock { $0 }` passes it
/// `inout` through reabstraction thunks, and the compiler writes the thunked closure back, so every
/// read wraps it in two more thunks. The chain grows with every publication until a call through it
/// overflows the stack (issue 13: the virtual clock crashed after ~214 simulated days). A class
/// reference is stored and read as it is.
public final class PublicationObserver: Sendable {
    private let observer: @Sendable (CycleSnapshot) -> Void

    public init(_ observer: @escaping @Sendable (CycleSnapshot) -> Void) {
        self.observer = observer
    }

    /// Calls the observer with `snapshot`, on the caller's thread.
    public func call(_ snapshot: CycleSnapshot) {
        observer(snapshot)
    }
}
