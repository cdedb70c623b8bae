import Testing

@testable import PumpStorage

/// The seal's first line names its format: a build writes the newest, reads the one before it
/// (an upgrade), and names a format it does not know instead of calling the seal garbled.
@Suite struct SealFormatTests {
    static let seal = DurabilitySeal(
        checkpointGeneration: 7, checkpointChecksum: 99,
        chains: DurabilitySeal.empty.chains, digests: ["alarms": 5], sums: ["hourly_delivery": 12_345], writes: 9)

    /// `text` with its first line replaced and its checksum line recomputed.
    static func retitled(_ text: String, as title: String) -> String {
        var lines = text.split(separator: "\n").map(String.init)
        lines.removeLast()  // crc=
        lines[0] = title
        let body = lines.joined(separator: "\n") + "\n"
        var crc = CRC32()
        crc.add(body.utf8)
        return body + "crc=\(crc.checksum)\n"
    }

    @Test func aSealWithTheHourlySumIsWrittenAsFormatThree() {
        #expect(Self.seal.text.hasPrefix("pumpd-seal 3\n"))
        #expect(DurabilitySeal.parse(Self.seal.text) == .success(Self.seal))
    }

    @Test func aSealOfFormatTwoIsStillRead() {
        var earlier = Self.seal
        earlier.sums = [:]
        earlier.digests["hourly_delivery"] = 77
        #expect(DurabilitySeal.parse(Self.retitled(earlier.text, as: "pumpd-seal 2")) == .success(earlier))
    }

    @Test func aSealOfAFormatThisBuildDoesNotKnowIsRefusedNamingTheFormat() {
        guard case .failure(.damaged(let reason)) = DurabilitySeal.parse(Self.retitled(Self.seal.text, as: "pumpd-seal 4")) else {
            Issue.record("a format-4 seal was read")
            return
        }
        #expect(reason.contains("\"pumpd-seal 4\"") && reason.contains("newer pumpd"), "\(reason)")
    }
}
