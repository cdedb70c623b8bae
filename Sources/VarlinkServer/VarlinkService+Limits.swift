extension VarlinkService {
    /// Resource bounds that keep one client from exhausting the service or stalling others.
    public struct Limits: Sendable, Hashable {
        /// The longest request, in bytes without its NUL. A client exceeding it gets
        /// `<protocolErrorInterface>.RequestTooLarge {"limitBytes": N}` and is disconnected; at most
        /// this much plus one socket read is buffered per connection. Default 64 KiB.
        public var maxMessageBytes: Int
        /// Connections served at once. Further connections are accepted and closed at once, without
        /// a reply; existing ones are unaffected. Default 64.
        public var maxConnections: Int
        /// Slots kept for `elevated` and `critical` connections (see ``ConnectionPriority``): a
        /// `standard` connection is closed at once, without a reply, when taking a slot would leave
        /// fewer free. Default 0.
        public var reservedForElevated: Int
        /// Slots kept for `critical` connections only. Default 0.
        public var reservedForCritical: Int
        /// How long a `standard` or `elevated` connection may sit with no call in flight and no
        /// request begun; then it is closed. A call still running (a streaming call such as a
        /// subscription included) is in flight, however long it lasts. `critical` connections are
        /// exempt: their slots are reserved. Nil (the default): no limit.
        public var idleTimeout: Duration?
        /// Connections one user (peer uid) may hold at once, so one user's idle or hostile clients
        /// cannot take every slot; further ones are closed at once, without a reply. Default 16.
        public var maxConnectionsPerUser: Int
        /// How long a client may leave a request unfinished (bytes sent, NUL not yet) while the
        /// service waits for it; then it is disconnected. Default 10 s.
        public var incompleteMessageTimeout: Duration
        /// How long replies may wait for a client that does not read; then it is disconnected and
        /// its handler's `send` throws. Default 5 s.
        public var slowClientTimeout: Duration
        /// The deepest nesting of arrays and objects accepted in a request. Default 32.
        public var maxNestingDepth: Int
        /// How long `shutdown()` waits for cancelled handlers to return. Default 5 s.
        public var shutdownGracePeriod: Duration

        public init(
            maxMessageBytes: Int = 64 * 1024,
            maxConnections: Int = 64,
            maxConnectionsPerUser: Int = 16,
            reservedForElevated: Int = 0,
            reservedForCritical: Int = 0,
            idleTimeout: Duration? = nil,
            incompleteMessageTimeout: Duration = .seconds(10),
            slowClientTimeout: Duration = .seconds(5),
            maxNestingDepth: Int = 32,
            shutdownGracePeriod: Duration = .seconds(5)
        ) {
            self.maxMessageBytes = maxMessageBytes
            self.maxConnections = maxConnections
            self.maxConnectionsPerUser = maxConnectionsPerUser
            self.reservedForElevated = reservedForElevated
            self.reservedForCritical = reservedForCritical
            self.idleTimeout = idleTimeout
            self.incompleteMessageTimeout = incompleteMessageTimeout
            self.slowClientTimeout = slowClientTimeout
            self.maxNestingDepth = maxNestingDepth
            self.shutdownGracePeriod = shutdownGracePeriod
        }

        /// How many connections (all priorities together) may be open once a connection of
        /// `priority` has taken its slot.
        public func capacity(for priority: ConnectionPriority) -> Int {
            switch priority {
            case .standard: maxConnections - reservedForElevated - reservedForCritical
            case .elevated: maxConnections - reservedForCritical
            case .critical: maxConnections
            }
        }
    }
}
