import Logging
import PumpWire
import Testing

@testable import PumpJournal

@Suite struct JournalFieldNameTests {
    @Test(arguments: [
        ("alarm", "PUMP_ALARM"), ("worstDayDose", "PUMP_WORST_DAY_DOSE"), ("pumpId", "PUMP_ID"), ("PUMP_ID", "PUMP_ID"),
        ("pump_id", "PUMP_ID"), ("step-rate.hz", "PUMP_STEP_RATE_HZ"), ("_private", "PUMP_PRIVATE"), ("__", "PUMP_UNNAMED"),
        ("", "PUMP_UNNAMED"), ("3way", "PUMP_3WAY"), ("MESSAGE", "PUMP_MESSAGE"), ("PRIORITY", "PUMP_PRIORITY"),
        ("CODE_FILE", "PUMP_CODE_FILE"), ("dosé µg", "PUMP_DOS_G"), ("a--b", "PUMP_A_B"), ("HTTPCode", "PUMP_HTTPCODE"),
        ("actor_uid", "PUMP_ACTOR_UID"),
    ])
    func mapsKeys(key: String, field: String) {
        #expect(JournalFieldName.forMetadataKey(key) == field)
        #expect(JournalFieldName.isValid(field))
    }

    @Test func everyKeyGivesAValidName() {
        let samples = [
            String(repeating: "x", count: 200), "\0", "\n", "é", "🙂🙂", "_", "9", "a\0b", "Ünïcödé", "PUMP_", "pump", "=", " ", "ä_" + "Z",
        ]
        for key in samples {
            let name = JournalFieldName.forMetadataKey(key)
            #expect(JournalFieldName.isValid(name), "\(key.debugDescription) → \(name)")
            #expect(name.hasPrefix("PUMP_"))
        }
    }

    @Test func messageIDs() {
        #expect(JournalFieldName.messageID("3CE7EE0E-6E9A-4083-9691-4AF4CEB7265E") == "3ce7ee0e6e9a408396914af4ceb7265e")
        #expect(JournalFieldName.messageID("3ce7ee0e6e9a408396914af4ceb7265") == nil)
        #expect(JournalFieldName.messageID("zz") == nil)
    }
}

@Suite struct JournalEntryTests {
    func entry(_ metadata: Logger.Metadata, level: Logger.Level = .info, message: String = "hello") -> JournalEntry {
        JournalEntry(level: level, message: message, metadata: metadata, identifier: "pumpd", label: "test", file: "F.swift", function: "f()", line: 7)
    }

    @Test func priorities() {
        let expected: [Logger.Level: Int] = [.trace: 7, .debug: 7, .info: 6, .notice: 5, .warning: 4, .error: 3, .critical: 2]
        for (level, priority) in expected { #expect(entry([:], level: level)["PRIORITY"] == String(priority)) }
    }

    @Test func fields() {
        let e = entry([
            "MESSAGE_ID": "3ce7ee0e6e9a408396914af4ceb7265e", "alarm": "occlusion",
            "actor": ["uid": "0", "role": "clinician"], "tags": ["a", "b"],
        ])
        #expect(e["MESSAGE"] == "hello")
        #expect(e["SYSLOG_IDENTIFIER"] == "pumpd")
        #expect(e["MESSAGE_ID"] == "3ce7ee0e6e9a408396914af4ceb7265e")
        #expect(e["CODE_FILE"] == "F.swift")
        #expect(e["CODE_LINE"] == "7")
        #expect(e["CODE_FUNC"] == "f()")
        #expect(e["PUMP_ALARM"] == "occlusion")
        #expect(e["PUMP_ACTOR_UID"] == "0")
        #expect(e["PUMP_ACTOR_ROLE"] == "clinician")
        #expect(e.fields.filter { $0.name == "PUMP_TAGS" }.map(\.stringValue) == ["a", "b"])
        #expect(e.fields.allSatisfy { JournalFieldName.isValid($0.name) })
    }

    @Test func aBadMessageIDIsKeptAsAField() {
        let e = entry(["MESSAGE_ID": "not-an-id"])
        #expect(e["MESSAGE_ID"] == nil)
        #expect(e["PUMP_MESSAGE_ID"] == "not-an-id")
    }

    @Test func nativeDatagramUsesTheBinaryFormForNewlines() {
        let e = JournalEntry(fields: [JournalField("A", "x"), JournalField("B", "1\n2"), JournalField("C", [0, 1])])
        var expected = Array("A=x\nB\n".utf8)
        expected += [3, 0, 0, 0, 0, 0, 0, 0]
        expected += Array("1\n2\nC=".utf8) + [0, 1] + [10]
        #expect(e.nativeDatagram == expected)
    }

    @Test func stderrLineIsOneLineWithThePriorityPrefix() {
        let e = entry(["evidence": "3.2 bar\nrising\0", "alarm": "occlusion"], level: .critical, message: "Alarm\nraised")
        let line = String(decoding: e.stderrLine, as: UTF8.self)
        #expect(line == "<2>Alarm\\nraised PUMP_ALARM=occlusion PUMP_EVIDENCE=\"3.2 bar\\nrising\\x00\"\n")
    }
}

@Suite struct PumpMessageIDTests {
    @Test func idsAreUniqueLowercase128BitHex() {
        let ids = PumpMessageID.allCases.map(\.id128)
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(JournalFieldName.messageID(id) == id) }
    }

    /// Every kind pumpd records (PumpService names each record by a `WireEventKind`) has an id.
    @Test func everyRecordedKindHasAMessageID() {
        for kind in WireEventKind.allCases { #expect(PumpMessageID(kind: kind.rawValue) != nil, "no MESSAGE_ID for \(kind)") }
    }

    @Test func levels() {
        #expect(PumpJournal.level(forKind: "alarmRaised", detail: ["severity": "critical"]) == .critical)
        #expect(PumpJournal.level(forKind: "alarmRaised", detail: ["severity": "non_critical"]) == .warning)
        #expect(PumpJournal.level(forKind: "deliveryStarted", detail: [:]) == .info)
        #expect(PumpJournal.level(forKind: "programCommitted", detail: [:]) == .notice)
        #expect(PumpJournal.level(forKind: "hourlyDelivery", detail: [:]) == .info)
        #expect(PumpJournal.level(forKind: "settingsReloaded", detail: [:]) == .notice)
        #expect(PumpJournal.level(forKind: "somethingNew", detail: [:]) == .notice)
    }

    @Test func eventMetadata() {
        let metadata = PumpJournal.eventMetadata(
            kind: "alarmRaised", detail: ["alarm": "occlusion"], actor: .init(uid: 1000, pid: 42, role: "clinician"), sequence: 9
        )
        let e = JournalEntry(level: .critical, message: "m", metadata: metadata, identifier: "pumpd", label: nil, file: "", function: "", line: 0)
        #expect(e["MESSAGE_ID"] == PumpMessageID.alarmRaised.id128)
        #expect(e["PUMP_EVENT"] == "alarmRaised")
        #expect(e["PUMP_EVENT_SEQUENCE"] == "9")
        #expect(e["PUMP_ACTOR_UID"] == "1000")
        #expect(e["PUMP_ACTOR_PID"] == "42")
        #expect(e["PUMP_ACTOR_ROLE"] == "clinician")
        #expect(e["PUMP_ALARM"] == "occlusion")
    }
}
