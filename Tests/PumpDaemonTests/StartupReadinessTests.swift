import PumpControl
import PumpCore
@testable import pumpd
import Synchronization
import Testing

/// READY=1 goes to systemd once startup is really done, with a status that is true, and the
/// status that went with it is in the journal.
@Suite struct StartupReadinessTests {
    /// Every sd_notify message and journal line, in order.
    final class Recorder: Sendable {
        let messages = Mutex<[String]>([])
        let lines = Mutex<[String]>([])
        var readiness: StartupReadiness {
            StartupReadiness(send: { message in self.messages.withLock { $0.append(message) } }, log: { line in self.lines.withLock { $0.append(line) } })
        }
    }

    @Test func aReloadBeforeStartupsReadySendsOnlyStatus() {
        let recorder = Recorder()
        let readiness = recorder.readiness
        readiness.reload(starting: true, status: "stopped (idle)")
        readiness.reload(starting: false, status: "stopped (idle)")
        #expect(recorder.messages.withLock { $0 } == ["STATUS=reloading the profile", "STATUS=stopped (idle)"], "no READY=1 before startup's")
        readiness.started(status: "running (basal), 0.5 mL/day")
        readiness.reload(starting: true, status: "unused")
        readiness.reload(starting: false, status: "running (basal), 0.5 mL/day")
        #expect(
            recorder.messages.withLock { $0 }.suffix(3) == [
                "READY=1\nSTATUS=running (basal), 0.5 mL/day", "RELOADING=1", "READY=1\nSTATUS=running (basal), 0.5 mL/day",
            ])
    }

    @Test func readysStatusIsLoggedOnce() {
        let recorder = Recorder()
        let readiness = recorder.readiness
        readiness.started(status: "running (basal), 0.5 mL/day, no alarms")
        readiness.reload(starting: true, status: "x")
        readiness.reload(starting: false, status: "x")
        #expect(recorder.lines.withLock { $0 } == ["pumpd: ready: running (basal), 0.5 mL/day, no alarms"])
    }

    /// The empty snapshot before the loop's first wake says "stopped, 0": not what READY reports.
    @Test func noFirstSnapshotWithinTheWaitIsNilNotTheEmptySnapshot() {
        #expect(Daemon.firstSnapshot(wait: 0, of: { CycleSnapshot() }) == nil)
        var published = CycleSnapshot()
        published.wall = CivilTime(unixNanoseconds: 1_000_000_000)
        #expect(Daemon.firstSnapshot(wait: 0, of: { published })?.wall == published.wall)
        #expect(
            StartupReadiness.noFirstStatus(waited: TimeSpan(nanoseconds: Daemon.firstSnapshotWait))
                == "control loop has not reported its first status (waited 5.0 s)")
    }
}
