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
    struct Listener {
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
        let staged = try stage(path)
        defer { staged.remove() }
        let channel: any Channel
        do {
            channel = try await makeBootstrap().bind(unixDomainSocketPath: staged.path).get()
        } catch {
            throw .bindFailed(path: path, reason: "\(error)")
        }
        if let failure = place(staged, at: path, mode: mode, group: group) {
            try? await channel.close()
            throw failure
        }
        try await register(Listener(channel: channel, file: SocketFile.socket(at: path)))
    }

    /// Serves an already bound and listening Unix stream socket, e.g. one systemd passed (socket
    /// activation, `LISTEN_FDS`). The service owns the descriptor from now on and closes it at
    /// shutdown; it never touches the socket's file.
    public func adopt(descriptor: Int32) async throws(VarlinkServiceError) {
        try checkAdoptable(descriptor)
        let channel: any Channel
        do {
            channel = try await makeBootstrap().withBoundSocket(descriptor).get()
        } catch {
            throw .adoptFailed(descriptor: descriptor, reason: "\(error)")
        }
        try await register(Listener(channel: channel, file: nil))
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
        let core = self.core
        let readSize = max(1024, min(65_536, core.limits.maxMessageBytes))
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            // One read per readable event, so holding back `read()` bounds what a connection buffers.
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: min(2048, readSize), maximum: readSize))
            .childChannelInitializer { channel in core.initializeConnection(channel) }
    }

    private func checkNotShutDown() throws(VarlinkServiceError) {
        if state.withLock({ $0.isShutDown }) { throw .shutDown }
    }

    /// A private directory next to a socket's final path, where it is bound before it is placed.
    struct StagedSocket {
        let directory: String
        var path: String { directory + "/s" }

        func remove() {
            unlink(path)
            rmdir(directory)
        }
    }

    /// Checks that `path` may be served and makes the directory its socket is bound in.
    func stage(_ path: String) throws(VarlinkServiceError) -> StagedSocket {
        try checkNotShutDown()
        try prepareSocketPath(path)
        let directory = SocketFile.directory(of: path)
        // `sun_path` holds 107 bytes; the staged path is `<directory>/.vl-XXXXXX/s`.
        guard directory.utf8.count + 13 <= 107, path.utf8.count <= 107 else {
            throw .bindFailed(path: path, reason: "the socket path is too long (its directory may have at most 94 bytes)")
        }
        var template = Array("\(directory)/.vl-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw .socketPathFailed(path: directory, call: "mkdtemp", errno: errno) }
        return StagedSocket(directory: template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    /// Gives the bound `staged` socket its mode and group and renames it to `path`; the failure,
    /// if any (the caller closes the channel and throws it).
    func place(_ staged: StagedSocket, at path: String, mode: UInt32, group: UInt32?) -> VarlinkServiceError? {
        if chmod(staged.path, mode_t(mode)) != 0 { return .socketPathFailed(path: path, call: "chmod", errno: errno) }
        if let group, chown(staged.path, uid_t.max, gid_t(group)) != 0 { return .socketPathFailed(path: path, call: "chown", errno: errno) }
        if rename(staged.path, path) != 0 { return .socketPathFailed(path: path, call: "rename", errno: errno) }
        return nil
    }

    /// Refuses a descriptor that is not a listening Unix stream socket.
    func checkAdoptable(_ descriptor: Int32) throws(VarlinkServiceError) {
        try checkNotShutDown()
        var domain: Int32 = 0
        var accepting: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_DOMAIN, &domain, &length) == 0,
            getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0
        else { throw .adoptFailed(descriptor: descriptor, reason: String(cString: strerror(errno))) }
        guard domain == AF_UNIX else { throw .adoptFailed(descriptor: descriptor, reason: "not a Unix socket") }
        guard accepting != 0 else { throw .adoptFailed(descriptor: descriptor, reason: "the socket is not listening") }
    }

    /// Refuses a path holding anything but a stale socket (which the rename will replace).
    private func prepareSocketPath(_ path: String) throws(VarlinkServiceError) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw .socketPathFailed(path: path, call: "lstat", errno: errno)
        }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw .pathOccupied(path: path, fileType: SocketFile.typeName(status.st_mode))
        }
        if (try? VarlinkConnection(path: path)) != nil { throw .socketInUse(path: path) }
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
