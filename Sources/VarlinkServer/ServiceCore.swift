#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import Varlink

/// What every connection of a service shares: configuration, interfaces, and the registries that
/// shutdown needs. Immutable apart from those registries' own locked state.
final class ServiceCore: Sendable {
    enum Route {
        /// Answered without a handler: `org.varlink.service` itself, or a routing error.
        case answer(Result<JSONObject, VarlinkError>)
        case handler(any VarlinkInterface)
    }

    let configuration: VarlinkService.Configuration
    let interfaces: [String: any VarlinkInterface]
    /// Interface names in configuration order, for GetInfo.
    let interfaceNames: [String]
    /// Methods each interface's IDL declares; absent when it declares none (then all pass).
    let declaredMethods: [String: Set<String>]
    let gate = LoopGate()
    let registry: ConnectionRegistry
    let tasks: HandlerTasks

    init(configuration: VarlinkService.Configuration, interfaces: [any VarlinkInterface]) throws(VarlinkServiceError) {
        tasks = HandlerTasks(executor: configuration.handlerExecutor)
        let limits = configuration.limits
        guard VarlinkName.isValidInterface(configuration.protocolErrorInterface) else {
            throw .invalidConfiguration("protocolErrorInterface \"\(configuration.protocolErrorInterface)\" is not an interface name")
        }
        guard limits.maxMessageBytes > 0, limits.maxConnections > 0, limits.maxConnectionsPerUser > 0, limits.maxNestingDepth > 0,
            limits.incompleteMessageTimeout > .zero, limits.slowClientTimeout > .zero
        else { throw .invalidConfiguration("limits must be positive: \(limits)") }
        guard limits.reservedForElevated >= 0, limits.reservedForCritical >= 0, limits.capacity(for: .standard) > 0,
            (limits.idleTimeout ?? .seconds(1)) > .zero
        else {
            throw .invalidConfiguration(
                "reserved connections must be non-negative and leave standard connections at least one slot, "
                    + "and an idle timeout must be positive: \(limits)")
        }
        var byName: [String: any VarlinkInterface] = [:]
        var methods: [String: Set<String>] = [:]
        for interface in interfaces {
            guard VarlinkName.isValidInterface(interface.name), interface.name != OrgVarlinkService.name else {
                throw .invalidConfiguration("\"\(interface.name)\" cannot be served as an interface")
            }
            guard byName.updateValue(interface, forKey: interface.name) == nil else {
                throw .invalidConfiguration("interface \(interface.name) is listed twice")
            }
            let names = InterfaceDescription.methodNames(in: interface.description)
            if !names.isEmpty { methods[interface.name] = names }
        }
        self.configuration = configuration
        self.interfaces = byName
        self.interfaceNames = interfaces.map(\.name)
        self.declaredMethods = methods
        self.registry = ConnectionRegistry(limits: limits)
    }

    var limits: VarlinkService.Limits { configuration.limits }

    func route(_ call: VarlinkCall) -> Route {
        if call.upgrade { return .answer(.failure(.invalidParameter("upgrade"))) }
        let interfaceName = call.interface
        if interfaceName == OrgVarlinkService.name { return .answer(OrgVarlinkService.answer(call, core: self)) }
        guard let interface = interfaces[interfaceName] else {
            return .answer(.failure(.interfaceNotFound(interfaceName)))
        }
        if let methods = declaredMethods[interfaceName], !methods.contains(call.methodName) {
            return .answer(.failure(.methodNotFound(call.method)))
        }
        return .handler(interface)
    }

    // MARK: The service's own errors

    private func protocolError(_ member: String, _ parameters: JSONObject) -> VarlinkError {
        VarlinkError("\(configuration.protocolErrorInterface).\(member)", parameters: parameters)
    }

    func malformedRequest(_ error: VarlinkMessageError) -> VarlinkError {
        protocolError("MalformedRequest", ["reason": .string(error.message), "offset": .integer(Int64(error.offset))])
    }

    func requestTooLarge() -> VarlinkError {
        protocolError("RequestTooLarge", ["limitBytes": .integer(Int64(limits.maxMessageBytes))])
    }

    func internalError(_ reason: String) -> VarlinkError { protocolError("InternalError", ["reason": .string(reason)]) }

    func connectionClosed(_ reason: String) -> VarlinkError { protocolError("ConnectionClosed", ["reason": .string(reason)]) }

    // MARK: Accepting connections

    struct ConnectionRefused: Error {}

    /// Sets up an accepted connection: admits it against `maxConnections` (a refusal makes NIO
    /// close it at once), sizes its reads, reads its peer credentials, classifies it, claims a
    /// slot of its priority and its user's share, and installs the connection handler.
    func initializeConnection(_ channel: any Channel) -> EventLoopFuture<Void> {
        let registry = self.registry
        guard registry.admit(channel) else { return channel.eventLoop.makeFailedFuture(ConnectionRefused()) }
        channel.closeFuture.whenComplete { _ in registry.remove(channel) }
        // Here rather than in the bootstrap, which an early listener makes before the limits are known.
        let readSize = max(1024, min(65_536, limits.maxMessageBytes))
        do {
            try channel.syncOptions?.setOption(
                .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: min(2048, readSize), maximum: readSize))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        guard let options = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(ConnectionRefused())
        }
        let credentials: EventLoopFuture<UcredMirror> = options.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return credentials.flatMapThrowing { credentials in
            let peer = PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
            let priority = self.configuration.classify?(peer) ?? .standard
            guard registry.claim(channel, uid: credentials.uid, priority: priority) else { throw ConnectionRefused() }
            let handler = VarlinkConnectionHandler(core: self, peer: peer, priority: priority, eventLoop: channel.eventLoop)
            try channel.pipeline.syncOperations.addHandler(handler)
        }
    }
}
