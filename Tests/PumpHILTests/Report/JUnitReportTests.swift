import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import PumpHIL

@Suite struct JUnitReportTests {
    /// What an XML parser sees: every element with its attributes, and the text inside each.
    static func parse(_ xml: String) -> XMLElements { XMLElements.parse(xml) }

    static let results = [ResultBuilder.passed(), ResultBuilder.failed(), ResultBuilder.harnessFailure()]

    @Test func theReportIsWellFormedXMLWithOneSuitePerScenario() {
        let xml = JUnitReport.xml(Self.results)
        #expect(xml.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#))
        let elements = Self.parse(xml)
        #expect(elements.named("testsuites").count == 1)
        #expect(elements.named("testsuite").count == 3)
    }

    @Test func testsAndFailuresAreCountedPerSuiteAndInTotal() {
        let elements = Self.parse(JUnitReport.xml(Self.results))
        // A case per action and expectation, plus "runs to its end": 2+3+1, 2+2+1, 0+0+1.
        #expect(elements.named("testsuites").first?["tests"] == "12")
        #expect(elements.named("testsuites").first?["failures"] == "3")
        #expect(elements.named("testsuite").map { $0["tests"] } == ["6", "5", "1"])
        #expect(elements.named("testsuite").map { $0["failures"] } == ["0", "2", "1"])
        #expect(elements.named("testcase").count == 12)
        #expect(elements.named("failure").count == 3)
    }

    @Test func markupCharactersAndControlCharactersAreEscapedAndComeBackAsWritten() {
        let elements = Self.parse(JUnitReport.xml([ResultBuilder.failed()]))
        // Control characters XML cannot hold become U+FFFD; <, &, " and ' come back as written.
        #expect(elements.named("testsuite").first?["name"] == "a<b & \"c\" 'd'\u{FFFD}")
        #expect(elements.named("testcase").map { $0["name"] } == [
            "runs to its end", "t=0 s program prescription", "t=60 s io.pumpd.Pump.GetStatus → refused with <E>", "kept", "deadline <1 s>",
        ])
        #expect(elements.named("failure").map { $0["message"] } == [
            "succeeded, but \"E\" & <F> was expected", "raised 45 s after t=60 s: later than 1 s",
        ])
        #expect(elements.named("property").first { $0["name"] == "hazard" }?["value"]?.hasPrefix("bell\u{FFFD} & tab") == true)
    }

    @Test func aMultiLineMessageKeepsItsLinesInTheAttribute() {
        // Attribute values lose raw newlines and tabs to the parser's normalisation; pumpd's error
        // after "at start:" is the line that matters.
        let elements = Self.parse(JUnitReport.xml([ResultBuilder.harnessFailure()]))
        #expect(elements.named("failure").first?["message"] == "pumpd exited with 2 at start:\ncannot read the profile")
        #expect(elements.text(of: "failure") == "cannot read the profile")
        let hazard = Self.parse(JUnitReport.xml([ResultBuilder.failed()])).named("property").first { $0["name"] == "hazard" }?["value"]
        #expect(hazard == "bell\u{FFFD} & tab\tnewline\n")
    }

    @Test func attributesKeepTheirLineBreaksAsCharacterReferences() {
        #expect(JUnitReport.attribute("a\tb\nc\r<") == "a&#9;b&#10;c&#13;&lt;")
    }
}
