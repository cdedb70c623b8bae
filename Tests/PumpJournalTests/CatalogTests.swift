import Foundation
import PumpTestKit
import PumpWire
import Testing

@testable import PumpJournal

@Suite struct CatalogTests {
    /// Every MESSAGE_ID has exactly one entry, and the catalog has no entry for an unknown id.
    @Test func oneEntryPerMessageID() throws {
        let entries = try SourceFacts.catalogEntries()
        #expect(Set(entries.keys) == Set(PumpMessageID.allCases.map(\.id128)))
        for (id, text) in entries {
            #expect(text.contains("Subject: "), "\(id) has no Subject")
            #expect(text.contains("Defined-By: pumpd"), "\(id) has no Defined-By")
            #expect(text.contains("Documentation: "), "\(id) has no Documentation")
            #expect(text.contains("On call:"), "\(id) does not say what to do")
        }
    }

    /// Every event kind is named like the rest, camelCase and the same in TherapyEvent, on the wire
    /// and in the journal (PUMP_EVENT), so the catalog and a history filter find it by one name.
    @Test func everyEventKindIsOneCamelCaseName() throws {
        let camelCase = try NSRegularExpression(pattern: "^[a-z][A-Za-z0-9]*$")
        let names = PumpMessageID.allCases.map(\.kind) + WireEventKind.allCases.map(\.rawValue)
        for name in names {
            #expect(camelCase.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil, "\(name) is not camelCase")
        }
        #expect(Set(WireEventKind.allCases.map(\.rawValue)).isSubset(of: Set(PumpMessageID.allCases.map(\.kind))))
    }

    /// Each @FIELD@ is one the handler emits for that kind: the kind's detail keys (from PumpService's
    /// source), the event's common fields, or MESSAGE.
    @Test func substitutionsAreFieldsTheEventCarries() throws {
        let entries = try SourceFacts.catalogEntries()
        let detailKeys = try SourceFacts.detailKeys()
        #expect(detailKeys["alarmRaised"] == ["alarm", "severity", "evidence"])
        #expect(detailKeys["hourlyDelivery"] == ["hourStart", "volume", "mass", "rate", "reservoir", "mode"])
        #expect(detailKeys["settingsReloaded"] == ["setting", "old", "new", "profile"])
        let extra: [PumpMessageID: Set<String>] = [
            .rigTimeAdvanced: ["seconds"], .rigTimeAdvanceCutShort: ["advanced", "asked", "cause"], .rigWallClockStepped: ["seconds"], .rigReservoirFilled: ["volume"],
            .callRefused: ["method", "reason", "suppressedBefore"],
        ]
        let common: Set<String> = ["MESSAGE", "PUMP_EVENT", "SYSLOG_IDENTIFIER"]
        let variable = try NSRegularExpression(pattern: "@([A-Za-z0-9_]+)@")
        for id in PumpMessageID.allCases {
            let text = try #require(entries[id.id128])
            let keys = (detailKeys[id.kind] ?? []).union(extra[id] ?? [])
            let allowed = common.union(keys.map(JournalFieldName.forMetadataKey))
            for match in variable.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(match.range(at: 1), in: text)!])
                #expect(allowed.contains(name), "\(id.kind): @\(name)@ is not a field of this event (has \(allowed.sorted()))")
            }
        }
    }

    /// The catalog compiles, and journalctl lists every id.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl"), "journalctl is missing (scripts/setup.sh installs systemd)"))
    func compilesAndListsEveryID() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pumpd-catalog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.install(into: root)
        let update = StandaloneJournald.run(["/usr/bin/journalctl", "--root=\(root.path)", "--update-catalog"])
        #expect(update.status == 0, "\(update.output)")
        #expect(update.output.isEmpty, "journalctl complained: \(update.output)")
        let list = StandaloneJournald.run(["/usr/bin/journalctl", "--root=\(root.path)", "--list-catalog", "--no-pager"])
        #expect(list.status == 0)
        let listed = Set(list.output.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        for id in PumpMessageID.allCases { #expect(listed.contains(id.id128), "\(id.kind) (\(id.id128)) not in --list-catalog") }
    }

    static func install(into root: URL) throws {
        try StandaloneJournald.installCatalog(SourceFacts.catalog, into: root)
    }
}
