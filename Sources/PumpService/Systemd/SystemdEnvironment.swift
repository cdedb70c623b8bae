#if canImport(Glibc)
import Glibc
#endif

/// The environment variables systemd sets that pumpd reads (`SystemdNotifier`'s and
/// `SocketActivation`'s), looked up one by one: `ProcessInfo`'s environment copies every variable
/// into a dictionary first, a tenth of a millisecond of every start.
public enum SystemdEnvironment {
    /// Every variable `SystemdNotifier` and `SocketActivation` read.
    public static let names = SystemdNotifier.variables + SocketActivation.variables

    /// The variables of `names` that are set, in this process's environment.
    public static func current() -> [String: String] {
        read { getenv($0).map { String(cString: $0) } }
    }

    /// The variables of `names` that `lookup` finds.
    public static func read(_ lookup: (String) -> String?) -> [String: String] {
        var found: [String: String] = [:]
        for name in names {
            if let value = lookup(name) { found[name] = value }
        }
        return found
    }
}
