import Testing
@testable import PumpProfile

@Suite("Profile: user, group and IIO channel name syntax")
struct NameSyntaxTests {
    @Test func accountNamesFollowTheShadowUtilsConvention() {
        for valid in ["a", "_", "pumpd-clinicians", "alice", "bob_2", "machine$", String(repeating: "a", count: 31), String(repeating: "a", count: 31) + "$"] {
            #expect(NameSyntax.isAccountName(valid), "\(valid)")
        }
        for invalid in ["", "$", "1alice", "-x", "Alice", "a b", "a$$", "a$b", "é", String(repeating: "a", count: 32), "a\n"] {
            #expect(!NameSyntax.isAccountName(invalid), "\(invalid)")
        }
    }

    @Test func accountAndChannelNamesMatchTheRegexesTheyReplaced() {
        let pieces = ["a", "z", "A", "Z", "0", "9", "_", "-", "$", " ", ":", "é", "e\u{301}", "\n", "ab", "q"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let name = (0..<Int.random(in: 0...34, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(NameSyntax.isAccountName(name) == (name.wholeMatch(of: /[a-z_][a-z0-9_-]{0,30}\$?/) != nil), "\(name.debugDescription)")
            #expect(NameSyntax.isAccountName(Substring(name)) == NameSyntax.isAccountName(name))
            #expect(NameSyntax.isChannelName(name) == (name.wholeMatch(of: /[A-Za-z0-9_-]+/) != nil), "\(name.debugDescription)")
        }
    }
}
