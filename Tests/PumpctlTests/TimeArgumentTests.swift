import PumpCore
import PumpctlKit
import Testing

@Suite struct TimeArgumentTests {
    /// Europe/Berlin in 2026: CET (+01:00), CEST (+02:00) from 29 March 01:00 UTC to 25 October 01:00 UTC.
    static let berlin = LocalZone { seconds in (1_774_746_000..<1_792_890_000).contains(seconds) ? 7_200 : 3_600 }
    /// Friday 2026-12-04 11:00 in Berlin.
    static let now = RFC3339.parse("2026-12-04T11:00:00+01:00")!

    func resolve(_ text: String, now: CivilTime = Self.now, zone: LocalZone = Self.berlin) throws -> String {
        RFC3339.format(try TimeArgument(parsing: text).resolved(now: now, zone: zone, text: text))
    }

    @Test func rfc3339TimesKeepTheirInstantAndOffset() throws {
        let time = try #require(RFC3339.parse("2026-11-21T08:30:00+01:00"))
        #expect(time.unixNanoseconds == 1_795_246_200 * 1_000_000_000)
        #expect(time.utcOffsetSeconds == 3_600)
        #expect(RFC3339.format(time) == "2026-11-21T08:30:00+01:00")
        #expect(RFC3339.parse("2026-11-21T07:30:00Z")?.unixNanoseconds == time.unixNanoseconds)
        #expect(RFC3339.parse("2026-11-21 02:30:00.5-05:00")?.unixNanoseconds == time.unixNanoseconds + 500_000_000)
    }

