import Testing

@testable import PumpHIL

@Suite struct XMLTextTests {
    @Test func escapingReplacesWhatXMLCannotHold() {
        #expect(XMLText.escaped("<a & 'b' \"c\">") == "&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;")
        #expect(XMLText.escaped("\u{0}\u{8}\u{B}\u{1F}\u{FFFE}") == String(repeating: "\u{FFFD}", count: 5))
        #expect(XMLText.escaped("µL ✓ \u{7F}\ttab\nline") == "µL ✓ \u{7F}\ttab\nline")
    }
}
