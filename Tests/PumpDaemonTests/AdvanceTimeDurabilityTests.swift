import Foundation
import Testing
import Varlink

/// `AdvanceTime` replies only once what it ran is durable: a checkpoint that cannot be written is
/// its answer (StorageFailed), as for every change, never a plain reply (issue 13 review).
@Suite(.serialized, .enabled(if: MountedFileSystem.available, "SKIPPED: needs root, tmpfs, loop devices and fsfreeze"))
struct AdvanceTimeDurabilityTests {
    /// pumpd on `arguments` over an 8 MB tmpfs, with no space reserve to give up (a directory
    /// squats on its name): a full disk fails its writes. Stop, then `unmount`.
    static func onASmallDisk(_ arguments: [String]) throws -> (RunningDaemon, MountedFileSystem) {
        let daemon = try RunningDaemon(arguments: arguments)
        let tmpfs = try MountedFileSystem(tmpfsOver: daemon.stateDirectory, megabytes: 8)
        try FileManager.default.createDirectory(atPath: daemon.stateDirectory + "/pumpd.sqlite.reserve", withIntermediateDirectories: false)
        return (daemon, tmpfs)
    }

    /// On a full disk the advance's own record cannot be written: it is not made.
    @Test func anAdvanceOnAFullDiskIsAnsweredStorageFailedAndNotMade() throws {
        let (daemon, tmpfs) = try Self.onASmallDisk(["--clock", "virtual", "--virtual-start", "2026-01-05T08:00:00Z", "--daily-dose", "500ug/day"])
        defer {
            daemon.stop()
            tmpfs.unmount()
            daemon.shutdown()
        }
        try daemon.start(until: .delivering)
        let before = try #require(try daemon.call("io.pumpd.Rig.GetClock")["monotonic"]?.integerValue)
        let filler = tmpfs.fill()
        defer { try? FileManager.default.removeItem(atPath: filler) }
        let refusal = try daemon.refusal("io.pumpd.Rig.AdvanceTime", ["seconds": .integer(2 * 86_400)])
        #expect(refusal?.name == "io.pumpd.Pump.StorageFailed", "answered \(String(describing: refusal)) with its checkpoint unwritten\n\(daemon.logTail())")
        let reason = refusal?.parameterObject["reason"]?.stringValue ?? ""
        #expect(reason.hasSuffix("so it was not made: the clock did not move"), "\(reason)")
        #expect(try daemon.call("io.pumpd.Rig.GetClock")["monotonic"]?.integerValue == before)
    }

    /// An advance whose checkpoint fails part way is answered StorageFailed, and once storage works
    /// again the event log says how far it went: never "advancing by 400 d" alone.
    @Test func anAdvanceEndedByAFailedWriteIsRecordedAsCutShortOnceStorageWorksAgain() throws {
        let (daemon, tmpfs) = try Self.onASmallDisk(["--clock", "virtual", "--profile", "hw-profiles/sim-soak.toml", "--daily-dose", "500ug/day"])
        defer {
            daemon.stop()
            tmpfs.unmount()
            daemon.shutdown()
        }
        try daemon.start(extra: ["--virtual-start", "2026-01-05T08:00:00Z"], until: .delivering)
        let asked: Int64 = 400 * 86_400
        let advance = try BackgroundAdvance(daemon, seconds: asked)
        try advance.waitUntilTheClockMoved(2 * 86_400, on: daemon)
        let filler = tmpfs.fill()
        let result = try advance.result()
        if case .failure(let refusal as VarlinkError) = result {
            #expect(refusal.name == "io.pumpd.Pump.StorageFailed", "\(refusal)")
        } else {
            Issue.record("answered \(result) with a checkpoint unwritten\n\(daemon.logTail())")
        }
        try FileManager.default.removeItem(atPath: filler)
        // The probe write (every second while storage is failed) writes the kept record first.
        var records: [JSONObject] = []
        let recovered = Date().addingTimeInterval(30)
        while records.count < 2, Date() < recovered {
            Thread.sleep(forTimeInterval: 0.2)
            records = (try? daemon.call(
                "io.pumpd.Pump.GetHistory", ["kinds": ["rigTimeAdvanced", "rigTimeAdvanceCutShort"], "from": "2026-01-01T00:00:00Z"]))?["events"]?
                .arrayValue?.compactMap(\.objectValue) ?? []
        }
        try #require(records.count == 2, "\(records)\n\(daemon.logTail())")
        #expect(records[0]["summary"]?.stringValue == "advancing simulated time by 400 d")
        #expect(records[1]["kind"]?.stringValue == "rigTimeAdvanceCutShort")
        let summary = records[1]["summary"]?.stringValue ?? ""
        #expect(summary.hasPrefix("simulated time advance cut short by a failed state write: advanced by "), "\(summary)")
        let detail = try #require(records[1]["detail"]?.stringValue.flatMap { try? JSONValue.parse($0).objectValue })
        let advanced = try #require(detail["advanced"]?.integerValue)
        #expect(advanced >= 2 * 86_400 && advanced < asked && detail["asked"]?.integerValue == asked, "\(detail)")
    }
}
