import Foundation

/// Clients of another user: a Python script run through `setpriv --reuid --regid --clear-groups`
/// that opens `count` connections to pumpd's socket, keeps those the daemon serves (each answers
/// GetInfo), optionally starts one WatchEvents stream, prints `held N`, and then prints
/// `closed idle` or `closed watch` each time the daemon closes one, until its stdin closes. Mode
/// `stop` instead calls io.pumpd.Pump.Stop once and prints `stop <reply>`.
final class ForeignClients: @unchecked Sendable {
    static let script = #"""
        import select, socket, sys
        path, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        watching = mode == "watch"
        def call(s, method, more=False):
            s.sendall(('{"method":"%s"%s}' % (method, ',"more":true' if more else '')).encode() + b'\0')
            s.settimeout(10)
            reply = b''
            while not reply.endswith(b'\0'):
                chunk = s.recv(65536)
                if not chunk:
                    return None
                reply += chunk
            return reply[:-1].decode()
        if mode == "stop":
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            print("stop", call(s, "io.pumpd.Pump.Stop"), flush=True)
            sys.exit(0)
        opened = []
        for _ in range(count):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(path)
                opened.append(s)
            except OSError:
                s.close()
        idle = []
        for s in opened:
            try:
                ok = call(s, "org.varlink.service.GetInfo") is not None
            except OSError:
                ok = False
            (idle.append(s) if ok else s.close())
        watch = None
        if watching:
            watch = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            watch.connect(path)
            if call(watch, "io.pumpd.Pump.WatchEvents", more=True) is None:
                print("watch refused", flush=True)
        print("held", len(idle), flush=True)
        open_ = idle + ([watch] if watch else [])
        for s in open_:
            s.settimeout(None)
        while True:
            ready, _, _ = select.select([sys.stdin] + open_, [], [])
            for s in ready:
                if s is sys.stdin:
                    if not sys.stdin.readline():
                        sys.exit(0)
                    continue
                try:
                    data = s.recv(65536)
                except OSError:
                    data = b''
                if not data:
                    print("closed", "watch" if s is watch else "idle", flush=True)
                    open_.remove(s)
        """#

    private let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var output = ""

    /// Starts the clients as `uid`:`gid` (with no supplementary groups).
    enum Mode: String {
        case idle, watch, stop
    }

    init(uid: UInt32, gid: UInt32, socket: String, count: Int, mode: Mode = .idle, scriptDirectory: String) throws {
        let scriptPath = scriptDirectory + "/foreign-clients.py"
        if !FileManager.default.fileExists(atPath: scriptPath) {
            try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = [
            "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "/usr/bin/python3", scriptPath, socket, "\(count)",
            mode.rawValue,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = input
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.output += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var lines: [String] { lock.withLock { output.split(separator: "\n").map(String.init) } }

    /// Waits (at most `timeout` seconds) for a line starting with `prefix`; the first such line.
    func waitForLine(_ prefix: String, timeout: Double = 30) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = lines.first(where: { $0.hasPrefix(prefix) }) { return line }
            if !process.isRunning { return lines.first { $0.hasPrefix(prefix) } }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// How many connections the daemon served and the clients hold (after `held`).
    func held(timeout: Double = 60) -> Int? {
        waitForLine("held ", timeout: timeout).flatMap { Int($0.dropFirst(5)) }
    }

    /// Closes every connection and ends the clients.
    func finish() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { finish() }
}
