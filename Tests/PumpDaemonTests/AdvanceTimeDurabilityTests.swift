import Foundation
import Testing
import Varlink

/// `AdvanceTime` replies only once what it ran is durable: a checkpoint that cannot be written is
/// its answer (StorageFailed), as for every change, never a plain reply (issue 13 review).
@Suite(.serialized, .enabled(if: MountedFileSystem.available, "SKIPPED: needs root, tmpfs, loop devices and fsfreeze"))
struct AdvanceTimeDurabilityTests {
    @Test func anAdvanceWhoseCheckpointCannotBeWrittenIsAnsweredStorageFailed() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--virtual-start", "2026-01-05T08:00:00Z", "--daily-dose", "500ug/day"])
        let tmpfs = try MountedFileSystem(tmpfsOver: daemon.stateDirectory, megabytes: 8)
        defer {
            daemon.stop()
            tmpfs.unmount()
            daemon.shutdown()
        }
        // No space reserve to give up (a directory squats on its name): a full disk fails the write.
        try FileManager.default.createDirectory(atPath: daemon.stateDirectory + "/pumpd.sqlite.reserve", withIntermediateDirectories: false)
        try daemon.start(until: .delivering)
        let filler = tmpfs.fill()
        defer { try? FileManager.default.removeItem(atPath: filler) }
        let refusal = try daemon.refusal("io.pumpd.Rig.AdvanceTime", ["seconds": .integer(2 * 86_400)])
        #expect(refusal?.name == "io.pumpd.Pump.StorageFailed", "answered \(String(describing: refusal)) with its checkpoint unwritten\n\(daemon.logTail())")
    }
}
