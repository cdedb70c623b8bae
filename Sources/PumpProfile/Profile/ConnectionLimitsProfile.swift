/// How the control socket's connection slots are shared between roles (`[access]` keys
/// `reserved_connections_programmers`, `reserved_connections_operators` and `idle_timeout_s`):
/// observers and callers with no role can never take the slots reserved for operators and
/// clinicians, and their connections that sit idle are closed, so a clinician's Stop always finds
/// a slot.
public struct ConnectionLimitsProfile: Hashable, Sendable {
    /// All connections at once (fixed by the daemon).
    public static let maximumConnections = 128
    /// Connections one user may hold at once (fixed by the daemon): no one user holds more than half.
    public static let maximumPerUser = 64
    /// The largest reserve a profile may set for one role: the two together leave observers at
    /// least 32 slots.
    public static let maximumReserve: Int64 = 48

    /// Slots only clinicians (programmers, root, the daemon's user) may take. Default 16.
    public var reservedForProgrammers: Int
    /// Slots only operators and clinicians may take. Default 16.
    public var reservedForOperators: Int
    /// Seconds an observer's, operator's or role-less caller's connection may sit with no call in
    /// flight (a WatchEvents stream is in flight while it runs) before it is closed. Clinicians'
    /// connections are exempt (their slots are reserved anyway, and test rigs hold one open across
    /// long waits). Default 60.
    public var idleTimeoutSeconds: Int64

    public init(reservedForProgrammers: Int = 16, reservedForOperators: Int = 16, idleTimeoutSeconds: Int64 = 60) {
        self.reservedForProgrammers = reservedForProgrammers
        self.reservedForOperators = reservedForOperators
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    /// The defaults, for a profile that sets none of the keys.
    public static let defaults = ConnectionLimitsProfile()
}
