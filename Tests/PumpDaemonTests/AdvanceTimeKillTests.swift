import Foundation
import PumpStorage
import Synchronization
import Testing
import Varlink

/// A pumpd killed in the middle of an `AdvanceTime` (the harness's crash, as systemd would restart
/// it) is restored with everything the pump pushed since its last checkpoint counted as delivered
/// or as possibly delivered: never less than the truth (issue 13 review: AdvanceTime checkpoints
/// once per simulated day, so up to a day of steps is unrecorded at a kill).
@Suite struct AdvanceTimeKillTests {
    /// 500 µg/day at 2000 µg/mL in 250 nL steps: 1000 steps a day, 500 ng each.
    static let secondsPerStep = 86.4
    static let nanogramsPerStep: Int64 = 500

    static let arguments = ["--clock", "virtual", "--profile", "hw-profiles/sim-soak.toml", "--daily-dose", "500ug/day"]

    /// Starts `daemon` at 2026-01-05T08:00:00Z, advances it 60 simulated days (a checkpoint per
    /// day) and kills it when its clock is read `hoursIn` hours into one of those days. Returns
    /// the simulated time (ns) from the start to that reading (`read`) and to the last step the
    /// step journal noted (`killed`, never before `read`): the advance runs on until the kill
    /// lands, simulated hours later on a loaded machine (a day takes well under a second), so a
    /// restart "after the kill" must be timed from `killed`; timed from `read`, it may come before
    /// steps the pump made, a clock gone back that the restore rightly refuses to split hours by.
    static func killInsideADay(_ daemon: RunningDaemon, hoursIn: ClosedRange<Int64>) throws -> (read: Int64, killed: Int64) {
        try daemon.start(extra: ["--virtual-start", "2026-01-05T08:00:00Z"], until: .delivering)
        let start = try #require(try daemon.call("io.pumpd.Rig.GetClock")["monotonic"]?.integerValue)
        // The advance runs on its own connection; the clock is read beside it.
        let advancing = Thread { _ = try? daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": .integer(60 * 86_400)]) }
        advancing.start()
        var reached: Int64 = start, inside = false
        let deadline = Date().addingTimeInterval(60)
        let hour: Int64 = 3_600 * 1_000_000_000
        // Read back to back: a simulated day takes well under a second.
        while !inside, Date() < deadline {
            reached = try #require(try daemon.call("io.pumpd.Rig.GetClock")["monotonic"]?.integerValue)
            inside = (hoursIn.lowerBound * hour...hoursIn.upperBound * hour).contains((reached - start) % (24 * hour))
        }
        try #require(inside, "the clock was never read inside a simulated day")
        daemon.kill9()
        let lastStep = try #require(lastStepNoted(in: daemon.stateDirectory), "no step noted in the step journal")
        return (reached - start, max(reached, lastStep) - start)
    }

    /// The monotonic instant (ns) of the newest step noted in the step journal (`commanded-position`,
    /// a `MappedRecordFile`: magic, version, word count, then two slots of sequence, position,
    /// instant, boot, made, state, checksum; a slot being written has a zero checksum).
    static func lastStepNoted(in directory: String) -> Int64? {
        guard let data = FileManager.default.contents(atPath: directory + "/commanded-position"), data.count == (3 + 2 * 7) * 8 else { return nil }
        let words = data.withUnsafeBytes { bytes in (0..<data.count / 8).map { bytes.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
        let slots = [3, 10].filter { words[$0] > 0 && words[$0 + 6] != 0 }
        return slots.max { words[$0] < words[$1] }.map { Int64(bitPattern: words[$0 + 2]) }
    }

    @Test func aKillInsideADayLongAdvanceRestoresAtLeastWhatThePumpPushed() throws {
        let daemon = try RunningDaemon(arguments: Self.arguments)
        defer { daemon.shutdown() }
        // Between 6 and 20 simulated hours into one of its days: far from a checkpoint.
        let (read, killed) = try Self.killInsideADay(daemon, hoursIn: 6...20)
        let elapsed = Double(read) / 1e9
        // Pushed before the kill, at least: every step due by the last clock reading, less one.
        let pushedAtLeast = (Int64(elapsed / Self.secondsPerStep) - 1) * Self.nanogramsPerStep
        // Restarted a minute after the kill, in virtual time (its monotonic time follows the wall).
        let formatter = ISO8601DateFormatter()
        let startWall = try #require(formatter.date(from: "2026-01-05T08:00:00Z"))
        let restartAt = formatter.string(from: startWall.addingTimeInterval((Double(killed) / 1e9).rounded(.up) + 60))
        try daemon.start(extra: ["--virtual-start", restartAt], until: .delivering)
        let status = try daemon.status()
        let delivered = try #require(status["deliveredTotal"]?.integerValue)
        let unrecorded = status["deliveredUnrecordedAtMost"]?.integerValue ?? 0
        let lastDay = try #require(status["deliveredLastDay"]?.integerValue)
        #expect(delivered + unrecorded >= pushedAtLeast, "pushed ≥ \(pushedAtLeast) ng; restored \(delivered) ng + ≤ \(unrecorded) ng unrecorded")
        // The dose window must hold it too, or the limits allow a second dose on top of it.
        #expect(lastDay >= pushedAtLeast, "pushed ≥ \(pushedAtLeast) ng in the last day; window holds \(lastDay) ng")
        // The outage alone is missed: not the hours the pump ran before the kill.
        let missed = try #require(status["missedTotal"]?.integerValue)
        #expect(missed <= 2 * 250, "missed \(missed) nL for a one-minute outage\n\(daemon.logTail())")
    }

    /// The hourly history (rows from the database, report lines from the log) of the hours
    /// starting before `cutoff` (ns since the epoch), after a clean stop.
    static func hours(of daemon: RunningDaemon, before cutoff: Int64) throws -> (rows: [HourlyDelivery], reports: [String]) {
        #expect(daemon.stop() == 0, "\(daemon.logTail())")
        let database = try PumpDatabase.open(directory: daemon.stateDirectory)
        defer { database.close() }
        let rows = try database.hourlyDelivery(fromWallNanoseconds: 0, toWallNanoseconds: cutoff)
        let reports = daemon.log.split(separator: "\n").filter { $0.contains("hour from") }.map { String($0) }
        return (rows, reports)
    }

    /// The start (ns since the epoch) of the hour an hourly report line is about.
    static func hourStart(of line: String) -> Int64? {
        guard let from = line.range(of: "hour from "), let end = line.range(of: ": delivered") else { return nil }
        return ISO8601DateFormatter().date(from: String(line[from.upperBound..<end.lowerBound])).map { Int64($0.timeIntervalSince1970) * 1_000_000_000 }
    }

    @Test func aKillInsideADayLongAdvanceRestoresEveryHourBeforeItAsARunThatWasNotKilledRecordsIt() throws {
        let killed = try RunningDaemon(arguments: Self.arguments)
        defer { killed.shutdown() }
        // About ten simulated hours into one of its days: far from its checkpoints.
        let (elapsed, killedAt) = try Self.killInsideADay(killed, hoursIn: 8...14)
        let startWall: Int64 = 1_767_600_000_000_000_000  // 2026-01-05T08:00:00Z
        // Every hour before this one had a step after its end before the kill (one every 86.4 s).
        let hour: Int64 = 3_600_000_000_000
        let cutoff = (startWall + elapsed - 90_000_000_000) / hour * hour
        let restartAt = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: (Double(startWall + killedAt) / 1e9).rounded(.up) + 60))
        try killed.start(extra: ["--virtual-start", restartAt], until: .delivering)
        let restored = try Self.hours(of: killed, before: cutoff)

        let reference = try RunningDaemon(arguments: Self.arguments)
        defer { reference.shutdown() }
        try reference.start(extra: ["--virtual-start", "2026-01-05T08:00:00Z"], until: .delivering)
        _ = try reference.call("io.pumpd.Rig.AdvanceTime", ["seconds": .integer((cutoff - startWall) / 1_000_000_000)])
        let truth = try Self.hours(of: reference, before: cutoff)
        #expect(truth.rows.count == Int((cutoff - startWall) / hour))
        #expect(restored.rows == truth.rows)
        #expect(truth.reports.count == truth.rows.count)
        // The killed run's own lines are true but may stop short: lines still queued in the
        // process at the SIGKILL are lost (the rows above are the record). The restart reports
        // every hour from its checkpoint's (the last simulated day begun before the kill) on.
        let log = killed.log.split(separator: "\n").map(String.init)
        let restart = log.lastIndex { $0.contains("state restored from") } ?? log.endIndex
        let before = { (line: String) in line.contains("hour from") && (Self.hourStart(of: line) ?? .max) < cutoff }
        let firstRun = log[..<restart].filter(before), reported = log[restart...].filter(before)
        #expect(firstRun == Array(truth.reports.prefix(firstRun.count)))
        #expect(reported == Array(truth.reports.suffix(reported.count)))
        let day = 24 * hour, lastDayBegun = startWall + killedAt / day * day
        #expect(reported.count >= Int(max(cutoff - lastDayBegun, 0) / hour), "\(killed.logTail())")
        for (got, want) in zip(restored.rows, truth.rows) where got != want {
            Issue.record("hour \(want.hourStartWallNanoseconds): restored \(got.volumeNanolitres) nL, ran \(want.volumeNanolitres) nL")
        }
    }
}
