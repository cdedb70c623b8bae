import Foundation
import PumpProfile
import Testing

/// Shared helpers: the repository's hw-profiles directory, shipped profile text, and parsing that
/// returns the issues.
enum ProfileTestSupport {
    /// The repository root, found from this file's path (Tests/PumpProfileTests/…).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let profilesDirectory = repositoryRoot.appendingPathComponent("hw-profiles")

    /// Every rig profile in hw-profiles (`*.toml` but the drug libraries, `*library.toml`), sorted.
    static func shippedProfileNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: profilesDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") && !$0.hasSuffix("library.toml") }.sorted()
    }

    static func path(of name: String) -> String { profilesDirectory.appendingPathComponent(name).path }

    static func text(of name: String) throws -> String {
        try String(contentsOfFile: path(of: name), encoding: .utf8)
    }

    /// Loads a shipped profile, failing the test with the compiler-style report when it is invalid.
    static func load(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> HardwareProfile {
        switch HardwareProfile.load(path: path(of: name)) {
        case .success(let profile): return profile
        case .failure(let errors):
            Issue.record("\(errors)", sourceLocation: sourceLocation)
            throw errors
        }
    }

    /// A profile named `name` in hw-profiles, for text parsed as if it were there: a shipped
    /// profile's relative `drug_library` then finds the shipped library.
    static func inProfiles(_ name: String) -> String { path(of: name) }

    /// The issues `text` yields (empty when it is valid), parsed as if it were in hw-profiles.
    static func issues(_ text: String, file: String = inProfiles("test.toml")) -> [ProfileIssue] {
        switch HardwareProfile.parse(text: text, file: file) {
        case .success: []
        case .failure(let errors): errors.issues
        }
    }

    /// A shipped profile's text with `original` (which must occur exactly once) replaced.
    static func variant(of name: String, replacing original: String, with replacement: String) throws -> String {
        let text = try self.text(of: name)
        #expect(text.components(separatedBy: original).count == 2, "\(original) must occur once in \(name)")
        return text.replacingOccurrences(of: original, with: replacement)
    }

    /// `text` with its commented examples uncommented: every `# key = …` line and `# [table]`
    /// header (prose comments stay comments).
    static func withExamplesUncommented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            guard line.hasPrefix("#") else { return line }
            let body = line.dropFirst().drop { $0 == " " }
            let example = body.prefixMatch(of: /[a-z_]+\s*=/) != nil || body.wholeMatch(of: /\[\[?[a-z_.]+\]\]?(\s+#.*)?/) != nil
            return example ? body : line
        }.joined(separator: "\n")
    }

    /// The 1-based number of the line of `text` that contains `fragment` (first occurrence).
    static func line(of fragment: String, in text: String) -> Int? {
        text.components(separatedBy: "\n").firstIndex { $0.contains(fragment) }.map { $0 + 1 }
    }
}
