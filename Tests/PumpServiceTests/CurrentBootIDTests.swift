import Foundation
import PumpCore
import Testing

@testable import PumpService

/// `StateKeeper.currentBootID` reads the file without Foundation; it must give what Foundation's
/// read, trimmed, gave (the restore compares it with the checkpoint's boot id).
@Suite struct CurrentBootIDTests {
    /// The old reading, kept here as the reference.
    static func foundationReading(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingSpaces ?? ""
    }

    @Test func theKernelsBootIDReadsAsFoundationReadIt() {
        let path = "/proc/sys/kernel/random/boot_id"
        #expect(StateKeeper.currentBootID() == Self.foundationReading(path))
        #expect(StateKeeper.currentBootID().utf8.count == 36)
    }

    @Test func randomFileContentsReadAsFoundationReadThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("boot-id-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("0123456789abcdef-".utf8) + [32, 9, 10, 13, 0xC3, 0xA9, 0xFF]
        for round in 0..<300 {
            let length = round < 3 ? round : Int.random(in: 0...400, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let path = directory.appendingPathComponent("\(round)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(StateKeeper.currentBootID(path: path) == Self.foundationReading(path), "\(bytes)")
        }
        #expect(StateKeeper.currentBootID(path: directory.appendingPathComponent("absent").path) == "")
    }

    /// The byte-trimming path (ASCII without CR, as the kernel writes it) and the general one meet
    /// at its edge: the same answers as Foundation's reading, spaces, tabs and newlines only, a CR.
    @Test func asciiContentsWithAndWithoutCarriageReturnsReadAsFoundationReadThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("boot-id-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SystemRandomNumberGenerator()
        let ascii: [UInt8] = Array("0123456789abcdef- ".utf8) + [9, 10]
        let fixed: [[UInt8]] = [
            Array("5966aa64-c7cd-47ca-966e-adba38ea2a1f\n".utf8), [10], [32, 9, 10], [13, 10], Array(" a\r\n".utf8),
            Array("\n\ta b\n\n".utf8), Array("a\r".utf8), [13],
        ]
        for round in 0..<300 {
            let bytes = round < fixed.count
                ? fixed[round]
                : (0..<Int.random(in: 0...60, using: &generator)).map { _ in
                    (round % 3 == 0 ? ascii + [13] : ascii).randomElement(using: &generator)!
                }
            let path = directory.appendingPathComponent("\(round)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(StateKeeper.currentBootID(path: path) == Self.foundationReading(path), "\(bytes)")
        }
    }
}
