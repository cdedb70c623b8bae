import Foundation
import Logging
import PumpTestKit
import Testing
import Varlink

@testable import PumpJournal

/// Against a real systemd-journald of the test's own (StandaloneJournald); each test starts one.
@Suite(.enabled(if: StandaloneJournald.unavailableReason == nil, "journald cannot run here: \(StandaloneJournald.unavailableReason ?? "")"))
struct JournaldTests {
    static let sender = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("pump-journal-send").path

    func withJournald(_ body: (StandaloneJournald) throws -> Void) throws {
        let journald = try StandaloneJournald()
        defer { journald.stop() }
        try body(journald)
    }

    func string(_ value: Any?) -> String? { value as? String }

    @Test func nativeSocketEntriesReadBack() throws {
        try withJournald { journald in
            let writer = JournalWriter(destination: .socket(path: journald.socketPath))
            var logger = Logger(label: "pumpd.test") { JournalLogHandler(label: $0, writer: writer, logLevel: .trace) }
            let run = UUID().uuidString
            logger[metadataKey: "test-run"] = .string(run)
            logger.error(
                "Occlusion\nsecond line",
                metadata: [
                    "MESSAGE_ID": .string(PumpMessageID.alarmRaised.id128), "alarm": "occlusion", "worstDayDose": "500000",
                    "evidence": "line 1\nline 2\n", "PUMP_ID": "3", "weird key!": "x",
                ]
            )
            logger.debug("debug entry")
            let entries = try journald.entries(["PUMP_TEST_RUN=\(run)"], count: 2)
            try #require(entries.count == 2, "\(entries)")
            let entry = entries[0]
            #expect(string(entry["MESSAGE"]) == "Occlusion\nsecond line")
            #expect(string(entry["PRIORITY"]) == "3")
            #expect(string(entry["MESSAGE_ID"]) == PumpMessageID.alarmRaised.id128)
            #expect(string(entry["SYSLOG_IDENTIFIER"]) == "pumpd")
            #expect(string(entry["PUMP_ALARM"]) == "occlusion")
            #expect(string(entry["PUMP_WORST_DAY_DOSE"]) == "500000")
            #expect(string(entry["PUMP_EVIDENCE"]) == "line 1\nline 2\n")
            #expect(string(entry["PUMP_ID"]) == "3")
            #expect(string(entry["PUMP_WEIRD_KEY_"]) == "x")
            #expect(string(entry["PUMP_LOGGER"]) == "pumpd.test")
            #expect(string(entry["CODE_FILE"])?.hasSuffix("JournaldTests.swift") == true)
            #expect(string(entry["CODE_FUNC"]) != nil)
            #expect(Int(string(entry["CODE_LINE"]) ?? "") != nil)
            #expect(string(entry["_TRANSPORT"]) == "journal")
            #expect(string(entries[1]["PRIORITY"]) == "7")
            // Filtering by MESSAGE_ID works as operators will use it.
            #expect(try journald.entries(["MESSAGE_ID=\(PumpMessageID.alarmRaised.id128)"]).count == 1)
        }
    }

    @Test func binaryValuesSurvive() throws {
        try withJournald { journald in
            let writer = JournalWriter(destination: .socket(path: journald.socketPath))
            let logger = Logger(label: "pumpd.test") { JournalLogHandler(label: $0, writer: writer) }
            let run = UUID().uuidString
            logger.info("nul \0 inside", metadata: ["test-run": .string(run), "blob": "a\0b\nc", "big": .string(String(repeating: "x", count: 100_000))])
            let entry = try #require(try journald.entries(["PUMP_TEST_RUN=\(run)"]).first)
            // journalctl -o json writes values with non-printable bytes as arrays of byte values.
            #expect(entry["MESSAGE"] as? [Int] == Array("nul \0 inside".utf8).map(Int.init))
            #expect(entry["PUMP_BLOB"] as? [Int] == Array("a\0b\nc".utf8).map(Int.init))
            #expect(string(entry["PUMP_BIG"])?.count == 100_000)
        }
    }

