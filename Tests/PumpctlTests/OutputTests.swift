import PumpWire
import PumpctlKit
import Testing

@Suite struct ComparisonTableTests {
    static let rows = [
        WireComparisonRow(label: "drug", old: "baclofen 2000 µg/mL", new: "baclofen 2000 µg/mL", changed: false),
        WireComparisonRow(label: "basal daily dose", old: "400.000 µg", new: "500.000 µg", changed: true),
        WireComparisonRow(label: "reservoir empty by", old: "—", new: "2027-02-01T10:00:00+01:00", changed: true),
    ]

    @Test func changedRowsAreMarkedAndAlignedUnderOldAndNew() {
        #expect(ComparisonTable(rows: Self.rows).lines == [
            "                       old                  new",
            "   drug                baclofen 2000 µg/mL  baclofen 2000 µg/mL",
            "*  basal daily dose    400.000 µg           500.000 µg",
            "*  reservoir empty by  —                    2027-02-01T10:00:00+01:00",
            "* 2 lines change",
        ])
    }

    @Test func theDaemonsChangedFlagDecidesTheMarkNotTheText() {
        let rows = [WireComparisonRow(label: "mode", old: "same", new: "same", changed: true)]
        #expect(ComparisonTable(rows: rows).lines[1].hasPrefix("*"))
        let unchanged = [WireComparisonRow(label: "mode", old: "a", new: "b", changed: false)]
        #expect(ComparisonTable(rows: unchanged).lines == ["         old  new", "   mode  a    b", "no line changes"])
    }
}

@Suite struct CSVTests {
    @Test func fieldsWithCommasQuotesOrLineBreaksAreQuotedAndQuotesDoubled() {
        #expect(CSVTable.field("plain") == "plain")
        #expect(CSVTable.field("a,b") == "\"a,b\"")
        #expect(CSVTable.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVTable.field("cr\rhere") == "\"cr\rhere\"")
        #expect(CSVTable.field("") == "")
    }

    @Test func rowsEndWithCRLF() {
        #expect(CSVTable(header: ["a", "b"], rows: [["1", "x,y"]]).text == "a,b\r\n1,\"x,y\"\r\n")
    }

    @Test func historyEventsCSVEscapesSummaryAndDetailAndSplitsTheCaller() {
        let report = HistoryReport(
            events: [
                WireEvent(
                    sequence: 7, time: "2026-11-21T08:30:00+01:00", kind: "refill", summary: "refilled 20 mL, \"baclofen\"",
                    detail: #"{"volume":20000000,"withdrawn":1200000}"#),
            ],
            hours: [WireHourlyDelivery(hour: "2026-11-21T08:00:00+01:00", volume: 10_416, mass: 20_833)])
        #expect(report.eventsCSV == "sequence,time,kind,summary,detail,caller_uid,caller_pid,caller_role\r\n"
            + #"7,2026-11-21T08:30:00+01:00,refill,"refilled 20 mL, ""baclofen""","{""volume"":20000000,""withdrawn"":1200000}",,,"# + "\r\n")
        #expect(report.hoursCSV == "hour,volume_nl,mass_ng\r\n2026-11-21T08:00:00+01:00,10416,20833\r\n")
    }

    @Test func hourlyTableTotalsExactly() {
        let report = HistoryReport(events: [], hours: [
            WireHourlyDelivery(hour: "08:00", volume: 10_416, mass: 20_833), WireHourlyDelivery(hour: "09:00", volume: 10_417, mass: 20_834),
        ])
        #expect(report.hourLines.last == "total  20.833 µL  41.667 µg")
        #expect(report.eventLines == ["no events"])
    }
}

@Suite struct ProgressBarTests {
    @Test func theBarFillsInProportionAndShowsReadableAmounts() {
        #expect(ProgressBar(width: 10).bar(delivered: 12_500, planned: 25_000) == "[#####.....] 12.5 µL of 25 µL (50 %)")
        #expect(ProgressBar(width: 10).bar(delivered: 25_000, planned: 25_000) == "[##########] 25 µL of 25 µL (100 %)")
        #expect(ProgressBar(width: 10).bar(delivered: 0, planned: 0).hasPrefix("[##########]"))
    }

    @Test func onATerminalAnUpdateOverwritesTheLineElsewhereItIsALine() {
        let bar = ProgressBar(width: 4)
        #expect(bar.update(label: "bolus", delivered: 1_000, planned: 4_000, onTerminal: true) == "\rbolus [#...] 1 µL of 4 µL (25 %)\u{1B}[K")
        #expect(bar.update(label: "bolus", delivered: 1_000, planned: 4_000, onTerminal: false) == "bolus: 1 µL of 4 µL (25 %)\n")
    }
}

@Suite struct TextTableTests {
    @Test func columnsArePaddedToTheWidestCellCountingMicroAsOneCharacter() {
        let table = TextTable(header: ["a", "unit"], rows: [["µg", "x"], ["long", "y"]])
        #expect(table.lines == ["a     unit", "µg    x", "long  y"])
    }
}
