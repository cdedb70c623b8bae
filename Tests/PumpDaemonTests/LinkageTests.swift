import Foundation
import PumpTestKit
import Testing

/// pumpd loads no more of Foundation than FoundationEssentials (JSON coding, Data, Date): not
/// Foundation itself, its internationalization or the 41 MB ICU library, which cost start-up time
/// and memory on every exec and which nothing in pumpd needs (issue 13).
@Suite struct LinkageTests {
    static let forbidden = [
        "libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so", "libFoundationNetworking.so",
        "libFoundationXML.so",
    ]

    @Test func pumpdLinksNeitherFoundationNorICU() throws {
        let outcome = try CommandRun.run("/usr/bin/ldd", [PumpDaemonProcessTests.pumpd])
        #expect(outcome.status == 0, "ldd failed: \(outcome.output)")
        // Proves ldd listed the libraries at all, so the absence below means something.
        #expect(outcome.output.contains("libswiftCore.so"), "\(outcome.output)")
        for line in outcome.output.split(separator: "\n") {
            for library in Self.forbidden where line.contains(library) {
                Issue.record("pumpd links \(library): \(line)")
            }
        }
    }
}