    /// The default path, libsystemd's sd_journal_sendv, through pump-journal-send inside journald's namespace
    /// (where /run/systemd/journal/socket is this journald); and the catalog explains the entry (`-x`).
    @Test func libsystemdPathAndCatalog() throws {
        try withJournald { journald in
            let run = UUID().uuidString
            let result = journald.runInside([
                Self.sender, "--kind", "alarmRaised", "Alarm raised: occlusion", "alarm=occlusion", "severity=critical",
                "evidence=pressure 3.2 bar\\nrising", "test_run=\(run)",
            ])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("journal (libsystemd)"), "\(result.output)")
            let entry = try #require(try journald.entries(["PUMP_TEST_RUN=\(run)"]).first)
            #expect(string(entry["MESSAGE_ID"]) == PumpMessageID.alarmRaised.id128)
            #expect(string(entry["PRIORITY"]) == "2")
            #expect(string(entry["PUMP_EVENT"]) == "alarmRaised")
            #expect(string(entry["PUMP_EVIDENCE"]) == "pressure 3.2 bar\nrising")
            #expect(string(entry["SYSLOG_IDENTIFIER"]) == "pumpd")
            // journald reads _COMM from /proc after the datagram arrives: a sender that has already
            // exited (a loaded machine) has none. _PID comes with the datagram's credentials.
            #expect(string(entry["_PID"]) != nil)
            if let comm = string(entry["_COMM"]) { #expect(comm == "pump-journal-se") }  // the kernel's 15-character comm

            try CatalogTests.install(into: journald.root)
            #expect(journald.journalctl(["--update-catalog"]).status == 0)
            let explained = journald.explain(["PUMP_TEST_RUN=\(run)"])
            #expect(explained.output.contains("Subject: Pump alarm raised: occlusion (critical)"), "\(explained.output)")
            #expect(explained.output.contains("Evidence: pressure 3.2 bar"), "\(explained.output)")
        }
    }

    @Test func pumpEventsCarryTheirFields() throws {
        try withJournald { journald in
            let writer = JournalWriter(destination: .socket(path: journald.socketPath))
            var logger = Logger(label: "pumpd") { JournalLogHandler(label: $0, writer: writer) }
            let run = UUID().uuidString
            logger[metadataKey: "test_run"] = .string(run)
            let detail: JSONObject = ["mode": "flex", "worstDayDose": .integer(500_000), "worstHourDose": .integer(40_000), "nested": ["a": .integer(1)]]
            logger.logPumpEvent(
                kind: "programCommitted", summary: "program committed", detail: detail, actor: .init(uid: 0, pid: 77, role: "clinician"),
                sequence: 12
            )
            let entry = try #require(try journald.entries(["PUMP_TEST_RUN=\(run)"]).first)
            #expect(string(entry["MESSAGE"]) == "program committed")
            #expect(string(entry["MESSAGE_ID"]) == PumpMessageID.programCommitted.id128)
            #expect(string(entry["PRIORITY"]) == "5")
            #expect(string(entry["PUMP_MODE"]) == "flex")
            #expect(string(entry["PUMP_WORST_DAY_DOSE"]) == "500000")
            #expect(string(entry["PUMP_NESTED_A"]) == "1")
            #expect(string(entry["PUMP_ACTOR_UID"]) == "0")
            #expect(string(entry["PUMP_ACTOR_PID"]) == "77")
            #expect(string(entry["PUMP_ACTOR_ROLE"]) == "clinician")
            #expect(string(entry["PUMP_EVENT_SEQUENCE"]) == "12")
        }
    }

    /// When journald goes away, entries go to the fallback descriptor as <N> lines: nothing is lost.
    @Test func fallsBackWhenJournaldIsGone() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let journald = try StandaloneJournald()
        let writer = JournalWriter(destination: .socket(path: journald.socketPath), fallbackDescriptor: fds[1])
        let logger = Logger(label: "pumpd") { JournalLogHandler(label: $0, writer: writer) }
        let before = writer.write(JournalEntry(fields: [JournalField("MESSAGE", "up"), JournalField("PRIORITY", "6")]))
        #expect(before == .journal)
        journald.stop()
        logger.warning("after journald stopped", metadata: ["alarm": "occlusion"])
        let missing = JournalWriter(destination: .socket(path: "/nonexistent/socket"), fallbackDescriptor: fds[1])
        #expect(missing.write(JournalEntry(fields: [JournalField("MESSAGE", "x"), JournalField("PRIORITY", "3")])) != .journal)
        close(fds[1])
        #expect(readToEnd(fds[0]) == "<4>after journald stopped PUMP_ALARM=occlusion\n<3>x\n")
    }
}
