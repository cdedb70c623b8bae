/// Who may talk to the daemon, by role.
public struct AccessProfile: Hashable, Sendable {
    public var programmers: [AccessPrincipal]
    public var operators: [AccessPrincipal]
    public var observers: [AccessPrincipal]
    /// `operators_may_stop`: whether an operator may stop delivery (io.pumpd.Pump.Stop), as the
    /// person at a bench rig must be able to; false (the default): only a clinician stops. Resume
    /// stays a clinician's either way: restarting a drug after a stop is a clinical decision.
    /// Reloadable, like the role lists.
    public var operatorsMayStop: Bool

    public init(programmers: [AccessPrincipal], operators: [AccessPrincipal], observers: [AccessPrincipal], operatorsMayStop: Bool = false) {
        self.programmers = programmers
        self.operators = operators
        self.observers = observers
        self.operatorsMayStop = operatorsMayStop
    }

    /// The highest role granted to `user` directly or through any of `groups`; nil: no access.
    public func role(user: String, groups: [String]) -> AccessRole? {
        func grants(_ list: [AccessPrincipal]) -> Bool {
            list.contains { principal in
                switch principal {
                case .user(let name): name == user
                case .group(let name): groups.contains(name)
                }
            }
        }
        if grants(programmers) { return .programmer }
        if grants(operators) { return .operator }
        if grants(observers) { return .observer }
        return nil
    }
}
