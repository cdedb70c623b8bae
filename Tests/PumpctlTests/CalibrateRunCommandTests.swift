import Foundation
import PumpCore
import PumpTestKit
import PumpctlKit
import Synchronization
import Testing
import Varlink

/// `pumpctl calibrate run` against a fake pumpd: the run followed, then the mass typed in or
/// weighed on a balance (a pseudo-terminal playing it), committed.
@Suite struct CalibrateRunCommandTests {
    static let runReplies = FakePumpd.Answer(replies: [
        Fixtures.task("calibrationRun", planned: 100_000, delivered: 0, finished: false),
        Fixtures.task("calibrationRun", planned: 100_000, delivered: 50_000, finished: false),
        Fixtures.task("calibrationRun", planned: 100_000, delivered: 100_000, finished: true),
    ])
    static let commit = FakePumpd.Answer.reply(["old": 250_000, "new": 260_000, "steps": 400, "volume": 104_000])

    @Test func aTypedMassIsCommittedAfterTheRunWithPlainProgressLines() throws {
        let pumpd = try FakePumpd(["StartCalibrationRun": Self.runReplies, "CommitCalibrationRun": Self.commit])
        let terminal = TestConsole()
        let arguments = ["calibrate", "run", "--steps", "400", "--rate", "1ml/h", "--mass", "103.813mg", "--density", "998.2mg/ml", "--socket", pumpd.path]
        #expect(terminal.run(arguments) == .success, "\(terminal.errors)")
        #expect(pumpd.calls.map(\.method) == ["io.pumpd.Pump.StartCalibrationRun", "io.pumpd.Pump.CommitCalibrationRun"])
        #expect(pumpd.calls.first?.more == true)
        #expect(pumpd.calls.first?.parameters == ["steps": 400, "rate": 24_000_000_000])
        #expect(pumpd.calls.last?.parameters == ["mass": 103_813, "density": 998_200])
        #expect(terminal.output == """
            calibration run: 0 nL of 100 µL (0 %)
            calibration run: 50 µL of 100 µL (50 %)
            calibration run: 100 µL of 100 µL (100 %)
            calibration run complete: 100 µL delivered
            400 steps weighed 103.813 mg = 104 µL; step volume: 250 nL → 260 nL

            """)
    }

    @Test func onATerminalTheRunDrawsAProgressBar() throws {
        let pumpd = try FakePumpd(["StartCalibrationRun": Self.runReplies, "CommitCalibrationRun": Self.commit])
        let terminal = TestConsole(outputIsTerminal: true)
        #expect(terminal.run(["calibrate", "run", "--steps", "400", "--mass", "103.813mg", "--socket", pumpd.path]) == .success)
        #expect(terminal.output.contains("calibration run [###############...............] 50 µL of 100 µL (50 %)\u{1B}[K"))
        #expect(pumpd.calls.last?.parameters == ["mass": 103_813])  // density: pumpd's default
    }

    @Test func theMassIsWeighedOnASerialBalanceBeforeAndAfterTheRun() throws {
        let pumpd = try FakePumpd(["StartCalibrationRun": Self.runReplies, "CommitCalibrationRun": Self.commit])
        let balance = try PseudoTerminal()
        // The balance answers each SI with the next weight: the tare, then the gross after the run.
        let weights = Mutex(["S S    12.34560 g\r\n", "S S    12.44941 g\r\n"])
        let answering = Thread {
            var pending = ""
            for _ in 0..<50 {
                guard let more = try? balance.received(waitingUpTo: 200) else { return }
                pending += more
                while let range = pending.range(of: "SI\r\n") {
                    pending.removeSubrange(pending.startIndex..<range.upperBound)
                    guard let next = weights.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return }
                    try? balance.send(next)
                }
                if weights.withLock({ $0.isEmpty }) { return }
            }
        }
        answering.start()
        let terminal = TestConsole()
        let arguments = ["calibrate", "run", "--steps", "400", "--balance", balance.slavePath, "--baud", "9600", "--socket", pumpd.path]
        #expect(terminal.run(arguments) == .success, "\(terminal.errors)")
        #expect(pumpd.calls.last?.parameters == ["mass": 103_810])
        #expect(terminal.output.hasPrefix("balance (tare): 12.345600 g\n"))
        #expect(terminal.output.contains("balance (after the run): 12.449410 g\n"))
    }

    @Test func neitherMassNorBalanceIsAUsageError() throws {
        let terminal = TestConsole()
        #expect(terminal.run(["calibrate", "run", "--steps", "400", "--socket", "/nonexistent"]) == .usage)
        #expect(terminal.errors.contains("give either --mass or --balance"))
    }
}
