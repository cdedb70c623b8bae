import Foundation
import PumpWire
import Testing

/// pumpctl refuses an event kind that is not in `WireEventKind.all`, so every kind pumpd records
/// must be there: read from pumpd's sources (the therapy and service events' `recordKind`, and
/// every audit record's literal kind), so a new kind cannot be forgotten.
@Suite struct EventKindListTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    static func recordedKinds() throws -> Set<String> {
        var kinds: Set<String> = []
        for file in ["PumpService/State/TherapyEvent+Record.swift", "PumpService/Events/ServiceEvent.swift"] {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            guard let start = text.range(of: "var recordKind: String {"), let end = text.range(of: "\n    }\n", range: start.upperBound..<text.endIndex) else {
                Issue.record("\(file) has no recordKind")
                continue
            }
            for match in text[start.upperBound..<end.lowerBound].matches(of: #/"(\w+)"/#) { kinds.insert(String(match.1)) }
        }
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift", url.path.contains("/PumpService/") || url.path.contains("/pumpd/") else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: #/audit\(\s*kind: "(\w+)"/#) { kinds.insert(String(match.1)) }
        }
        return kinds
    }

    @Test func everyKindPumpdRecordsIsInTheWireList() throws {
        let recorded = try Self.recordedKinds()
        #expect(recorded.count >= 25, "\(recorded.sorted())")
        #expect(recorded.subtracting(WireEventKind.all).isEmpty, "missing from WireEventKind.all: \(recorded.subtracting(WireEventKind.all).sorted())")
        #expect(Set(WireEventKind.all).count == WireEventKind.all.count)
    }
}
