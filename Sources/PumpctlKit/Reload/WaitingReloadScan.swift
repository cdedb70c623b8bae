import Foundation
import PumpCore

/// Finds who asked systemd to reload pumpd, for `pumpctl reload --from-systemd` (ExecReload, run
/// as root): the `systemctl` processes in /proc whose arguments reload pumpd (`reload`,
/// `reload-or-restart`, `try-reload-or-restart`, `force-reload`, `reload-or-try-restart`; unit
/// `pumpd` or `pumpd.service`), waiting for the job to finish. Reads each one's real uid
/// (/proc/PID/status), audit login uid (/proc/PID/loginuid) and command line. Never guesses:
/// a process it cannot read, one that is not the system's systemctl binary (/proc/PID/exe, which
/// the kernel resolves, must be /usr/bin/systemctl or /bin/systemctl: argv[0] is the caller's to
/// choose), one that talks to another manager (`--user`, `-M`/`--machine`, `-H`/`--host`,
/// `--root`) or whose arguments do not name pumpd is not a requester; and when several wait,
/// ``find()`` names none of them.
public struct WaitingReloadScan: Sendable {
    /// One waiting `systemctl`.
    public struct Requester: Sendable, Hashable {
        public var pid: Int32
        public var uid: UInt32
        /// nil when the login uid is unset (4294967295) or unreadable.
        public var loginUID: UInt32?
        /// The arguments, separated by spaces, bounded and escaped (``AuditText``).
        public var command: String
    }

    /// What a scan found.
    public enum Finding: Sendable, Hashable {
        /// No systemctl waits to reload pumpd.
        case none
        /// Exactly one: the requester.
        case one(Requester)
        /// Several (by pid): any of them, or none, may have caused this reload, so none is named.
        case ambiguous([Requester])
    }

    /// Where the system's systemctl may live (what the kernel reports as /proc/PID/exe).
    static let systemctlPaths: Set<String> = ["/usr/bin/systemctl", "/bin/systemctl"]
    /// Options that point systemctl at another service manager than the system's.
    static let otherManagerOptions: Set<String> = ["--user", "-M", "--machine", "-H", "--host", "--root", "--global"]

    /// The proc file system's root (a fake one in tests).
    public var root: String

    public init(root: String = "/proc") { self.root = root }

    /// The verbs that make systemd run ExecReload.
    static let reloadVerbs: Set<String> = ["reload", "reload-or-restart", "try-reload-or-restart", "force-reload", "reload-or-try-restart"]
    /// The unit names that are pumpd's service.
    static let units: Set<String> = ["pumpd", "pumpd.service"]
    /// systemctl's options that take their value as the next argument.
    static let optionsWithValue: Set<String> = [
        "-H", "--host", "-M", "--machine", "-t", "--type", "-p", "--property", "-P", "-n", "--lines", "-o", "--output", "-s",
        "--signal", "--job-mode", "--kill-whom", "--kill-value", "--root", "--what", "--state", "--timestamp", "--when",
        "--boot-loader-entry", "--boot-loader-menu", "--reboot-argument", "--message", "--image", "--drop-in", "--marked",
    ]

    /// Every waiting requester, by pid.
    public func requesters() -> [Requester] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return entries.compactMap(Int32.init).sorted().compactMap(requester(pid:))
    }

    /// The requester when exactly one waits.
    public func find() -> Finding {
        let found = requesters()
        switch found.count {
        case 0: return .none
        case 1: return .one(found[0])
        default: return .ambiguous(found)
        }
    }

    /// The requester with process id `pid`, or nil when it is not a `systemctl` reloading pumpd.
    func requester(pid: Int32) -> Requester? {
        let directory = "\(root)/\(pid)"
        guard let raw = FileManager.default.contents(atPath: directory + "/cmdline") else { return nil }
        let arguments = raw.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            .reversed().drop { $0.isEmpty }.reversed()
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/exe"),
            Self.systemctlPaths.contains(executable), !arguments.isEmpty, Self.reloadsPumpd(Array(arguments.dropFirst()))
        else { return nil }
        guard let status = try? String(contentsOfFile: directory + "/status", encoding: .utf8),
            let uidLine = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }),
            let uid = uidLine.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first.flatMap({ UInt32($0) })
        else { return nil }
        let loginText = (try? String(contentsOfFile: directory + "/loginuid", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        let loginUID = loginText.flatMap { UInt32($0) }.flatMap { $0 == UInt32.max ? nil : $0 }
        return Requester(pid: pid, uid: uid, loginUID: loginUID, command: AuditText.bounded(arguments.joined(separator: " ")))
    }

    /// Whether `option` points systemctl at another manager: `--user`, `--host=x`, or a cluster
    /// of short options holding `H` or `M` (`-qM`).
    static func talksToAnotherManager(_ option: String) -> Bool {
        let name = option.split(separator: "=", maxSplits: 1).first.map(String.init) ?? option
        if otherManagerOptions.contains(name) { return true }
        guard !option.hasPrefix("--"), option.count > 2 else { return false }
        return option.dropFirst().contains { $0 == "H" || $0 == "M" }
    }

    /// Whether systemctl's `arguments` (without its name) reload pumpd's service.
    static func reloadsPumpd(_ arguments: [String]) -> Bool {
        var words: [String] = []
        var skipValue = false
        for argument in arguments {
            if skipValue {
                skipValue = false
                continue
            }
            if argument.hasPrefix("-") {
                if talksToAnotherManager(argument) { return false }
                skipValue = optionsWithValue.contains(argument)
                continue
            }
            words.append(argument)
        }
        guard let verb = words.first, reloadVerbs.contains(verb) else { return false }
        return words.dropFirst().contains { units.contains($0) }
    }
}
