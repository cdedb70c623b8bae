import Testing

@testable import PumpHIL

@Suite struct PumpHILTests {
    @Test func reportsCarryTheHarnessVersion() { #expect(PumpHIL.version.split(separator: ".").count == 3) }
}
