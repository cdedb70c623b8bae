extension VarlinkService {
    /// What a service says about itself (`org.varlink.service.GetInfo`), how it names its own
    /// protocol errors, its limits and its observer.
    public struct Configuration: Sendable {
        public var vendor: String
        public var product: String
        public var version: String
        public var url: String
        /// The interface under which the service names its protocol errors, e.g. `io.pumpd.Pump`:
        /// `<it>.MalformedRequest {"reason", "offset"}`, `<it>.RequestTooLarge {"limitBytes"}`,
        /// `<it>.InternalError {"reason"}` and, thrown to handlers only, `<it>.ConnectionClosed {"reason"}`.
        public var protocolErrorInterface: String
        public var limits: Limits
        /// Called once per request when it is done (see ``VarlinkCallRecord``), on an event loop
        /// thread: it must return quickly and never block.
        public var onCall: (@Sendable (VarlinkCallRecord) -> Void)?
        /// The priority of a connecting peer, asked once per connection on an event loop thread
        /// before the connection is served (it may look the user up, but must not wait on the
        /// service). Nil: every connection is `standard`.
        public var classify: (@Sendable (PeerCredentials) -> ConnectionPriority)?
        /// The executor handler tasks prefer. Nil (pumpd): Swift's global concurrent executor. A
        /// test process whose other tests block the few cooperative threads gives its in-process
        /// service a thread of its own here, so handlers are not starved.
        public var handlerExecutor: (any TaskExecutor)?

        public init(
            vendor: String, product: String, version: String, url: String, protocolErrorInterface: String,
            limits: Limits = Limits(), onCall: (@Sendable (VarlinkCallRecord) -> Void)? = nil,
            classify: (@Sendable (PeerCredentials) -> ConnectionPriority)? = nil, handlerExecutor: (any TaskExecutor)? = nil
        ) {
            self.vendor = vendor
            self.product = product
            self.version = version
            self.url = url
            self.protocolErrorInterface = protocolErrorInterface
            self.limits = limits
            self.onCall = onCall
            self.classify = classify
            self.handlerExecutor = handlerExecutor
        }
    }
}
