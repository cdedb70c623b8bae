#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing

@testable import pumpd

/// The runtime directory defaults to the control socket's directory exactly as Foundation's URL
/// named it, for any path.
@Suite struct ParentDirectoryTests {
    static func reference(_ path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    @Test func plainAbsolutePathsAreCutAtTheirLastSlash() {
        #expect(ParentDirectory.of("/run/pumpd/control.sock") == "/run/pumpd")
        #expect(ParentDirectory.of("/control.sock") == "/")
    }

    @Test func partsOfDotsThatAreNotDotOrDotDotArePlain() {
        for path in ["/run/.../s", "/run/..a/s", "/run/a../s", "/.x/s", "/run/.", "/run/..", "/./s", "/../s", "//s", "/run//s", "/run/"] {
            #expect(ParentDirectory.of(path) == Self.reference(path), "\(path.debugDescription)")
        }
    }

    @Test func everyPathGetsTheDirectoryURLGives() {
        let parts = ["run", "pumpd", "control.sock", ".", "..", "...", "..x", "x..", "", "a b", "µ", ".vl", "x.sock"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let count = Int.random(in: 1...5, using: &generator)
            let path = (Bool.random(using: &generator) ? "/" : "") + (0..<count).map { _ in parts.randomElement(using: &generator)! }.joined(separator: "/")
                + (Int.random(in: 0..<8, using: &generator) == 0 ? "/" : "")
            #expect(ParentDirectory.of(path) == Self.reference(path), "\(path.debugDescription)")
        }
    }
}
