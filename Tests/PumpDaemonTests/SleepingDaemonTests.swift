import Foundation
import Testing

/// pumpd's main thread sleeps until something is due (here: a status line an hour away, no
/// systemd): a stop signal and a line to log must still wake it at once, not when the sleep ends.
@Suite struct SleepingDaemonTests {
    @Test func aStopSignalEndsADaemonWhoseMainThreadSleepsForAnHourWithTheStateSaved() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 500))
        // stop() sends SIGTERM and waits 30 s before SIGKILL: a clean 0 means the signal woke it.
        #expect(daemon.stop() == 0, "\(daemon.logTail())")
        #expect(daemon.log.contains("signal 15: stopping"))
        #expect(daemon.log.contains("stopped; motor disabled; state saved"))
    }

    @Test func aLineLoggedWhileTheMainThreadSleepsReachesTheOutputWithoutWaitingForTheSleepToEnd() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        #expect(daemon.waitForLog("listening on"))
        try daemon.program(WirePrescriptions.continuous(microgramsPerDay: 500))
        #expect(daemon.waitForLog("program committed"), "\(daemon.logTail())")
    }
}
