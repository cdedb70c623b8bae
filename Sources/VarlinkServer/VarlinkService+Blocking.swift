#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix

// For a caller outside Swift concurrency, such as a daemon's main thread at start: it waits for the
// event loop's answer itself. The async forms resume on a concurrency executor (the first task of
// a process starts that executor's threads) and the caller must then be woken from there; this
// costs only the event loop's turn.
extension VarlinkService {
    /// Serves a socket made ready ahead of the service (``EarlyListener``): from now on it accepts,
    /// the connections waiting in its backlog first, and this service answers them. Blocks until
    /// the early bind or adoption has ended (at once, when it has); throws its failure, or
    /// ``VarlinkServiceError/shutDown`` (the listener then closed and its file removed). Never call
    /// it from an event loop's thread or an async context.
    public func serve(_ early: EarlyListener) throws(VarlinkServiceError) {
        let listener = try early.listener()
        early.setUp(with: core)
        try registerBlocking(listener)
        // Fails only on a listener already closed, which then serves nothing, as after any close.
        _ = listener.channel.setOption(.autoRead, value: true)
    }

    private func registerBlocking(_ listener: Listener) throws(VarlinkServiceError) {
        if !admit(listener) {
            try? listener.channel.close().wait()
            listener.file?.removeIfStillOurs()
            throw .shutDown
        }
    }
}
