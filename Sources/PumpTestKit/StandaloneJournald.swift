public import Foundation

/// A real systemd-journald of its own, for tests.
///
/// Recipe: `unshare --mount --propagation private --fork --kill-child` runs a shell in a new mount
/// namespace, which mounts a tmpfs over /run (so the host's /run/systemd/journal, if any, is hidden and
/// nothing is written to the host's /run), bind-mounts `ROOT/run` over /run/systemd/journal (journald's
/// sockets), `ROOT/var/log/journal` over /run/log/journal (its volatile storage) and
/// `ROOT/var/lib/systemd/catalog` over /var/lib/systemd/catalog (so `journalctl -x` run inside uses the
/// catalog `journalctl --root=ROOT --update-catalog` compiled: -x ignores --root), drops a journald.conf.d
/// snippet (volatile storage; no kmsg, syslog, wall or console), and execs /lib/systemd/systemd-journald.
/// journald binds its sockets itself when not socket-activated.
///
/// From outside the namespace the same inodes are under ROOT: the native socket is `ROOT/run/socket`
/// (`JournalWriter.Destination.socket(path:)` sends there) and `journalctl --root=ROOT` reads the
/// journal. A program that must use libsystemd's
/// fixed /run/systemd/journal/socket runs inside with `nsenter --target PID --mount` (`launcher`).
///
/// Shared by the test targets (PumpJournalTests, PumpDaemonTests). Needs root, or CAP_SYS_ADMIN in a
/// user namespace; `unavailableReason` says why not when it cannot run, for a test's skip message.
public final class StandaloneJournald: @unchecked Sendable {
    public static let journald = "/lib/systemd/systemd-journald"

    /// Why journald cannot run here, or nil when it can: the binaries exist and a private mount
    /// namespace with a tmpfs can be made (root, or CAP_SYS_ADMIN in a user namespace).
    public static let unavailableReason: String? = {
        for tool in [journald, "/usr/bin/journalctl", "/usr/bin/unshare", "/usr/bin/nsenter"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing (scripts/setup.sh installs systemd)"
        }
        let probe = run(["/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", "mount -t tmpfs tmpfs /run"])
        if probe.status != 0 { return "cannot make a private mount namespace here: \(probe.output)" }
        return nil
    }()

    /// The journald's own directory: its sockets (`run/`), journal files and catalog database.
    public let root: URL
    /// journald's process id (the namespace's): `nsenter --target` takes it.
    public let pid: Int32
    private let process: Process

    /// journald's native socket as seen from outside its namespace.
    public let socketPath: String

    /// The command prefix that runs a program inside journald's mount namespace, where
    /// /run/systemd/journal/socket is this journald: `launcher + [program] + arguments`. nsenter
    /// execs the program (no fork for a mount namespace), so the process started is the program.
    public var launcher: [String] { ["/usr/bin/nsenter", "--target", String(pid), "--mount", "--"] }

    /// Starts journald and waits (at most 10 s) until its native socket exists.
    ///
    /// - Throws: `StartError` with journald's output when it did not start.
    public init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pumpd-journald-\(UUID().uuidString)")
        socketPath = root.appendingPathComponent("run/socket").path
        for dir in ["run", "var/log/journal", "usr/lib/systemd/catalog", "var/lib/systemd/catalog"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        let script = """
            set -e
            mount -t tmpfs -o mode=0755 tmpfs /run
            mkdir -p /run/systemd/journal /run/log/journal /run/systemd/journald.conf.d
            mount --bind "$1/run" /run/systemd/journal
            mount --bind "$1/var/log/journal" /run/log/journal
            mount --bind "$1/var/lib/systemd/catalog" /var/lib/systemd/catalog
            printf '[Journal]\\nStorage=volatile\\nReadKMsg=no\\nForwardToSyslog=no\\nForwardToKMsg=no\\nForwardToConsole=no\\nForwardToWall=no\\nRateLimitBurst=0\\n' \
                > /run/systemd/journald.conf.d/test.conf
            echo $$ > "$1/pid"
            exec \(Self.journald)
            """
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "--mount", "--propagation", "private", "--fork", "--kill-child=SIGTERM", "--", "/bin/sh", "-c", script, "sh", root.path,
        ]
        let log = root.appendingPathComponent("journald.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // Ready when the native socket exists.
        let deadline = Date().addingTimeInterval(10)
        let pidFile = root.appendingPathComponent("pid")
        var readPID: Int32?
        while Date() < deadline {
            if readPID == nil, let text = try? String(contentsOf: pidFile, encoding: .utf8) {
                readPID = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if readPID != nil, FileManager.default.fileExists(atPath: socketPath) { break }
            if !process.isRunning { break }
            usleep(20_000)
        }
        guard let readPID, FileManager.default.fileExists(atPath: socketPath) else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if process.isRunning { process.terminate() }
            try? FileManager.default.removeItem(at: root)
            throw StartError(message: "systemd-journald did not start: \(output)")
        }
        pid = readPID
    }

    /// journald did not start; `message` carries what it printed.
    public struct StartError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Stops journald (SIGTERM, SIGKILL after 5 s) and removes its directory.
    public func stop() {
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(pid, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs `argv` inside journald's mount namespace, where /run/systemd/journal/socket is this journald.
    public func runInside(_ argv: [String]) -> (status: Int32, output: String) {
        Self.run(["/usr/bin/nsenter", "--target", String(pid), "--mount", "--"] + argv)
    }

    /// The entries that match `matches` (journalctl FIELD=value terms), as journalctl -o json gives
    /// them; waits up to 5 s for `count` of them to arrive.
    public func entries(_ matches: [String], count: Int = 1) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(5)
        while true {
            let result = Self.run(["/usr/bin/journalctl", "--root=\(root.path)", "-o", "json", "--all", "--no-pager"] + matches)
            let entries = result.output.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
            if entries.count >= count || Date() >= deadline { return entries }
            usleep(50_000)
        }
    }

    /// `journalctl -x MATCHES` inside the namespace: the entries with their catalog text, from the
    /// database `journalctl(["--update-catalog"])` compiled.
    public func explain(_ matches: [String]) -> (status: Int32, output: String) {
        runInside(["/usr/bin/journalctl", "-x", "--no-pager"] + matches)
    }

    /// `journalctl --root=ROOT ARGS`, with the output.
    public func journalctl(_ arguments: [String]) -> (status: Int32, output: String) {
        Self.run(["/usr/bin/journalctl", "--root=\(root.path)", "--no-pager"] + arguments)
    }

    /// Copies `catalog` to ROOT/usr/lib/systemd/catalog and compiles it (`journalctl --root=ROOT
    /// --update-catalog`), so `explain` shows its text; returns journalctl's status and output
    /// (empty when the catalog compiled cleanly).
    public func compileCatalog(_ catalog: URL) throws -> (status: Int32, output: String) {
        try Self.installCatalog(catalog, into: root)
        return journalctl(["--update-catalog"])
    }

    /// Copies `catalog` into `root`'s /usr/lib/systemd/catalog, where `journalctl --root` looks.
    public static func installCatalog(_ catalog: URL, into root: URL) throws {
        let directory = root.appendingPathComponent("usr/lib/systemd/catalog")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent(catalog.lastPathComponent)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: catalog, to: target)
    }

    /// Runs `argv` (an absolute path first) and returns its exit status and its output (stdout
    /// and stderr together); -1 when it could not be started.
    @discardableResult
    public static func run(_ argv: [String], environment: [String: String]? = nil) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, "\(argv[0]): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
