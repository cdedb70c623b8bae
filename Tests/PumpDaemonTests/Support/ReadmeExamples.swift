import Foundation

/// The shell examples README.md marks as tested: each fenced block right after a
/// `<!-- tested -->` comment line. Every line of the block is one command (a line ending in `\`
/// continues on the next); a trailing `# exit N` states the status it must end with (0 when
/// none). Blank lines and lines that are only a comment are skipped. Read at test time, so a
/// changed README is tested as it stands.
struct ReadmeExamples {
    struct Example: Hashable, CustomStringConvertible {
        var command: String
        var expectedStatus: Int32
        /// The README line it starts on, for failures.
        var line: Int

        var description: String { "README.md:\(line): \(command)" }
    }

    static let marker = "<!-- tested -->"

    static func examples(in text: String) -> [Example] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var found: [Example] = []
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            guard lines[index].trimmingCharacters(in: .whitespaces) == marker else { continue }
            // The block must follow the marker directly: a stray marker tests nothing silently.
            index += 1
            guard index < lines.count, lines[index].hasPrefix("```") else {
                found.append(Example(command: "false # \(marker) not followed by a fenced block", expectedStatus: 0, line: index))
                continue
            }
            index += 1
            var pending: (text: String, line: Int)?
            while index < lines.count, !lines[index].hasPrefix("```") {
                let line = lines[index].trimmingCharacters(in: .whitespaces)
                index += 1
                if pending == nil && (line.isEmpty || line.hasPrefix("#")) { continue }
                let start = pending?.line ?? index
                if line.hasSuffix("\\") {
                    pending = ((pending?.text ?? "") + line.dropLast().trimmingCharacters(in: .whitespaces) + " ", start)
                    continue
                }
                found.append(example((pending?.text ?? "") + line, line: start))
                pending = nil
            }
        }
        return found
    }

    /// `command # exit 2` → the command and 2.
    static func example(_ text: String, line: Int) -> Example {
        if let match = text.firstMatch(of: /\s+#\s*exit\s+(\d+)\b.*$/), let status = Int32(match.1) {
            return Example(command: String(text[..<match.range.lowerBound]), expectedStatus: status, line: line)
        }
        return Example(command: text, expectedStatus: 0, line: line)
    }
}
