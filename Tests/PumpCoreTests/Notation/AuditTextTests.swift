import PumpCore
import Testing

/// Client-supplied audit text cannot forge journal lines or flood a record.
@Suite struct AuditTextTests {
    @Test func controlCharactersAreEscapedSoTheTextStaysOneLine() {
        let forged = "systemctl reload pumpd\nDec 04 pumpd: delivery stopped\r\t\u{1B}[2J\u{85}\u{2028}"
        let bounded = AuditText.bounded(forged)
        #expect(bounded == "systemctl reload pumpd\\nDec 04 pumpd: delivery stopped\\r\\t\\u{1B}[2J\\u{85}\\u{2028}")
        #expect(!bounded.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func longTextIsCutTo200ScalarsEndingInAnEllipsis() {
        let bounded = AuditText.bounded(String(repeating: "a", count: 5_000))
        #expect(bounded.unicodeScalars.count == 200)
        #expect(bounded.hasSuffix("a…"))
        let marks = AuditText.bounded("e" + String(repeating: "\u{301}", count: 1_000))
        #expect(marks.unicodeScalars.count == 200, "one grapheme of combining marks is still bounded")
    }

    @Test func boundingTwiceChangesNothing() {
        for text in ["plain", "a\nb\\n", String(repeating: "x\u{7}", count: 300)] {
            let once = AuditText.bounded(text)
            #expect(AuditText.bounded(once) == once)
        }
    }
}
