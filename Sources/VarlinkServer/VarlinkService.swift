#if canImport(Glibc)
import Glibc
#endif
public import NIOCore
import NIOPosix
import Synchronization
import Varlink

/// A Varlink service on Unix stream sockets.
///
/// Serves `org.varlink.service` itself and routes every other call to the ``VarlinkInterface``
/// named by its method's interface part. Each connection handles its calls strictly in order (a
/// pipelined call starts only after the previous one finished); connections are independent, so a
/// slow or hostile client only ever stalls itself.
///
/// Requests that are not valid calls are answered with `<protocolErrorInterface>.MalformedRequest
/// {"reason": String, "offset": Int}` and the connection stays usable. A request longer than
/// `maxMessageBytes` is answered with `<protocolErrorInterface>.RequestTooLarge {"limitBytes"}`
/// and the connection closed. Calls with `upgrade` are refused with
/// `org.varlink.service.InvalidParameter {"parameter": "upgrade"}`. A client that half-closes its
/// end is disconnected (its call in progress is cancelled). See ``Limits`` for the bounds.
///
/// Call ``shutdown()`` before releasing the service.
public final class VarlinkService: Sendable {
    struct Listener: Sendable {
        let channel: any Channel
        /// The socket file `bind` created; nil for an adopted descriptor.
        let file: SocketFile?
    }

    private struct State {
        var listeners: [Listener] = []
        var isShutDown = false
    }

    let core: ServiceCore
    private let group: any EventLoopGroup
    private let ownsGroup: Bool
    private let state = Mutex(State())

    /// - Parameters:
    ///   - interfaces: served in this order (as GetInfo lists them); names must be unique.
    ///   - eventLoopGroup: where connections run; by default a group of one thread that the service
    ///     owns and shuts down in ``shutdown()``.
    /// - Throws: ``VarlinkServiceError/invalidConfiguration(_:)``.
    public init(
        configuration: Configuration, interfaces: [any VarlinkInterface], eventLoopGroup: (any EventLoopGroup)? = nil
    ) throws(VarlinkServiceError) {
        core = try ServiceCore(configuration: configuration, interfaces: interfaces)
        if let eventLoopGroup {
            group = eventLoopGroup
            ownsGroup = false
        } else {
            group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            ownsGroup = true
        }
    }

    /// A service on an event loop started ahead of it, which the service owns and shuts down in
    /// ``shutdown()`` (or at once, when the configuration is refused).
    /// - Throws: ``VarlinkServiceError/invalidConfiguration(_:)``.
    public init(configuration: Configuration, interfaces: [any VarlinkInterface], eventLoop: VarlinkEventLoop) throws(VarlinkServiceError) {
        do { core = try ServiceCore(configuration: configuration, interfaces: interfaces) } catch {
            try? eventLoop.group.syncShutdownGracefully()
            throw error
        }
        group = eventLoop.group
        ownsGroup = true
    }

    public var configuration: Configuration { core.configuration }

    /// Creates a socket file at `path` with permissions `mode` (and group `group`, when given) and
    /// serves it.
    ///
    /// A stale socket file at `path` (nothing accepts on it) is replaced; a live one, or any other
    /// kind of file, is left alone and refused. The socket is bound in a private directory next to
    /// `path`, given `mode` and `group`, and then renamed into place, so it never appears at `path`
    /// with other permissions or another group. ``shutdown()`` removes the file.
    public func bind(path: String, mode: UInt32 = 0o660, group: UInt32? = nil) async throws(VarlinkServiceError) {
        try checkNotShutDown()
        let bound = try Self.listen(at: path, mode: mode, group: group, with: makeBootstrap())
        let listener: Listener
        do { listener = try await bound.get() } catch { throw Self.failure(error, listening: path) }
        try await register(listener)
    }

    /// Serves an already bound and listening Unix stream socket, e.g. one systemd passed (socket
    /// activation, `LISTEN_FDS`). The service owns the descriptor from now on and closes it at
    /// shutdown; it never touches the socket's file.
    public func adopt(descriptor: Int32) async throws(VarlinkServiceError) {
        try checkNotShutDown()
        let adopted = try Self.adopt(descriptor, with: makeBootstrap())
        let listener: Listener
        do { listener = try await adopted.get() } catch { throw Self.failure(error, adopting: descriptor) }
        try await register(listener)
    }

