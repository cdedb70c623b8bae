import Foundation

/// Facts read from the repository's files: the detail keys PumpService emits (its
/// therapy events' records and its own service events), and the catalog. Read as text so this suite
/// does not depend on PumpService.
enum SourceFacts {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let catalog = repository.appendingPathComponent("systemd/pumpd.catalog")

    /// The files that define the events' fields (`detail`), in the same form.
    static let recordFiles = ["Sources/PumpService/State/TherapyEvent+Record.swift", "Sources/PumpService/Events/ServiceEvent.swift"]

    static func recordSources() throws -> [String] {
        try recordFiles.map { try String(contentsOf: repository.appendingPathComponent($0), encoding: .utf8) }
    }

    /// The detail keys (`fields["mode"]`) each kind's case of `detail` sets, by kind.
    static func detailKeys() throws -> [String: Set<String>] {
        try recordSources().reduce(into: [:]) { result, text in
            result.merge(try detailKeys(in: text)) { $0.union($1) }
        }
    }

    static func detailKeys(in text: String) throws -> [String: Set<String>] {
        guard let start = text.range(of: "public var detail: JSONObject") else { return [:] }
        let body = text[start.upperBound...]
        let caseRegex = try NSRegularExpression(pattern: #"\.(\w+)(?:\([^)]*\))?"#)
        let keyRegex = try NSRegularExpression(pattern: #"fields\["(\w+)"\]"#)
        var result: [String: Set<String>] = [:]
        var current: [String] = []
        for line in body.split(separator: "\n") {
            let line = String(line)
            if line.contains("return fields") { break }
            if let caseRange = line.range(of: "case .") {
                let head = String(line[caseRange.lowerBound...].prefix { $0 != ":" })
                current = caseRegex.matches(in: head, range: NSRange(head.startIndex..., in: head)).compactMap {
                    Range($0.range(at: 1), in: head).map { String(head[$0]) }
                }
                for kind in current { result[kind, default: []] = result[kind, default: []] }
            }
            for match in keyRegex.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                if let range = Range(match.range(at: 1), in: line) { for kind in current { result[kind, default: []].insert(String(line[range])) } }
            }
        }
        return result
    }

    /// The catalog's entries: id → text (Subject line and body).
    static func catalogEntries() throws -> [String: String] {
        let text = try String(contentsOf: catalog, encoding: .utf8)
        var entries: [String: String] = [:]
        var id: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- ") {
                id = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                entries[id!] = ""
            } else if let id {
                entries[id]! += line + "\n"
            }
        }
        return entries
    }
}
