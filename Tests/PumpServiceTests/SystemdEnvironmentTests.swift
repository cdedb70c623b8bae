import Glibc
import PumpService
import Testing

/// pumpd reads only the systemd variables from its environment; what it reads them into makes
/// the notifier and socket activation act exactly as they do on the whole environment.
@Suite struct SystemdEnvironmentTests {
    static let whole: [String: String] = [
        "NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_PID": "\(getpid())", "WATCHDOG_USEC": "30000000",
        "LISTEN_PID": "1", "LISTEN_FDS": "1", "LISTEN_FDNAMES": "varlink",
        "PATH": "/usr/bin", "HOME": "/root", "NOTIFY_SOCKET_X": "no", "JOURNAL_STREAM": "8:123",
    ]

    @Test func onlyTheVariablesTheNotifierAndSocketActivationReadAreTaken() {
        let taken = SystemdEnvironment.read { Self.whole[$0] }
        #expect(Set(taken.keys) == Set(SystemdNotifier.variables + SocketActivation.variables))
        #expect(taken.allSatisfy { Self.whole[$0.key] == $0.value })
        #expect(SystemdEnvironment.read { _ in nil }.isEmpty)
    }

    @Test func theNotifierActsOnTheTakenVariablesAsOnTheWholeEnvironment() {
        for drop in [nil] + SystemdNotifier.variables {
            var environment = Self.whole
            if let drop { environment[drop] = nil }
            let taken = SystemdEnvironment.read { environment[$0] }
            let fromTaken = SystemdNotifier(environment: taken)
            let fromWhole = SystemdNotifier(environment: environment)
            #expect(fromTaken.socketPath == fromWhole.socketPath && fromTaken.watchdogInterval == fromWhole.watchdogInterval)
        }
        #expect(SystemdNotifier(environment: SystemdEnvironment.read { Self.whole[$0] }).watchdogInterval == 15_000_000_000)
    }
}
