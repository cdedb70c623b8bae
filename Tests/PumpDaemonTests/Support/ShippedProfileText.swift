import Foundation

/// The text of a shipped profile for a test to vary and write elsewhere: its relative
/// `drug_library` made absolute, so the copy still finds the shipped library beside the original.
enum ShippedProfileText {
    static func text(_ name: String = "sim.toml") throws -> String {
        let directory = PumpDaemonProcessTests.repository.path + "/hw-profiles"
        let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        return text.replacingOccurrences(of: "drug_library = \"drug-library.toml\"", with: "drug_library = \"\(directory)/drug-library.toml\"")
    }
}