    @Test(arguments: [
        "2026-11-21", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T08:30:00",
        "2026-11-21T08:30:00+1:00", "2026-11-21T08:30+01:00", "2026-11-21T08:30:00 UTC", "yesterday", "9999-01-01T00:00:00Z",
    ])
    func rfc3339ReadsOnlyStrictRFC3339(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func leapDaysExistInLeapYearsOnly() {
        #expect(RFC3339.parse("2028-02-29T00:00:00Z") != nil)
        #expect(RFC3339.parse("2100-02-29T00:00:00Z") == nil)
    }

    @Test(arguments: [
        ("2026-12-04T11:00:00+01:00", "2026-12-04T11:00:00+01:00"),
        ("2026-12-04T10:00:00Z", "2026-12-04T10:00:00+00:00"),
        ("2026-12-04 10:00 UTC", "2026-12-04T10:00:00+00:00"),
        ("2026-12-04 11:00", "2026-12-04T11:00:00+01:00"),
        ("2026-12-04 11:00:30", "2026-12-04T11:00:30+01:00"),
        ("2026-12-04T11:00", "2026-12-04T11:00:00+01:00"),
        ("2026-07-01 11:00", "2026-07-01T11:00:00+02:00"),
        ("2026-12-01", "2026-12-01T00:00:00+01:00"),
        ("08:15", "2026-12-04T08:15:00+01:00"),
        ("now", "2026-12-04T11:00:00+01:00"),
        ("today", "2026-12-04T00:00:00+01:00"),
        ("Yesterday", "2026-12-03T00:00:00+01:00"),
        ("tomorrow", "2026-12-05T00:00:00+01:00"),
        ("-1h", "2026-12-04T10:00:00+01:00"),
        ("−1h", "2026-12-04T10:00:00+01:00"),  // U+2212, as the unit grammar reads it
        ("1h ago", "2026-12-04T10:00:00+01:00"),
        ("1h30min ago", "2026-12-04T09:30:00+01:00"),
        ("24h", "2026-12-03T11:00:00+01:00"),
        ("-2d", "2026-12-02T11:00:00+01:00"),
        ("+30min", "2026-12-04T11:30:00+01:00"),
        ("@1796378400", "2026-12-04T10:00:00+00:00"),
    ])
    func everyAcceptedFormResolvesAgainstTheGivenNowAndZone(text: String, expected: String) throws {
        #expect(try resolve(text) == expected)
    }

    @Test func todayIsTheZonesDateNotUTCs() throws {
        // 00:30 on 5 December in Berlin is still 4 December in UTC.
        let now = try #require(RFC3339.parse("2026-12-04T23:30:00Z"))
        #expect(try resolve("today", now: now) == "2026-12-05T00:00:00+01:00")
        #expect(try resolve("today", now: now, zone: .fixed(0)) == "2026-12-04T00:00:00+00:00")
        #expect(try resolve("yesterday", now: now, zone: .fixed(-18_000)) == "2026-12-03T00:00:00-05:00")
    }

    @Test func onlyTimesThatNeedNowAreRelative() throws {
        for text in ["now", "today", "11:00", "-1h", "+1h", "24h"] { #expect(try TimeArgument(parsing: text).isRelative, "\(text)") }
        for text in ["2026-12-04", "2026-12-04 11:00", "2026-12-04T11:00:00Z", "@0"] { #expect(try !TimeArgument(parsing: text).isRelative, "\(text)") }
    }

    @Test func relativeSpansCrossDaylightSavingByElapsedTime() throws {
        // 24 h before 29 March 12:00 CEST is 28 March 11:00 CET (12:00 +02:00): a span counts elapsed time.
        let now = try #require(RFC3339.parse("2026-03-29T12:00:00+02:00"))
        // (Written in now's offset: the instant is what pumpd reads.)
        #expect(try resolve("-24h", now: now) == "2026-03-28T12:00:00+02:00")
        #expect(try resolve("yesterday", now: now) == "2026-03-28T00:00:00+01:00")
        #expect(try resolve("today", now: now) == "2026-03-29T00:00:00+01:00")
    }

    @Test func aLocalTimeTheClocksSkipIsRefused() throws {
        #expect(throws: TimeArgumentError.nonexistentLocalTime(text: "2026-03-29 02:30")) { try resolve("2026-03-29 02:30") }
        #expect(throws: TimeArgumentError.nonexistentLocalTime(text: "2026-03-29 02:00")) { try resolve("2026-03-29 02:00") }
        #expect(try resolve("2026-03-29 01:59:59") == "2026-03-29T01:59:59+01:00")
        #expect(try resolve("2026-03-29 03:00") == "2026-03-29T03:00:00+02:00")
    }

    @Test func aLocalTimeTheClocksRepeatIsRefusedNamingBothInstants() throws {
        let earlier = try #require(RFC3339.parse("2026-10-25T02:30:00+02:00"))
        let later = try #require(RFC3339.parse("2026-10-25T02:30:00+01:00"))
        #expect(throws: TimeArgumentError.ambiguousLocalTime(text: "2026-10-25 02:30", earlier: earlier, later: later)) {
            try resolve("2026-10-25 02:30")
        }
        let message = TimeArgumentError.ambiguousLocalTime(text: "2026-10-25 02:30", earlier: earlier, later: later).description
        #expect(message.contains("write 2026-10-25T02:30:00+02:00 or 2026-10-25T02:30:00+01:00"))
        #expect(try resolve("2026-10-25 01:59") == "2026-10-25T01:59:00+02:00")
        #expect(try resolve("2026-10-25 03:00") == "2026-10-25T03:00:00+01:00")
        #expect(try resolve("2026-10-25T02:30:00+01:00") == "2026-10-25T02:30:00+01:00")
    }

    @Test(arguments: ["last tuesday", "soon", "2026-12-04 25:00", "2026-02-30", "11:00+01:00", "--1h", "+-1h", "1 fortnight ago", "", "-", "ago"])
    func anythingElseIsRefusedListingTheAcceptedForms(text: String) {
        #expect(throws: TimeArgumentError.unrecognised(text: text.trimmingSpaces)) { try TimeArgument(parsing: text) }
        #expect(TimeArgumentError.unrecognised(text: text).description.contains("accepted: 2026-12-04T11:00:00+01:00"))
    }

    @Test func timesPumpdCannotHoldAreOutOfRange() {
        #expect(throws: TimeArgumentError.outOfRange(text: "2300-01-01")) { try resolve("2300-01-01") }
        #expect(throws: TimeArgumentError.outOfRange(text: "2300-01-01T00:00:00Z")) { try TimeArgument(parsing: "2300-01-01T00:00:00Z") }
        #expect(throws: TimeArgumentError.outOfRange(text: "-400000d")) { try resolve("-400000d") }
        #expect(throws: TimeArgumentError.outOfRange(text: "@99999999999999")) { try TimeArgument(parsing: "@99999999999999") }
    }

    @Test func theCommandLineFormNamesTheOption() {
        do {
            _ = try TimeArgument(parsing: "soon", option: "--since")
            Issue.record("accepted soon")
        } catch {
            #expect(error.status == .usage)
            #expect(error.message.hasPrefix("--since \"soon\" is not a time; accepted:"))
        }
    }

    @Test func theSystemZoneHonoursItsOwnOffsetForNow() throws {
        // Whatever this machine's zone is, a local time it names round-trips through it.
        let zone = LocalZone.system
        let instants = zone.instants(days: CivilTime.daysSinceEpoch(year: 2026, month: 12, day: 4), nanosecondsIntoDay: 12 * 3_600_000_000_000)
        #expect(instants.count == 1)
    }
}
