import Foundation
import PumpCore
import PumpProfile
import Testing

/// The profile's `[programming]` table: the drug library beside the profile and the policy's
/// durations in the one unit grammar; a broken or missing library makes the profile broken.
@Suite struct ProgrammingProfileTests {
    /// A directory holding sim.toml with `programming` as its `[programming]` table and, when
    /// given, `library` as drug-library.toml; returns the profile's path.
    static func rig(programming: String?, library: String? = nil) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("programming-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var text = try ProfileTestSupport.text(of: "sim.toml")
        let table = try #require(text.range(of: "\n[programming]"))
        text.removeSubrange(table.lowerBound...)
        if let programming { text += "\n[programming]\n" + programming + "\n" }
        try text.write(toFile: directory + "/rig.toml", atomically: true, encoding: .utf8)
        if let library { try library.write(toFile: directory + "/drug-library.toml", atomically: true, encoding: .utf8) }
        return directory + "/rig.toml"
    }

    static func errors(_ path: String) throws -> ProfileErrors {
        guard case .failure(let errors) = HardwareProfile.load(path: path) else {
            Issue.record("\(path) loaded")
            throw CancellationError()
        }
        return errors
    }

    @Test func withoutTheTableThereIsNoLibraryAndThePolicyDefaults() throws {
        let profile = try HardwareProfile.load(path: try Self.rig(programming: nil)).get()
        #expect(profile.drugLibrary == nil && profile.programming == .defaults)
    }

    @Test func theLibraryIsReadBesideTheProfileAndThePolicyInTheOneGrammar() throws {
        let path = try Self.rig(
            programming: "drug_library = \"drug-library.toml\"\nreservoir_warning_days = 10\nstopped_reminder = \"1h30min\"\nstopped_reminder_repeat = \"20 min\"",
            library: DrugLibraryDecoderTests.valid)
        let profile = try HardwareProfile.load(path: path).get()
        #expect(profile.drugLibrary?.name == "test")
        #expect(profile.programming.drugLibraryPath == (path as NSString).deletingLastPathComponent + "/drug-library.toml")
        #expect(profile.programming.policy == TherapyPolicy(
            reservoirWarningHorizon: .days(10), stoppedReminderAfter: .minutes(90), stoppedReminderRepeat: .minutes(20)))
    }

    @Test func theShippedProfilesEachNameTheShippedLibrary() throws {
        for name in ProfileTestSupport.shippedProfileNames() {
            let profile = try ProfileTestSupport.load(name)
            #expect(profile.drugLibrary?.name == "intrathecal-example 2026-12", "\(name)")
            #expect(profile.programming.drugLibraryPath?.hasSuffix("hw-profiles/drug-library.toml") == true, "\(name)")
        }
    }

    @Test func aMissingLibraryIsReportedAtTheProfilesKey() throws {
        let path = try Self.rig(programming: "drug_library = \"nowhere.toml\"")
        let errors = try Self.errors(path)
        #expect(errors.issues.count == 1)
        #expect(errors.lines.first?.hasPrefix("\(path):") == true && errors.lines.first?.contains("error: programming.drug_library: cannot read the drug library") == true,
                "\(errors)")
    }

    @Test func aBrokenLibraryIsReportedInItsOwnFileAtItsLineAndKey() throws {
        let broken = DrugLibraryDecoderTests.valid.replacingOccurrences(of: "hard = \"2mg\"", with: "hard = \"500ug\"")
        let path = try Self.rig(programming: "drug_library = \"drug-library.toml\"", library: broken)
        let errors = try Self.errors(path)
        let library = (path as NSString).deletingLastPathComponent + "/drug-library.toml"
        #expect(errors.lines == ["\(library):8:23: error: drugs.baclofen.daily_dose.soft: the soft limit is above the hard limit "
            + "(drugs.baclofen.daily_dose.hard on line 8): soft must be at most hard"], "\(errors)")
    }

    @Test(arguments: [
        ("stopped_reminder = \"30s\"", "programming.stopped_reminder", "must be between 1 min and 7 d"),
        ("stopped_reminder = 60", "programming.stopped_reminder", "write the number with its unit as a string"),
        ("stopped_reminder_repeat = \"2d\"", "programming.stopped_reminder_repeat", "must be between 1 min and 1 d"),
        ("reservoir_warning_days = 400", "programming.reservoir_warning_days", "must be at most 365"),
        ("stoped_reminder = \"1h\"", "programming.stoped_reminder", "did you mean stopped_reminder?"),
        ("drug_libary = \"x.toml\"", "programming.drug_libary", "did you mean drug_library?"),
    ])
    func aWrongPolicyValueIsReportedAtItsKey(line: String, keyPath: String, message: String) throws {
        let errors = try Self.errors(try Self.rig(programming: line))
        #expect(errors.issues.map(\.keyPath) == [keyPath], "\(errors)")
        #expect(errors.issues.first?.message.contains(message) == true, "\(errors)")
        #expect(errors.issues.first?.line != nil)
    }
}
