import Foundation
import PumpProfile
import PumpTestKit
import Testing

/// Hostile profiles through parse, decode and validate, in process: deep nesting to 100 000
/// levels, invalid UTF-8 anywhere, and random mutations, truncations and splices of every shipped
/// profile. None may crash; each is accepted or refused with issues that all have a line and
/// column. Set PUMPD_FUZZ_SEED to replay a run; the seed is printed.
@Suite struct ProfileFuzzTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["PUMPD_FUZZ_SEED"].flatMap { UInt64($0) }
        ?? UInt64.random(in: 0...UInt64.max)

    /// Every shipped profile's bytes.
    static func shipped() throws -> [(name: String, bytes: [UInt8])] {
        try ProfileTestSupport.shippedProfileNames().map { name in
            (name, Array(try Data(contentsOf: URL(fileURLWithPath: ProfileTestSupport.path(of: name)))))
        }
    }

    /// The refusal of `bytes`, failing the test unless every issue is typed and placed.
    @discardableResult
    static func refusal(_ bytes: [UInt8], _ what: @autoclosure () -> String) -> ProfileErrors? {
        switch HardwareProfile.parse(bytes: bytes, file: "fuzz.toml") {
        case .success: return nil
        case .failure(let errors):
            #expect(!errors.issues.isEmpty, "refused without an issue: \(what())")
            for issue in errors.issues where issue.location == nil {
                Issue.record("an issue without a line and column: \(issue) — \(what())")
            }
            return errors
        }
    }

    @Test(arguments: HostileProfileText.Nesting.allCases)
    func deepNestingIsRefusedAtTheLevelThatCrossesTheLimit(_ nesting: HostileProfileText.Nesting) throws {
        for depth in [65, 1_000, 1_550, 100_000] {
            let errors = try #require(Self.refusal(HostileProfileText.nested(nesting, depth: depth), "\(nesting) × \(depth)"))
            let issue = try #require(errors.issues.first)
            #expect(issue.kind == .syntax, "\(nesting) × \(depth): \(issue)")
            #expect(issue.message.contains("nested deeper than 64 levels"), "\(nesting) × \(depth): \(issue)")
            #expect(issue.location?.line == 1, "\(nesting) × \(depth): \(issue)")
        }
    }

    /// 30 inline tables are 61 levels: `x`, then a table and a key per level.
    @Test func nestingWithinTheLimitStillParses() throws {
        for nesting in [HostileProfileText.Nesting.arrays, .inlineTables, .dottedKey, .tableHeader] {
            let text = String(decoding: HostileProfileText.nested(nesting, depth: 30), as: UTF8.self)
            #expect(throws: Never.self, "\(nesting)") { try TOMLDocument(parsing: text) }
        }
    }

    @Test func invalidUTF8IsRefusedAtItsLineAndColumn() throws {
        var random = SplitMix64(seed: Self.seed)
        print("ProfileFuzzTests invalid UTF-8 seed \(Self.seed)")
        for (name, bytes) in try Self.shipped() {
            for _ in 0..<40 {
                let (bad, offset) = HostileProfileText.withInvalidUTF8(bytes, using: &random)
                let errors = try #require(Self.refusal(bad, "\(name), bad UTF-8 at byte \(offset)"))
                let prefix = String(decoding: bytes[..<offset], as: UTF8.self)
                let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
                let expected = PumpProfile.SourceLocation(line: lines.count, column: lines.last!.unicodeScalars.count + 1)
                #expect(errors.issues.count == 1 && errors.issues[0].location == expected, "\(name) at byte \(offset): \(errors)")
                #expect(errors.issues[0].message.contains("not valid UTF-8"))
            }
        }
    }

    @Test func randomMutationsOfEveryShippedProfileNeverCrashAndAreRefusedWithAPosition() throws {
        let profiles = try Self.shipped()
        var random = SplitMix64(seed: Self.seed)
        let iterations = 3_000
        var refused = 0
        let started = ContinuousClock.now
        for index in 0..<iterations {
            let (name, bytes) = profiles[index % profiles.count]
            let other = profiles.randomElement(using: &random)!.bytes
            let mutated = HostileProfileText.mutated(bytes, other: other, using: &random)
            if Self.refusal(mutated, "\(name), mutation \(index) of seed \(Self.seed)") != nil { refused += 1 }
        }
        print("ProfileFuzzTests: \(iterations) mutations of \(profiles.count) profiles, \(refused) refused, 0 crashes, "
            + "seed \(Self.seed), \(ContinuousClock.now - started)")
        #expect(refused > iterations / 2, "the mutations should mostly break the profile")
    }
}
