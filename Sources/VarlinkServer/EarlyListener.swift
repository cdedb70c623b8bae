import Dispatch
import NIOCore
import NIOPosix
import Synchronization

/// A service's socket made ready while a daemon starts, before the service exists: bound at its
/// path (or adopted from systemd) on the ahead-started event loop's thread while the daemon's main
/// thread opens its state. It accepts no connection until a service serves it
/// (``VarlinkService/serve(_:)``): a client connecting meanwhile waits in the socket's backlog, and
/// its request is read and answered only once the service is ready, by that service.
///
/// The bind's checks are `bind`'s (a live socket or another kind of file at the path is refused
/// and left alone, a stale socket replaced); its failure is reported by `serve`. A start that fails
/// before serving calls ``abandon()``: a socket it bound is closed unserved, which closes the
/// connections waiting in it, and the file it placed is removed; an adopted descriptor is closed,
/// and the connections waiting stay in systemd's socket for the next start.
public final class EarlyListener: Sendable {
    private let outcome = Mutex<Result<VarlinkService.Listener, VarlinkServiceError>?>(nil)
    private let ended = DispatchSemaphore(value: 0)
    /// What sets up each accepted connection: nil until served (nothing is accepted before then;
    /// a connection that were would be closed, never answered).
    private let service = Mutex<ServiceCore?>(nil)

    private init() {}

    /// Starts binding a socket at `path` with permissions `mode` (and group `group`) on `loop`'s
    /// thread, once it runs; returns at once.
    public static func bind(path: String, mode: UInt32 = 0o660, group: UInt32? = nil, on loop: VarlinkEventLoop) -> EarlyListener {
        let early = EarlyListener()
        loop.execute { threads in
            do throws(VarlinkServiceError) {
                try VarlinkService.listen(at: path, mode: mode, group: group, with: early.bootstrap(on: threads)).whenComplete { result in
                    early.end(result.mapError { VarlinkService.failure($0, listening: path) })
                }
            } catch {
                early.end(.failure(error))
            }
        }
        return early
    }

    /// Starts adopting the listening socket `descriptor` (socket activation) on `loop`'s thread,
    /// once it runs; returns at once.
    public static func adopt(descriptor: Int32, on loop: VarlinkEventLoop) -> EarlyListener {
        let early = EarlyListener()
        loop.execute { threads in
            do throws(VarlinkServiceError) {
                try VarlinkService.adopt(descriptor, with: early.bootstrap(on: threads)).whenComplete { result in
                    early.end(result.mapError { VarlinkService.failure($0, adopting: descriptor) })
                }
            } catch {
                early.end(.failure(error))
            }
        }
        return early
    }

    /// Closes the socket unserved (the connections waiting in it are closed) and removes the file
    /// it placed, once the bind has ended; nothing when it failed. For a start that fails before
    /// serving; never after ``VarlinkService/serve(_:)`` succeeded, nor from the event loop.
    public func abandon() {
        guard let listener = try? listener() else { return }
        if listener.channel.isActive { try? listener.channel.close().wait() }
        listener.file?.removeIfStillOurs()
    }

    /// The bound or adopted socket once the work has ended, or its failure.
    func listener() throws(VarlinkServiceError) -> VarlinkService.Listener {
        if outcome.withLock({ $0 }) == nil {
            ended.wait()
            ended.signal()
        }
        return try outcome.withLock { $0 }!.get()
    }

    /// From now on, accepted connections are set up by `core`.
    func setUp(with core: ServiceCore) { service.withLock { $0 = core } }

    private func end(_ result: Result<VarlinkService.Listener, VarlinkServiceError>) {
        outcome.withLock { $0 = result }
        ended.signal()
    }

    private func bootstrap(on group: any EventLoopGroup) -> ServerBootstrap {
        VarlinkService.makeBootstrap(group: group, accepting: false) { [self] channel in
            guard let core = self.service.withLock({ $0 }) else { return channel.eventLoop.makeFailedFuture(ServiceCore.ConnectionRefused()) }
            return core.initializeConnection(channel)
        }
    }
}
