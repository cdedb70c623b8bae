import Foundation
import PumpProfile
import PumpTestKit
import Testing

/// Loading a profile (and the drug library it names) gives what the loader before issue 13's
/// start-up work gave (commit 9a5105a): the same profile accepted, the same diagnostics (key,
/// line, column, text) for every broken one. The cases: every shipped profile, seeded mutations
/// of them, and sim.toml with numbers written every way TOML allows and many it does not. The
/// outcomes of the earlier loader are recorded in `Tests/Fixtures/profile-load-outcomes.txt` (a digest
/// of each: "ok", or the report `pumpd --check-profile` prints).
///
/// Re-recording: `PUMPD_PROFILE_ORACLE=/path/to/an/earlier/pumpd swift test --skip-build --filter
/// ProfileLoadEquivalenceTests` runs that binary's `--check-profile` on every case, rewrites the
/// file and prints each case where this loader differs.
@Suite struct ProfileLoadEquivalenceTests {
    static let fixture = ProfileTestSupport.repositoryRoot
        .appendingPathComponent("Tests/Fixtures/profile-load-outcomes.txt")

    /// The name each case is parsed under: in hw-profiles, so a relative `drug_library` is found.
    static let caseName = ".equivalence-case.toml"

    /// Number tokens for sim.toml's integer keys: every base, sign, separator, exponent and
    /// overflow edge, dates, times, and words.
    static let numberTokens: [String] = [
        "0", "-0", "+0", "1", "+1", "-1", "007", "0_1", "1_000", "1__000", "_1", "1_", "1000_000", "1e3", "1E3", "1e+3",
        "1e-3", "1.5", "1.", ".5", "1.5e2", "1_0.2_5", "1.e2", "0x1F", "0x1f", "0X1F", "0x", "0x_1", "0x1__F", "0xG", "+0x1",
        "-0x1", "0o17", "0o8", "0b101", "0b2", "-0b1", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "0x7FFFFFFFFFFFFFFF", "0x8000000000000000", "0xFFFFFFFFFFFFFFFFF", "99999999999999999999999",
        "2026-01-05", "2026-01-05T10:00:00", "12:30:00", "1979-05-27", "1234-56-78x", "12345678901", "1_234_567_890",
        "inf", "-inf", "+nan", "nan", "true", "false", "yes", "1h", "1_000ms", "--1", "+-1", "1e", "1e_3", "1e3_0", "0.0",
        "-0.0", "00", "0e0", "1.5e", "3300", "3_300",
    ]

    static let integerKeys = ["eri_mv", "max_steps_per_second", "capacity_nl", "every_steps", "priority"]

    /// Every case: its name and bytes.
    static func cases() throws -> [(name: String, bytes: [UInt8])] {
        let names = ProfileTestSupport.shippedProfileNames()
        let shipped = try names.map { name in
            (name, Array(try Data(contentsOf: URL(fileURLWithPath: ProfileTestSupport.path(of: name)))))
        }
        var cases = shipped
        let sim = try ProfileTestSupport.text(of: "sim.toml")
        for key in integerKeys {
            let line = try #require(sim.split(separator: "\n").first { $0.hasPrefix(key + " = ") })
            for token in numberTokens {
                let replaced = sim.replacingOccurrences(of: String(line), with: "\(key) = \(token)")
                cases.append(("sim.toml \(key) = \(token)", Array(replaced.utf8)))
            }
        }
        var random = SplitMix64(seed: 0x5EED_0130)
        for index in 0..<600 {
            let (name, bytes) = shipped[index % shipped.count]
            let other = shipped.randomElement(using: &random)!.1
            cases.append(("\(name) mutation \(index)", HostileProfileText.mutated(bytes, other: other, using: &random)))
        }
        return cases
    }

    /// "ok", or the report with the profiles directory written `hw-profiles/`.
    static func outcome(_ bytes: [UInt8]) -> String {
        switch HardwareProfile.parse(bytes: bytes, file: ProfileTestSupport.path(of: caseName)) {
        case .success: "ok"
        case .failure(let errors): normalized(errors.description)
        }
    }

    static func normalized(_ report: String) -> String {
        report.replacingOccurrences(of: ProfileTestSupport.profilesDirectory.path + "/", with: "hw-profiles/")
    }

    /// FNV-1a over the UTF-8 bytes, as 16 hex digits.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func everyCaseLoadsAsTheEarlierLoaderLoadedIt() throws {
        let cases = try Self.cases()
        if let oracle = ProcessInfo.processInfo.environment["PUMPD_PROFILE_ORACLE"] {
            try record(cases, oracle: oracle)
            return
        }
        let recorded = try String(contentsOf: Self.fixture, encoding: .utf8).split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", maxSplits: 1)
            return (name: String(fields[1]), digest: String(fields[0]))
        }
        #expect(recorded.count == cases.count, "the fixture has \(recorded.count) cases, the test \(cases.count): re-record it")
        var accepted = 0
        for ((name, bytes), earlier) in zip(cases, recorded) {
            #expect(name == earlier.name)
            let outcome = Self.outcome(bytes)
            if outcome == "ok" { accepted += 1 }
            #expect(Self.digest(outcome) == earlier.digest, "\(name): now \(outcome)")
        }
        #expect(accepted >= ProfileTestSupport.shippedProfileNames().count, "the shipped profiles at least load")
    }

    /// Runs `oracle --check-profile` on each case (written into hw-profiles for the run), writes
    /// the fixture and records every case where this loader differs.
    func record(_ cases: [(name: String, bytes: [UInt8])], oracle: String) throws {
        let path = ProfileTestSupport.path(of: Self.caseName)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var lines: [String] = []
        for (name, bytes) in cases {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            // `--check-profile` writes only its report (to standard output).
            let run = try CommandRun.run(oracle, ["--check-profile", path])
            var report = run.output
            if report.hasSuffix("\n") { report.removeLast() }
            let earlier = run.status == 0 ? "ok" : Self.normalized(report)
            let now = Self.outcome(bytes)
            #expect(now == earlier, "\(name): earlier \(earlier)\nnow \(now)")
            lines.append("\(Self.digest(earlier))\t\(name)")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: Self.fixture, atomically: true, encoding: .utf8)
    }
}
