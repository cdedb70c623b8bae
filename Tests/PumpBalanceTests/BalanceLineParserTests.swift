import PumpBalance
import Testing

@Suite struct BalanceLineParserTests {
    let parser = BalanceLineParser()

    @Test(arguments: [
        ("S S      12.3456 g", 12_345_600, true),
        ("S D      12.3456 g\r\n", 12_345_600, false),
        ("S S     -0.0012 g", -1_200, true),
        ("S S    100.125 mg", 100_125, true),
        ("S S 0.0125 kg\n", 12_500_000, true),
        ("S\tS\t1.000000\tg", 1_000_000, true),
    ])
    func mtSICSWeightRepliesAreRead(line: String, micrograms: Int64, stable: Bool) throws {
        #expect(try parser.reading(from: line, lineNumber: 1) == BalanceReading(mass: .micrograms(micrograms), isStable: stable))
    }

    @Test(arguments: [
        ("+     12.3456 g  ", 12_345_600, true),
        ("-      0.0012 g", -1_200, true),
        ("N     +     12.3456 g\r\n", 12_345_600, true),
        ("G#    +  1.5 kg", 1_500_000_000, true),
        ("+     12.3456", 12_345_600, false),
        ("  12.3456 g", 12_345_600, true),
        ("-0.5 mg", -500, true),
    ])
    func sartoriusPrintLinesAreRead(line: String, micrograms: Int64, stable: Bool) throws {
        #expect(try parser.reading(from: line, lineNumber: 1) == BalanceReading(mass: .micrograms(micrograms), isStable: stable))
    }

    @Test(arguments: [
        ("S I", BalanceLineError.Reason.busy),
        ("S +", .overload),
        ("S -", .underload),
        ("ES", .syntaxErrorReported),
        ("ET", .transmissionErrorReported),
        ("EL", .logicalErrorReported),
        ("High", .overload),
        ("Low", .underload),
        ("  --------  ", .noValue),
        ("", .empty),
        ("   \r\n", .empty),
        ("S S 12.3456 lb", .unsupportedUnit("lb")),
        ("S S 12.34567891 g", .badWeight(.finerThanAMicrogram("12.34567891", unit: .grams))),
        ("S S 12,3456 g", .badWeight(.malformed("12,3456"))),
        ("S S 12.3456", .unrecognised),
        ("I4 A \"B123456789\"", .unrecognised),
        ("+ -12.5 g", .unrecognised),
        ("hello world", .unrecognised),
        ("+ 12 g extra", .unrecognised),
    ])
    func otherLinesAreRefusedWithTheirReason(line: String, reason: BalanceLineError.Reason) {
        #expect(throws: BalanceLineError(lineNumber: 7, line: line.replacing("\r\n", with: ""), reason: reason)) {
            try parser.reading(from: line, lineNumber: 7)
        }
    }

    @Test func aRefusalNamesTheLineNumberAndContent() {
        let error = #expect(throws: BalanceLineError.self) { try parser.reading(from: "S +\r\n", lineNumber: 42) }
        #expect(error?.description == "balance line 42 \"S +\": the load is above the balance's range (overload)")
        let unit = #expect(throws: BalanceLineError.self) { try parser.reading(from: BalanceLine(number: 3, text: "S S 1.0 oz")) }
        #expect(unit?.description == "balance line 3 \"S S 1.0 oz\": the unit \"oz\" is not g, mg or kg")
    }

    @Test func aDialectRefusesTheOtherDialectsLines() throws {
        #expect(throws: BalanceLineError.self) { try BalanceLineParser(dialect: .mtSICS).reading(from: "+ 12.3456 g", lineNumber: 1) }
        #expect(throws: BalanceLineError.self) { try BalanceLineParser(dialect: .sartorius).reading(from: "S S 12.3456 g", lineNumber: 1) }
        #expect(try BalanceLineParser(dialect: .mtSICS).reading(from: "S S 1 g", lineNumber: 1).mass == .grams(1))
        #expect(try BalanceLineParser(dialect: .sartorius).reading(from: "+ 1 g", lineNumber: 1).mass == .grams(1))
    }
}
