import PumpBalance
import PumpCore
import PumpTestKit
import Testing

/// Weighing what a calibration run pushed: the balance on a pseudo-terminal (posix_openpt) stands
/// in for the serial port `pumpctl calibrate run --balance` opens.
@Suite struct StableWeighingTests {
    @Test func balanceReadViaPtyWaitsForTheFirstStableWeight() throws {
        let terminal = try PseudoTerminal()
        let reader = try SerialBalanceReader(path: terminal.slavePath)
        // Two dynamic answers while the drops settle, then a stable one (MT-SICS SI replies).
        try terminal.send("S D     0.10350 g\r\nS D     0.10379 g\r\nS S     0.10381 g\r\n")
        let reading = try reader.stableReading(attempts: 5, timeout: .seconds(2))
        #expect(reading == BalanceReading(mass: .micrograms(103_810), isStable: true))
        var sent = ""
        while sent.utf8.count < 12, case let more = try terminal.received(), !more.isEmpty { sent += more }
        #expect(sent == "SI\r\nSI\r\nSI\r\n")  // one request per answer, none after the stable one
    }

    @Test func noStableWeightWithinTheAttemptsIsATypedErrorWithTheLastReading() throws {
        let terminal = try PseudoTerminal()
        let reader = try SerialBalanceReader(path: terminal.slavePath)
        try terminal.send("S D     0.10350 g\r\nS D     0.10379 g\r\n")
        #expect(throws: BalanceReadError.noStableReading(attempts: 2, last: BalanceReading(mass: .micrograms(103_790), isStable: false))) {
            try reader.stableReading(attempts: 2, timeout: .seconds(2))
        }
    }

    @Test func aTareAndGrossWeightGiveTheMassPushedAndItsVolume() throws {
        let terminal = try PseudoTerminal()
        let reader = try SerialBalanceReader(path: terminal.slavePath)
        try terminal.send("S S    12.34560 g\r\nS S    12.44941 g\r\n")
        let tare = try reader.stableReading(timeout: .seconds(2)).mass
        let gross = try reader.stableReading(timeout: .seconds(2)).mass
        let pushed = gross - tare
        #expect(pushed == .micrograms(103_810))
        let conversion = GravimetricConversion(density: FluidDensity(microgramsPerMillilitre: 998_200))
        #expect(conversion.volume(of: pushed) == .nanolitres(103_997))
    }
}
