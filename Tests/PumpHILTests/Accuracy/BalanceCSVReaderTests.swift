import PumpCore
@testable import PumpHIL
import Testing

@Suite struct BalanceCSVReaderTests {
    let reader = BalanceCSVReader()

    @Test func elapsedSecondsAndGramsAreReadExactly() throws {
        let records = try reader.records(from: "Elapsed (s),Mass (g)\n0,10.000000\n30,10.000087\n60.5,10.000174\n")
        #expect(records.map(\.time) == [.zero, .seconds(30), .milliseconds(60_500)])
        #expect(records.map(\.mass) == [.micrograms(10_000_000), .micrograms(10_000_087), .micrograms(10_000_174)])
        #expect(records.map(\.lineNumber) == [2, 3, 4])
    }

    @Test func aSemicolonLogWithDecimalCommasAndConfiguredColumnsIsRead() throws {
        let text = "Datum;Zeit;Gewicht [mg];Stabil\r\n16.11.2026;12:00:00;10000,00;ja\r\n16.11.2026;12:00:30;10000,09;ja\r\n"
        let reader = BalanceCSVReader(format: .init(timeColumn: "zeit", massColumn: "Gewicht [mg]"))
        let records = try reader.records(from: text)
        #expect(records.map(\.time) == [.zero, .seconds(30)])
        #expect(records.map(\.mass) == [.milligrams(10_000), .micrograms(10_000_090)])
    }

    @Test func dateTimesRunAcrossMidnight() throws {
        let text = "Timestamp,Net weight (g)\n2026-11-16 23:59:30,1.0\n2026-11-17T00:00:00.25,1.1\n"
        #expect(try reader.records(from: text).map(\.time) == [.zero, .milliseconds(30_250)])
        let european = "Time,Weight\n16.11.2026 23:59:30,1.0\n17.11.2026 00:00:00,1.1\n"
        #expect(try reader.records(from: european).map(\.time) == [.zero, .seconds(30)])
    }

    @Test func aClockTimeThatWrapsPastMidnightIsTheNextDay() throws {
        let records = try reader.records(from: "Time,Weight\n23:59:30,1.0\n00:00:00,1.1\n00:00:30.5,1.2\n")
        #expect(records.map(\.time) == [.zero, .seconds(30), .milliseconds(60_500)])
    }

    @Test func quotedHeadersAByteOrderMarkAndUnitsOnTheValuesAreHandled() throws {
        let text = "\u{FEFF}\"Time, s\",\"Mass \"\"net\"\"\"\r\n0,\"12.5 mg\"\r\n30,12.75 mg\r\n"
        let records = try reader.records(from: text)
        #expect(records.map(\.mass) == [.micrograms(12_500), .micrograms(12_750)])
    }

    @Test func theUnitComesFromTheHeaderWords() {
        #expect(BalanceCSVReader.unit(inHeader: "Mass_g") == .grams)
        #expect(BalanceCSVReader.unit(inHeader: "weight (mg)") == .milligrams)
        #expect(BalanceCSVReader.unit(inHeader: "Net [kg]") == .kilograms)
        #expect(BalanceCSVReader.unit(inHeader: "Mass") == nil)
    }

    @Test func refusalsNameTheLineAndWhatIsWrong() {
        let cases: [(String, BalanceCSVError)] = [
            ("", .noHeader),
            ("Time,Mass\n", .noRecords),
            ("a,b\n1,2\n", .columnNotFound(role: "time", named: nil, header: ["a", "b"])),
            ("Time,Mass\n0,1\n30,\n", .missingField(line: 3, column: "Mass")),
            ("Time,Mass\n0,1\n12:00:30,1\n", .badTime(line: 3, text: "12:00:30", expected: "seconds as a decimal number, like the first record")),
            ("Time,Mass (g)\n0,1.0000001\n", .badMass(line: 2, text: "1.0000001", error: .finerThanAMicrogram("1.0000001", unit: .grams))),
            ("Time,Mass (mg)\n0,1 g\n", .unitConflict(line: 2, expected: .milligrams, found: .grams)),
            ("Time,Mass\n0,1 oz\n", .unsupportedUnit(line: 2, text: "oz")),
            ("Time,Mass\n0,1\n30,1\n30,1\n", .nonMonotonicTime(line: 4, text: "30", previousLine: 3)),
            ("Time,Mass\n0,\"1\n", .unterminatedQuote(line: 2)),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(String(reflecting: text))") { try reader.records(from: text) }
        }
        let missing = #expect(throws: BalanceCSVError.self) { try BalanceCSVReader(format: .init(massColumn: "Gewicht")).records(from: "Time,Mass\n0,1\n") }
        #expect(missing?.description == "no column named \"Gewicht\" in the header \"Time\", \"Mass\"")
        let late = #expect(throws: BalanceCSVError.self) { try reader.records(from: "Time,Mass\n0,1\n30,1\n30,1\n") }
        #expect(late?.description == "line 4: the time \"30\" is not after the time on line 3: times must increase")
    }
}
