import Testing
@testable import PumpStorage

@Suite("Seal file: a slot's text without its padding")
struct SealSlotTextTests {
    /// The Character-wise trim this replaced, kept as the reference.
    static func reference(_ slot: ArraySlice<UInt8>) -> String {
        let text = String(decoding: slot, as: UTF8.self)
        return String(text.reversed().drop { $0 == "\n" }.reversed()) + "\n"
    }

    @Test func trimmingTheBytesGivesTheTextTheCharacterWiseTrimGave() {
        let pieces: [[UInt8]] = [
            Array("pumpd-seal 2\n".utf8), Array("writes 7\n".utf8), [0x0A], [0x0A, 0x0A, 0x0A], [0x0D], [0x0D, 0x0A], Array("e\u{301}".utf8),
            Array("µ".utf8), [0xE2], [0xE2, 0x80], [0xFF], [0x00], [0xCC, 0x81],
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let bytes: [UInt8] = [0x41] + (0..<Int.random(in: 0...10, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            let slot = bytes[1...]  // a slice not starting at 0, as the second slot is
            #expect(SealFile.slotText(slot) == Self.reference(slot), "\(Array(slot))")
            #expect(Array(SealFile.slotText(slot).utf8) == Array(Self.reference(slot).utf8), "\(Array(slot))")
        }
        let padded = Array("pumpd-seal 2\nwrites 3\n".utf8) + Array(repeating: UInt8(ascii: "\n"), count: SealFile.slotSize - 22)
        #expect(SealFile.slotText(padded[...]) == "pumpd-seal 2\nwrites 3\n")
    }
}
