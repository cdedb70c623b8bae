import Foundation
import PumpctlKit
import Testing
import Varlink

/// Every exit code `pumpctl --help` documents is the one a matching failure returns, and no
/// failure returns a code the help leaves out.
@Suite struct DocumentedExitCodeTests {
    /// The codes in the help's "Exit status" table, with their first line.
    static func documented() -> [Int32: String] {
        let terminal = TestConsole()
        _ = terminal.run(["--help"])
        guard let table = terminal.output.components(separatedBy: "Exit status:").last else { return [:] }
        var codes: [Int32: String] = [:]
        for line in table.split(separator: "\n") {
            guard let match = line.firstMatch(of: #/^\s+(\d+)\s{2}(.+)$/#), let code = Int32(match.1) else { continue }
            codes[code] = String(match.2)
        }
        return codes
    }

    /// One invocation per exit status, and what it ends with.
    static func scenarios() throws -> [(PumpctlExit, () throws -> PumpctlExit)] {
        [
            (.success, { try Self.run(["status"], ["GetStatus": .reply(["status": Fixtures.status()])]) }),
            (.refused, { try Self.run(["stop"], ["Stop": .error("WrongMode", ["mode": "stopped", "needed": "running"])]) }),
            (.usage, { TestConsole().run(["bolus", "--durration", "1min"]) }),
            (.transport, {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("pumpctl-not-a-socket-\(getpid())").path
                FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
                defer { try? FileManager.default.removeItem(atPath: file) }
                return TestConsole().run(["status", "--socket", file])
            }),
            (.permissionDenied, { try Self.run(["stop"], ["Stop": .error("PermissionDenied", ["method": "Stop", "role": "observer", "needed": "clinician"])]) }),
            (.declined, {
                let pumpd = try FakePumpd(["GetStatus": Fixtures.statusReply(), "ValidatePrescription": .reply(Fixtures.review)])
                return TestConsole(answers: ["n"], inputIsTerminal: true).run(["program"] + Fixtures.programFlags + ["--socket", pumpd.path])
            }),
            (.notRunning, { TestConsole().run(["status", "--socket", "/nonexistent/pumpd.sock"]) }),
        ]
    }

    static func run(_ arguments: [String], _ answers: [String: FakePumpd.Answer]) throws -> PumpctlExit {
        let pumpd = try FakePumpd(answers)
        return TestConsole().run(arguments + ["--socket", pumpd.path])
    }

    @Test func everyDocumentedCodeIsTheOneReturned() throws {
        let documented = Self.documented()
        let scenarios = try Self.scenarios()
        #expect(Set(documented.keys) == Set(scenarios.map(\.0.rawValue)), "\(documented)")
        for (status, scenario) in scenarios {
            #expect(try scenario() == status, "\(status)")
            #expect(documented[status.rawValue] != nil, "\(status) is not in --help")
        }
    }
}
