@testable import PumpSimulation
import Testing

/// A settle carries leak, self-drain and free flow in whole units and keeps the rest: the
/// shortcut that skips the division while no whole unit has built up gives exactly what `/` and
/// `%` give.
@Suite("Simulated rig: settle remainders")
struct SettleRemainderTests {
    static let divisors: [Int128] = [1, 7, SimulatedRigState.nanolitreHourNanosecondsPerPicolitre, SimulatedRigState.nanosecondsPerHour]

    @Test(arguments: divisors)
    func takingWholeUnitsGivesWhatDivisionAndRemainderGive(divisor: Int128) {
        var remainders: [Int128] = [0, 1, -1, Int128(Int64.max), -Int128(Int64.max)]
        for multiple: Int128 in [0, 1, 2, 1_000, -1, -2] {
            for offset: Int128 in [-1, 0, 1] { remainders.append(multiple * divisor + offset) }
        }
        for remainder in remainders {
            var carried = remainder
            let whole = SimulatedRigState.takeWhole(&carried, per: divisor)
            #expect(whole == Int64(remainder / divisor), "\(remainder) ÷ \(divisor)")
            #expect(carried == remainder % divisor, "\(remainder) % \(divisor)")
        }
    }

    @Test func theUnitConstantsAreAnHourInNanosecondsAndItsThousandth() {
        #expect(SimulatedRigState.nanosecondsPerHour == 3_600 * 1_000_000_000)
        #expect(SimulatedRigState.nanolitreHourNanosecondsPerPicolitre * 1_000 == SimulatedRigState.nanosecondsPerHour)
    }
}