    /// Stops accepting, closes every connection (cancelling their handlers), waits up to
    /// `shutdownGracePeriod` for handlers to return, removes the socket files `bind` created and
    /// shuts down the event loop group if the service owns it. Idempotent.
    public func shutdown() async {
        let listeners: [Listener]? = state.withLock { state in
            if state.isShutDown { return nil }
            state.isShutDown = true
            defer { state.listeners = [] }
            return state.listeners
        }
        guard let listeners else { return }
        for listener in listeners {
            try? await listener.channel.close()
            listener.file?.removeIfStillOurs()
        }
        let connections = core.registry.stopAdmitting()
        for connection in connections { connection.close(promise: nil) }
        for connection in connections { try? await connection.closeFuture.get() }
        core.tasks.cancelAll()
        await core.tasks.waitUntilFinished(within: core.limits.shutdownGracePeriod)
        core.gate.close()
        if ownsGroup { try? await group.shutdownGracefully() }
    }

    // MARK: Helpers

    func makeBootstrap() -> ServerBootstrap {
        Self.makeBootstrap(group: group, accepting: true) { [core] channel in core.initializeConnection(channel) }
    }

    /// How every listener accepts connections, each set up by `setUp`. With `accepting` false the
    /// listener accepts nothing until its `autoRead` option is turned on (an ``EarlyListener``
    /// until it is served): a client connecting meanwhile waits in the backlog.
    static func makeBootstrap(
        group: any EventLoopGroup, accepting: Bool, setUp: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            .serverChannelOption(.autoRead, value: accepting)
            // One read per readable event, so holding back `read()` bounds what a connection buffers.
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelInitializer(setUp)
    }

    /// Binds a socket for `path` with `bootstrap` and places it there (see ``bind(path:mode:group:)``):
    /// the path's checks and the staging directory now, on the calling thread; the bind, the mode,
    /// the group and the rename on the event loop. The future fails with a ``VarlinkServiceError``.
    static func listen(
        at path: String, mode: UInt32, group: UInt32?, with bootstrap: ServerBootstrap
    ) throws(VarlinkServiceError) -> EventLoopFuture<Listener> {
        let staged = try StagedSocket.make(for: path)
        let bound = bootstrap.bind(unixDomainSocketPath: staged.path)
        let placed = bound.eventLoop.makePromise(of: Listener.self)
        bound.whenComplete { result in
            defer { staged.remove() }
            switch result {
            case .failure(let error):
                placed.fail(VarlinkServiceError.bindFailed(path: path, reason: "\(error)"))
            case .success(let channel):
                if let failure = staged.place(at: path, mode: mode, group: group) {
                    channel.close(promise: nil)
                    placed.fail(failure)
                } else {
                    placed.succeed(Listener(channel: channel, file: SocketFile.socket(at: path)))
                }
            }
        }
        return placed.futureResult
    }

    /// Serves `descriptor` with `bootstrap` once it proves a listening Unix stream socket. The
    /// future fails with a ``VarlinkServiceError``.
    static func adopt(_ descriptor: Int32, with bootstrap: ServerBootstrap) throws(VarlinkServiceError) -> EventLoopFuture<Listener> {
        try checkAdoptable(descriptor)
        return bootstrap.withBoundSocket(descriptor).map { Listener(channel: $0, file: nil) }.flatMapErrorThrowing { error in
            throw VarlinkServiceError.adoptFailed(descriptor: descriptor, reason: "\(error)")
        }
    }

    /// What a failed `listen` future carries, typed.
    static func failure(_ error: any Error, listening path: String) -> VarlinkServiceError {
        error as? VarlinkServiceError ?? .bindFailed(path: path, reason: "\(error)")
    }

    /// What a failed `adopt` future carries, typed.
    static func failure(_ error: any Error, adopting descriptor: Int32) -> VarlinkServiceError {
        error as? VarlinkServiceError ?? .adoptFailed(descriptor: descriptor, reason: "\(error)")
    }

    func checkNotShutDown() throws(VarlinkServiceError) {
        if state.withLock({ $0.isShutDown }) { throw .shutDown }
    }

    /// Refuses a descriptor that is not a listening Unix stream socket.
    static func checkAdoptable(_ descriptor: Int32) throws(VarlinkServiceError) {
        var domain: Int32 = 0
        var accepting: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_DOMAIN, &domain, &length) == 0,
            getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0
        else { throw .adoptFailed(descriptor: descriptor, reason: String(cString: strerror(errno))) }
        guard domain == AF_UNIX else { throw .adoptFailed(descriptor: descriptor, reason: "not a Unix socket") }
        guard accepting != 0 else { throw .adoptFailed(descriptor: descriptor, reason: "the socket is not listening") }
    }

    private func register(_ listener: Listener) async throws(VarlinkServiceError) {
        if !admit(listener) {
            try? await listener.channel.close()
            listener.file?.removeIfStillOurs()
            throw .shutDown
        }
    }

    /// Serves `listener` from now on, unless the service has been shut down (false).
    func admit(_ listener: Listener) -> Bool {
        state.withLock { state in
            if state.isShutDown { return false }
            state.listeners.append(listener)
            return true
        }
    }
}
