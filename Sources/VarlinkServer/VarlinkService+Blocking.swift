#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix

// For a caller outside Swift concurrency, such as a daemon's main thread at start: it waits for the
// event loop's answer itself. The async forms resume on a concurrency executor (the first task of
// a process starts that executor's threads) and the caller must then be woken from there; these
// cost only the event loop's turn.
extension VarlinkService {
    /// ``bind(path:mode:group:)``, blocking the calling thread until the socket is served or
    /// refused. Never call it from an event loop's thread or an async context.
    public func bindBlocking(path: String, mode: UInt32 = 0o660, group: UInt32? = nil) throws(VarlinkServiceError) {
        try checkNotShutDown()
        let bound = try Self.listen(at: path, mode: mode, group: group, with: makeBootstrap())
        let listener: Listener
        do { listener = try bound.wait() } catch { throw Self.failure(error, listening: path) }
        try registerBlocking(listener)
    }

    /// ``adopt(descriptor:)``, blocking the calling thread until the socket is served or refused.
    /// Never call it from an event loop's thread or an async context.
    public func adoptBlocking(descriptor: Int32) throws(VarlinkServiceError) {
        try checkNotShutDown()
        let adopted = try Self.adopt(descriptor, with: makeBootstrap())
        let listener: Listener
        do { listener = try adopted.wait() } catch { throw Self.failure(error, adopting: descriptor) }
        try registerBlocking(listener)
    }

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
