import NIOCore

/// How a handler task reaches its connection's state, which lives on the connection's event loop.
struct ConnectionLink: Sendable {
    let handler: NIOLoopBound<VarlinkConnectionHandler>
    let gate: LoopGate

    /// Runs `work` with the connection handler on its loop; false when the service has shut down.
    @discardableResult
    func execute(_ work: @escaping @Sendable (VarlinkConnectionHandler) -> Void) -> Bool {
        let handler = self.handler
        return gate.execute(on: handler.eventLoop) { work(handler.value) }
    }

    /// Runs `work` with the connection handler on its loop; nil when the service has shut down.
    func submit<Value: Sendable>(
        _ work: @escaping @Sendable (VarlinkConnectionHandler) -> EventLoopFuture<Value>
    ) -> EventLoopFuture<Value>? {
        let handler = self.handler
        return gate.flatSubmit(on: handler.eventLoop) { work(handler.value) }
    }
}
