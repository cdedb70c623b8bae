import Testing
@testable import PumpProfile

@Suite("Profile: a file's bytes as text")
struct UTF8SourceDecoderTests {
    static func outcome(_ decode: () throws(TOMLSyntaxError) -> String) -> Result<String, TOMLSyntaxError> {
        do { return .success(try decode()) } catch { return .failure(error) }
    }

    @Test func validatingInOnePassGivesTheTextOrErrorOfTheScalarWalk() {
        let pieces: [[UInt8]] = [
            Array("key = 1\n".utf8), Array("µg".utf8), Array("\u{FEFF}".utf8), Array("e\u{301}".utf8), Array("🙂".utf8),
            [0x80], [0xC2], [0xE2, 0x80], [0xF0, 0x9F], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], Array("\r\n".utf8), [0x00],
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let bytes = (0..<Int.random(in: 0...12, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            let fast = Self.outcome { () throws(TOMLSyntaxError) in try UTF8SourceDecoder.decode(bytes) }
            let walked = Self.outcome { () throws(TOMLSyntaxError) in try UTF8SourceDecoder.decodeScalarByScalar(bytes) }
            #expect(fast == walked, "\(bytes)")
            if case .success(let text) = fast { #expect(Array(text.utf8) == bytes) }
        }
    }
}
