import Testing

@testable import PumpService

@Suite struct RefusalAuditTests {
    static let second: Int64 = 1_000_000_000

    @Test func aFloodWritesAFewAndTheNextWrittenCountsThoseLeftOut() {
        var audit = RefusalAudit(perWindow: 3, windowNanoseconds: 60 * Self.second)
        let decisions = (0..<10).map { audit.admit(at: Int64($0) * Self.second) }
        #expect(decisions.prefix(3).allSatisfy { $0 == .write(suppressedBefore: 0) })
        #expect(decisions.dropFirst(3).allSatisfy { $0 == .suppress })
        // The next window: written again, saying that 7 were left out before it.
        #expect(audit.admit(at: 61 * Self.second) == .write(suppressedBefore: 7))
        #expect(audit.admit(at: 62 * Self.second) == .write(suppressedBefore: 0))
    }

    @Test func aMillionRefusalsWriteAtMostTheRatePerWindow() {
        var audit = RefusalAudit()
        var written = 0, reported = 0, suppressed = 0
        for index in 0..<1_000_000 {
            switch audit.admit(at: Int64(index) * 1_000_000) {  // one a millisecond for 1000 s
            case .write(let before): written += 1; reported += before
            case .suppress: suppressed += 1
            }
        }
        #expect(written <= 10 * (1_000 / 60 + 1))
        #expect(written + suppressed == 1_000_000)
        #expect(reported <= suppressed)  // the last window's are counted by the next refusal written
    }

    @Test func aClockThatGoesBackOpensANewWindow() {
        var audit = RefusalAudit(perWindow: 1, windowNanoseconds: 60 * Self.second)
        #expect(audit.admit(at: 100 * Self.second) == .write(suppressedBefore: 0))
        #expect(audit.admit(at: 101 * Self.second) == .suppress)
        #expect(audit.admit(at: 10 * Self.second) == .write(suppressedBefore: 1))
    }
}
