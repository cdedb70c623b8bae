import PumpTestKit
import Testing

@testable import PumpStorage

/// The seal's checksum line is found at the last "crc=" in its bytes, where `ranges(of:)` found it
/// before (issue 13 moved the search to bytes, off the first-use conformance scan).
@Suite struct SealChecksumMarkerTests {
    static let seal = DurabilitySeal(
        checkpointGeneration: 7, checkpointChecksum: 99,
        chains: DurabilitySeal.empty.chains, digests: ["alarms": 5], sums: ["hourly_delivery": 12_345], writes: 9)

    @Test func theLastChecksumMarkerIsWhereRangesOfFoundItInDamagedSeals() {
        var random = SplitMix64(seed: 13)
        let pieces = ["crc=", "crc", "=", "c", "\n", "rc=", "é", "e\u{301}", "7", "x"]
        for round in 0..<2_000 {
            var characters = Array(Self.seal.text)
            for _ in 0..<Int(random.next() % 4) {
                let at = Int(random.next() % UInt64(characters.count + 1))
                let piece = pieces[Int(random.next() % UInt64(pieces.count))]
                if random.next() % 3 == 0, at < characters.count { characters.remove(at: at) } else { characters.insert(contentsOf: piece, at: at) }
            }
            let damaged = round == 0 ? "" : String(characters)
            #expect(DurabilitySeal.lastChecksumMarker(in: damaged) == damaged.ranges(of: "crc=").last?.lowerBound, "\(damaged.debugDescription)")
        }
    }

    @Test func aSealCutBeforeItsChecksumLineOrWithAMarkWrittenIntoItIsDamaged() {
        #expect(DurabilitySeal.parse(Self.seal.text) == .success(Self.seal))
        let cut = Self.seal.text.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        #expect(DurabilitySeal.parse(cut) == .failure(.damaged("it has no checksum line")))
        let marked = Self.seal.text.replacingLastChecksumMarker(with: "crc=\u{301}")
        guard case .failure(.damaged) = DurabilitySeal.parse(marked) else {
            Issue.record("a seal with a combining mark in its checksum line was read")
            return
        }
    }
}

extension String {
    fileprivate func replacingLastChecksumMarker(with replacement: String) -> String {
        guard let at = DurabilitySeal.lastChecksumMarker(in: self) else { return self }
        return String(self[..<at]) + replacement + String(utf8[utf8.index(at, offsetBy: 4)...])!
    }
}
