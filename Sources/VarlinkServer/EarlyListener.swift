import Dispatch
import NIOCore
import NIOPosix
import Synchronization

/// A service's socket made ready while a daemon starts, before the service exists: bound (or
/// adopted from systemd) on the ahead-started event loop's thread while the daemon's main thread
/// opens its state. It accepts no connection until a service serves it
/// (``VarlinkService/serve(_:)``).
///
/// A socket bound for a path is bound in a private staging directory beside it, and only `serve`
/// puts it at the path, with `bind`'s checks (a live socket or another kind of file there is
/// refused and left alone, a stale socket replaced) made then: by a daemon that holds its state,
/// so of two daemons started on one state and one socket, the one refused the state never touches
/// the path, and the path never names a socket that answers nothing. A client connecting before
/// finds no socket there, as before the early bind. A start that fails before serving calls
/// ``abandon()``: the staged socket is closed and its directory removed. An adopted descriptor
/// (socket activation) is already at its path: connections wait in it until served, and after an
/// abandon they stay in systemd's socket for the next start.
public final class EarlyListener: Sendable {
    /// A socket bound in its staging directory, not yet at its path.
    struct Staged: Sendable {
        let channel: any Channel
        let socket: StagedSocket
        /// Where `serve` puts it.
        let destination: String
        let mode: UInt32
        let group: UInt32?
    }

    /// What the bind or adoption made: a staged socket, or an adopted listener (already where it
    /// is served from).
    enum Made: Sendable {
        case staged(Staged)
        case adopted(VarlinkService.Listener)
    }

    private let outcome = Mutex<Result<Made, VarlinkServiceError>?>(nil)
    private let ended = DispatchSemaphore(value: 0)
    /// What sets up each accepted connection: nil until served (nothing is accepted before then;
    /// a connection that were would be closed, never answered).
    private let service = Mutex<ServiceCore?>(nil)

    private init() {}

    /// Starts binding a socket for `path`, in a staging directory beside it, on `loop`'s thread,
    /// once it runs; returns at once. `serve` gives it permissions `mode` (and group `group`) and
    /// puts it at `path`.
    public static func bind(path: String, mode: UInt32 = 0o660, group: UInt32? = nil, on loop: VarlinkEventLoop) -> EarlyListener {
        let early = EarlyListener()
        loop.execute { threads in
            let staged: StagedSocket
            do throws(VarlinkServiceError) { staged = try StagedSocket.makeDirectory(for: path) } catch {
                early.end(.failure(error))
                return
            }
            early.bootstrap(on: threads).bind(unixDomainSocketPath: staged.path).whenComplete { result in
                switch result {
                case .success(let channel):
                    early.end(.success(.staged(Staged(channel: channel, socket: staged, destination: path, mode: mode, group: group))))
                case .failure(let error):
                    staged.remove()
                    early.end(.failure(.bindFailed(path: path, reason: "\(error)")))
                }
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
                    early.end(result.map { .adopted($0) }.mapError { VarlinkService.failure($0, adopting: descriptor) })
                }
            } catch {
                early.end(.failure(error))
            }
        }
        return early
    }

    /// Closes the socket unserved and removes its staging directory, once the bind has ended
    /// (an adopted socket: the connections waiting stay in systemd's); nothing when it failed. The
    /// socket's path is never touched. For a start that fails before serving; never after
    /// ``VarlinkService/serve(_:)``, nor from the event loop.
    public func abandon() {
        guard let made = try? made() else { return }
        switch made {
        case .staged(let staged):
            try? staged.channel.close().wait()
            staged.socket.remove()
        case .adopted(let listener):
            if listener.channel.isActive { try? listener.channel.close().wait() }
        }
    }

    /// The bound or adopted socket once the work has ended, or its failure.
    func made() throws(VarlinkServiceError) -> Made {
        if outcome.withLock({ $0 }) == nil {
            ended.wait()
            ended.signal()
        }
        return try outcome.withLock { $0 }!.get()
    }

    /// The socket to serve: an adopted one as it is; a staged one put at its path, with its mode
    /// and group, once the path proves servable (closed, and its directory removed, when not).
    /// Called once, by `serve`.
    func listener() throws(VarlinkServiceError) -> VarlinkService.Listener {
        switch try made() {
        case .adopted(let listener): return listener
        case .staged(let staged):
            defer { staged.socket.remove() }
            do throws(VarlinkServiceError) {
                try StagedSocket.checkServable(staged.destination)
                if let failure = staged.socket.place(at: staged.destination, mode: staged.mode, group: staged.group) { throw failure }
            } catch {
                try? staged.channel.close().wait()
                throw error
            }
            return VarlinkService.Listener(channel: staged.channel, file: SocketFile.socket(at: staged.destination))
        }
    }

    /// From now on, accepted connections are set up by `core`.
    func setUp(with core: ServiceCore) { service.withLock { $0 = core } }

    private func end(_ result: Result<Made, VarlinkServiceError>) {
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
