import Foundation
import Testing

@testable import PumpHIL

/// The scenario library (Tests/Scenarios) stays decodable; CI runs it separately
/// (`pump-hil run Tests/Scenarios/*.toml`), as its longer scenarios take a minute and more.
@Suite struct ScenarioLibraryTests {
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: TestPaths.scenarios)) ?? [])
        .filter { $0.hasSuffix(".toml") }.sorted().map { TestPaths.scenarios + "/" + $0 }

    @Test func theLibraryIsFound() {
        #expect(Self.files.count >= 13, "found \(Self.files) in \(TestPaths.scenarios)")
    }

    @Test(arguments: ScenarioLibraryTests.files)
    func everyScenarioFileDecodesWithExpectationsAndAHazard(path: String) throws {
        let scenario = try ScenarioDecoder.load(path: path)
        #expect(!scenario.expectations.isEmpty)
        #expect(!scenario.hazard.isEmpty)
        // Its name is its file's, so a report line leads straight to the file.
        #expect(scenario.name == URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
    }
}
