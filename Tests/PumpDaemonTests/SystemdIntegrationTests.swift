import Foundation
import Testing
import Varlink

/// pumpd as systemd runs it: readiness and the watchdog over a real NOTIFY_SOCKET datagram socket,
/// and a listening socket passed the way socket activation passes it.
@Suite struct SystemdIntegrationTests {
    /// A datagram socket standing in for systemd's notify socket; collects every message.
    final class NotifySocket: @unchecked Sendable {
        let path: String
        let fd: Int32
        private let lock = NSLock()
        private var received: [(at: Date, message: String)] = []
        private var reader: Thread?

        init(in directory: String) throws {
            path = directory + "/notify.sock"
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in for (i, byte) in path.utf8.enumerated() { buffer[i] = byte } }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw DaemonFailed(reason: "bind notify socket: errno \(errno)") }
            var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let thread = Thread { [unowned self] in
                var buffer = [UInt8](repeating: 0, count: 4096)
                while !Thread.current.isCancelled {
                    let count = recv(fd, &buffer, buffer.count, 0)
                    if count > 0 {
                        let message = String(decoding: buffer[0..<count], as: UTF8.self)
                        lock.withLock { received.append((Date(), message)) }
                    }
                }
            }
            thread.start()
            reader = thread
        }

        deinit {
            reader?.cancel()
            Thread.sleep(forTimeInterval: 0.2)
            close(fd)
        }

        var messages: [(at: Date, message: String)] { lock.withLock { received } }

        /// Waits (bounded) until a message containing `text` arrives; returns its time.
        func wait(for text: String, after: Date = .distantPast, timeout: Double = 30) -> Date? {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let found = messages.first(where: { $0.at > after && $0.message.contains(text) }) { return found.at }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return nil
        }
    }

    @Test func readyComesOnlyOnceServingAndTheWatchdogStopsWhenTheControlLoopHangs() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day", "--time-scale", "100"])
        defer { daemon.shutdown() }
        let notify = try NotifySocket(in: daemon.stateDirectory)
        try daemon.start(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "1000000"])
        let ready = try #require(notify.wait(for: "READY=1"))
        // Everything READY promises was already true: the API answered before or at READY.
        #expect(notify.messages.first { $0.message.contains("READY=1") }?.message.contains("STATUS=running") == true)
        let served = try daemon.status()
        #expect(served["mode"] == "running")
        // Keep-alives at half the watchdog timeout while the loop beats.
        let beat = try #require(notify.wait(for: "WATCHDOG=1", after: ready))
        #expect(notify.wait(for: "WATCHDOG=1", after: beat) != nil)

        // Hang the control loop in its motor driver: keep-alives stop.
        _ = try daemon.call("io.pumpd.Rig.SetFaults", ["faults": ["motorHang": true]])
        // The loop hangs at its next step (≤ 0.9 s at ×100) and its heartbeat is stale 3 s later.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !daemon.log.contains("heartbeat stale") { Thread.sleep(forTimeInterval: 0.1) }
        #expect(daemon.log.contains("heartbeat stale"))
        let stale = Date()
        Thread.sleep(forTimeInterval: 2.5)
        #expect(!notify.messages.contains { $0.at > stale.addingTimeInterval(0.3) && $0.message == "WATCHDOG=1" }, "keep-alives continued from a hung loop")
        // Released, the loop beats again and keep-alives resume; a stop says STOPPING first.
        _ = try daemon.call("io.pumpd.Rig.SetFaults", ["faults": ["motorHang": false]])
        #expect(notify.wait(for: "WATCHDOG=1", after: Date()) != nil)
        #expect(daemon.stop() == 0)
        #expect(notify.messages.contains { $0.message.hasPrefix("STOPPING=1") })
    }

    /// A restart restores the running program: READY's STATUS must say so, with its rate, not the
    /// empty snapshot the loop shows before its first wake ("stopped (idle), 0.000 µL/h").
    @Test func readyAfterARestartSaysTheRestoredProgramRunsAtItsRate() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"])
        defer { daemon.shutdown() }
        try daemon.start(until: .delivering)
        let rate = try #require(try daemon.status()["rate"]?.integerValue)
        #expect(rate > 0)
        #expect(daemon.stop() == 0)

        let notify = try NotifySocket(in: daemon.stateDirectory)
        try daemon.start(environment: ["NOTIFY_SOCKET": notify.path])
        try #require(notify.wait(for: "READY=1") != nil)
        let ready = try #require(notify.messages.first { $0.message.contains("READY=1") }?.message)
        #expect(ready.contains("STATUS=running, "), "\(ready)")
        // 500 µg/day at 2000 µg/mL.
        #expect(ready.contains("running, 250 µL/day"), "\(ready)")
        // The same status, once, in the journal: what the systemd lane compares READY against.
        let status = try #require(ready.split(separator: "\n").first { $0.hasPrefix("STATUS=") }?.dropFirst("STATUS=".count))
        #expect(daemon.waitForLog("pumpd: ready: \(status)\n"), "\(daemon.logTail())")
        #expect(try daemon.status()["mode"] == "running")
    }

    @Test func aListeningSocketPassedAsSystemdDoesIsServed() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"])
        defer { daemon.shutdown() }
        // Bind and listen as the socket unit would, at a path pumpd is not told to bind.
        let path = daemon.stateDirectory + "/activated.sock"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in for (i, byte) in path.utf8.enumerated() { buffer[i] = byte } }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0 && listen(listener, 16) == 0)
        defer { close(listener) }

        // fd 3 in the child, LISTEN_PID set to the child itself (the shell execs pumpd in place).
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, listener, 3)
        let log = daemon.stateDirectory + "/activated.log"
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = [
            "/bin/sh", "-c", "LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES=varlink exec \"$0\" \"$@\"", PumpDaemonProcessTests.pumpd,
            "--state-dir", daemon.stateDirectory, "--socket", daemon.stateDirectory + "/not-bound.sock", "--daily-dose", "500ug/day",
            "--run-for", "30",
        ]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(PumpDaemonProcessTests.repository.path)
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        FileManager.default.changeCurrentDirectoryPath(cwd)
        #expect(spawned == 0)
        defer {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        // The passed socket answers as soon as it is adopted, before the line saying so is
        // written (a status read never waits for the loop): ask until the program runs, then
        // read the log until that line is in it.
        var info: JSONObject?
        let deadline = Date().addingTimeInterval(30)
        while info?["status"]?["mode"] != "running", Date() < deadline {
            info = try? VarlinkConnection(path: path, receiveTimeout: .seconds(5)).call("io.pumpd.Pump.GetStatus")
            if info?["status"]?["mode"] != "running" { Thread.sleep(forTimeInterval: 0.05) }
        }
        var output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        while !output.contains("serving the socket systemd passed"), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        #expect(info?["status"]?["mode"] == "running", "\(output)")
        #expect(output.contains("serving the socket systemd passed"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: daemon.stateDirectory + "/not-bound.sock"))
    }
}

