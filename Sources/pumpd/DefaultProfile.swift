import Foundation

/// The profile pumpd runs when `--profile` is not given, found without the working directory: the
/// installed rig's `/etc/pumpd/rig.toml`; else, for a development build, the simulated rig of the
/// checkout this binary was built from (absolute, from `#filePath`); else none, and pumpd exits 2
/// naming both places.
struct DefaultProfile: Equatable {
    /// The path pumpd loads.
    var path: String
    /// Why this one, for the start's log line.
    var reason: String

    /// The installed rig's profile (a conffile of the Debian package).
    static let installed = "/etc/pumpd/rig.toml"

    /// `hw-profiles/sim.toml` of the checkout this file was compiled in.
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("hw-profiles/sim.toml").path

    /// No profile was given and neither default exists.
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "pumpd: no --profile given, and no default profile: neither \(DefaultProfile.installed) (an installed rig) "
                + "nor \(DefaultProfile.checkout) (the simulated rig of the checkout pumpd was built from) exists; "
                + "give --profile FILE"
        }
    }

    /// The profile for `given` (`--profile`, nil when absent); `exists` is asked of each default
    /// in order.
    static func resolve(given: String?, exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) throws(Missing)
        -> DefaultProfile
    {
        if let given { return DefaultProfile(path: given, reason: "given by --profile") }
        if exists(installed) { return DefaultProfile(path: installed, reason: "no --profile given; the installed rig's profile") }
        if exists(checkout) {
            return DefaultProfile(
                path: checkout, reason: "no --profile given and no \(installed); the simulated rig of the checkout pumpd was built from")
        }
        throw Missing()
    }
}
