import PumpCore
import PumpctlKit
import Testing

@Suite struct TimeArgumentTests {
    @Test func rfc3339TimesKeepTheirInstantAndOffset() throws {
        let time = try #require(RFC3339.parse("2026-11-21T08:30:00+01:00"))
        #expect(time.unixNanoseconds == 1_795_246_200 * 1_000_000_000)
        #expect(time.utcOffsetSeconds == 3_600)
        #expect(RFC3339.format(time) == "2026-11-21T08:30:00+01:00")
        #expect(RFC3339.parse("2026-11-21T07:30:00Z")?.unixNanoseconds == time.unixNanoseconds)
        #expect(RFC3339.parse("2026-11-21 02:30:00.5-05:00")?.unixNanoseconds == time.unixNanoseconds + 500_000_000)
    }

    @Test(arguments: ["2026-11-21", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T08:30:00", "2026-11-21T08:30:00+1:00", "yesterday"])
    func malformedOrImpossibleTimesAreRejected(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func leapDaysExistInLeapYearsOnly() {
        #expect(RFC3339.parse("2028-02-29T00:00:00Z") != nil)
        #expect(RFC3339.parse("2100-02-29T00:00:00Z") == nil)
    }

    @Test func relativeTimesCountBackFromTheGivenNow() throws {
        let now = try #require(RFC3339.parse("2026-11-21T08:30:00+01:00"))
        for text in ["24h", "-24h", "24h ago", "1d"] {
            let argument = try TimeArgument(parsing: text, option: "--from")
            #expect(argument.isRelative)
            #expect(RFC3339.format(argument.resolved(now: now)) == "2026-11-20T08:30:00+01:00", "\(text)")
        }
        #expect(try TimeArgument(parsing: "now", option: "--to").resolved(now: now) == now)
        #expect(try TimeArgument(parsing: "2026-11-01T00:00:00Z", option: "--to").isRelative == false)
    }

    @Test func anythingElseIsAUsageErrorNamingTheOption() {
        #expect(throws: PumpctlFailure.self) { try TimeArgument(parsing: "last tuesday", option: "--since") }
        do {
            _ = try TimeArgument(parsing: "soon", option: "--since")
        } catch {
            #expect(error.status == .usage)
            #expect(error.message.hasPrefix("--since \"soon\""))
        }
    }
}
