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

@Suite struct ProgressWithDoseAndTimeLeftTests {
    @Test func aBolusShowsTheDoseOfTheTotalTheVolumeAndTheTimeLeft() {
        let task = WireTask(kind: "singleBolus", planned: 25_000, delivered: 12_500, dose: 50_000, doseDelivered: 25_000, remaining: 301)
        #expect(ProgressBar(width: 10).bar(task) == "[#####.....] 25 µg of 50 µg (12.5 µL of 25 µL, 50 %), 5 min 1 s left")
        #expect(ProgressBar().update(label: "bolus", task, onTerminal: false) == "bolus: 25 µg of 50 µg (12.5 µL of 25 µL, 50 %), 5 min 1 s left\n")
    }

    @Test func aPrimingShowsVolumeAndTimeLeftAndAFinishedTaskNoTime() {
        let priming = WireTask(kind: "priming", planned: 150_000, delivered: 50_000, remaining: 5_400)
        #expect(ProgressBar().amounts(priming) == "50 µL of 150 µL (33 %), 1 h 30 min left")
        let done = WireTask(kind: "priming", planned: 150_000, delivered: 150_000, remaining: 0)
        #expect(ProgressBar().amounts(done) == "150 µL of 150 µL (100 %)")
        // An older pumpd sends neither dose nor time left.
        #expect(ProgressBar().amounts(WireTask(kind: "singleBolus", planned: 4_000, delivered: 1_000)) == "1 µL of 4 µL (25 %)")
    }
}

@Suite struct ColourTests {
    static let terminal = ["TERM": "xterm-256color"]

    @Test(arguments: [
        (ColorMode.auto, true, ["TERM": "xterm-256color"], true),
        (.auto, false, ["TERM": "xterm-256color"], false),  // a pipe or file
        (.auto, true, ["TERM": "xterm-256color", "NO_COLOR": "1"], false),
        (.auto, true, ["TERM": "xterm-256color", "NO_COLOR": ""], true),  // empty NO_COLOR does not count
        (.auto, true, ["TERM": "dumb"], false),
        (.auto, true, [:], false),  // no TERM
        (.always, false, ["NO_COLOR": "1", "TERM": "dumb"], true),
        (.never, true, ["TERM": "xterm-256color"], false),
    ])
    func colourFollowsTheOptionNO_COLORTheTerminalAndTERM(mode: ColorMode, isTerminal: Bool, environment: [String: String], colours: Bool) {
        #expect(Palette(mode: mode, outputIsTerminal: isTerminal, environment: { environment[$0] }).colors == colours)
    }

    @Test func criticalAlarmsAreHighlightedOthersNot() {
        var minor = Fixtures.alarm(severity: "non_critical")
        minor.kind = "reservoirLow"
        let report = AlarmReport(active: [Fixtures.alarm(severity: "critical"), minor], history: [], palette: Palette(colors: true))
        #expect(report.lines[1].hasPrefix("\u{1B}[1;31m  occlusion (critical)") && report.lines[1].hasSuffix("\u{1B}[0m"))
        #expect(report.lines[4].hasPrefix("  reservoirLow"))
        #expect(!AlarmReport(active: [Fixtures.alarm(severity: "critical")], history: []).lines.joined().contains("\u{1B}"))
    }

    @Test func changedReviewLinesAreHighlightedWholeSoColumnsStayAligned() {
        let rows = [
            WireComparisonRow(label: "daily dose", old: "400 µg", new: "500 µg", changed: true),
            WireComparisonRow(label: "drug", old: "baclofen", new: "baclofen", changed: false),
        ]
        let plain = ComparisonTable(rows: rows).lines
        let coloured = ComparisonTable(rows: rows, palette: Palette(colors: true)).lines
        #expect(coloured[1] == "\u{1B}[1;33m" + plain[1] + "\u{1B}[0m")
        #expect(coloured[2] == plain[2])
        #expect(coloured[3] == "\u{1B}[1;33m" + plain[3] + "\u{1B}[0m")
        #expect(!plain.joined().contains("\u{1B}"))
    }

    @Test func aCriticalAlarmRaisedIsHighlightedInTheEventStream() {
        let critical = WireEvent(
            sequence: 7, time: "2026-11-21T08:10:00+01:00", kind: "alarmRaised", summary: "alarm raised: occlusion (critical): pressure",
            detail: #"{"alarm":"occlusion","severity":"critical","evidence":"pressure"}"#)
        var minor = critical
        minor.detail = #"{"alarm":"reservoirLow","severity":"non_critical","evidence":"1.9 mL"}"#
        let palette = Palette(colors: true)
        #expect(EventLine.text(critical, palette: palette) == "\u{1B}[1;31m" + EventLine.text(critical) + "\u{1B}[0m")
        #expect(EventLine.text(minor, palette: palette) == EventLine.text(minor))
    }

    @Test func alarmsCommandColoursOnlyWhenAsked() throws {
        let pumpd = try FakePumpd(["GetAlarms": .reply(["active": [Fixtures.occlusion], "history": []])])
        let pipe = TestConsole(environment: Self.terminal)
        #expect(pipe.run(["alarms", "--socket", pumpd.path]) == .success)
        #expect(!pipe.output.contains("\u{1B}["))
        let tty = TestConsole(outputIsTerminal: true, environment: Self.terminal)
        #expect(tty.run(["alarms", "--socket", pumpd.path]) == .success)
        #expect(tty.output.contains("\u{1B}[1;31m  occlusion (critical)"))
        let noColor = TestConsole(outputIsTerminal: true, environment: ["TERM": "xterm", "NO_COLOR": "1"])
        #expect(noColor.run(["alarms", "--socket", pumpd.path]) == .success)
        #expect(!noColor.output.contains("\u{1B}["))
        let forced = TestConsole(environment: ["NO_COLOR": "1"])
        #expect(forced.run(["alarms", "--color", "always", "--socket", pumpd.path]) == .success)
        #expect(forced.output.contains("\u{1B}[1;31m"))
        let never = TestConsole(outputIsTerminal: true, environment: Self.terminal)
        #expect(never.run(["alarms", "--color=never", "--socket", pumpd.path]) == .success)
        #expect(!never.output.contains("\u{1B}["))
    }
}

@Suite struct TextTableTests {
    @Test func columnsArePaddedToTheWidestCellCountingMicroAsOneCharacter() {
        let table = TextTable(header: ["a", "unit"], rows: [["µg", "x"], ["long", "y"]])
        #expect(table.lines == ["a     unit", "µg    x", "long  y"])
    }
}
