#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PumpService

/// The profile pumpd runs when `--profile` is not given, found without the working directory: the
/// installed rig's `/etc/pumpd/rig.toml`; else, for a development build, the simulated rig of the
/// checkout this binary was built from (absolute, from `#filePath`), but only while the running
/// executable itself lies in that checkout (an installed /usr/sbin/pumpd built on the same machine
/// must never run the checkout's simulated rig against /var/lib/pumpd); else none, and pumpd exits
/// 2 naming what it looked for.
struct DefaultProfile: Equatable {
    /// The path pumpd loads.
    var path: String
    /// Why this one, for the start's log line.
    var reason: String

    /// The installed rig's profile (a conffile of the Debian package).
    static let installed = "/etc/pumpd/rig.toml"

    /// The checkout this file was compiled in.
    static let checkoutRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `hw-profiles/sim.toml` of the checkout this file was compiled in.
    static let checkout = checkoutRoot + "/hw-profiles/sim.toml"

    /// No profile was given and no default applies.
    struct Missing: Error, CustomStringConvertible {
        /// Whether the running executable lies in the checkout it was built from.
        var inCheckout = true

        var description: String {
            "pumpd: no --profile given, and no default profile: no \(DefaultProfile.installed) (an installed rig), and "
                + (inCheckout
                    ? "no \(DefaultProfile.checkout) (the simulated rig of the checkout pumpd was built from); "
                    : "this pumpd does not run from the checkout it was built from (\(DefaultProfile.checkoutRoot)), so not its simulated rig; ")
                + "give --profile FILE"
        }
    }

    /// The running executable's real path (/proc/self/exe), nil when unreadable.
    static func runningExecutable() -> String? {
        guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        return ResolvedPath.of(link)
    }

    /// Whether `executable` lies inside the checkout (both paths' links resolved).
    static func runsFromCheckout(_ executable: String?) -> Bool {
        guard let executable else { return false }
        return ResolvedPath.of(executable).hasPrefix(ResolvedPath.of(checkoutRoot) + "/")
    }

    /// The profile for `given` (`--profile`, nil when absent); `exists` is asked of each default
    /// in order; the checkout's only when `executable` (the running binary) lies in it. `executable`
    /// is read only then: a given profile costs no /proc/self/exe lookup at start.
    static func resolve(
        given: String?, exists: (String) -> Bool = { PathExists.at($0) },
        executable: @autoclosure () -> String? = runningExecutable()
    ) throws(Missing) -> DefaultProfile {
        if let given { return DefaultProfile(path: given, reason: "given by --profile") }
        if exists(installed) { return DefaultProfile(path: installed, reason: "no --profile given; the installed rig's profile") }
        guard runsFromCheckout(executable()) else { throw Missing(inCheckout: false) }
        if exists(checkout) {
            return DefaultProfile(
                path: checkout, reason: "no --profile given and no \(installed); the simulated rig of the checkout pumpd was built from")
        }
        throw Missing()
    }
}