/// The Prometheus textfile: complete files only, with the pump's state and the API's calls.
@Suite struct MetricsTextfileTests {
    @Test func theMetricsFileIsReplacedWholeAndCarriesStateAlarmsAndCallCounts() throws {
        let daemon = try RunningDaemon(arguments: ["--daily-dose", "500ug/day"])
        defer { daemon.shutdown() }
        let path = daemon.stateDirectory + "/pumpd.prom"
        try daemon.start(extra: ["--metrics-file", path, "--metrics-interval", "1"])
        _ = try daemon.call("io.pumpd.Pump.GetStatus")
        _ = try daemon.refusal("io.pumpd.Pump.Bolus", ["kind": "single", "dose": 999_999_999, "duration": 60])
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !text.contains("LimitExceeded") {
            Thread.sleep(forTimeInterval: 0.2)
            text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
        #expect(text.hasSuffix("\n"))
        #expect(text.contains("pumpd_delivery_running 1"), "\(text)")
        #expect(text.contains("pumpd_reservoir_nanolitres "))
        #expect(text.contains(#"pumpd_alarm_active{alarm="occlusion"} 0"#))
        #expect(text.contains(#"pumpd_api_calls_total{method="io.pumpd.Pump.GetStatus",outcome="ok"}"#))
        #expect(text.contains(#"outcome="io.pumpd.Pump.LimitExceeded""#))
        #expect(text.contains(#"pumpd_loop_wake_lateness_seconds{quantile="0.99"}"#))
        // Only the finished file is visible under a *.prom name.
        let names = try FileManager.default.contentsOfDirectory(atPath: daemon.stateDirectory)
        #expect(names.filter { $0.hasSuffix(".prom") } == ["pumpd.prom"])
    }
}
