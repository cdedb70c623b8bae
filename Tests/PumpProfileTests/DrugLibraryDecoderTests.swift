import Foundation
import PumpCore
import PumpProfile
import Testing

/// The drug library file: the shipped example loads with exact integers, and every mistake is an
/// issue naming the file, the line and column, and the key.
@Suite struct DrugLibraryDecoderTests {
    static let valid = """
        [library]
        name = "test"
        allow_other_drugs = false

        [drugs.baclofen]
        source = "label"
        concentrations = ["500ug/mL", "2mg/mL"]
        daily_dose = { soft = "1000ug/day", hard = "2mg" }
        hourly_dose = { hard = "100ug/h" }
        bolus_dose = { soft = "100ug" }
        rate = { hard = "0.8ug/h" }
        """

    /// `valid` with `original` (which must occur) replaced, parsed as `lib.toml`.
    static func errors(replacing original: String, with replacement: String) throws -> ProfileErrors {
        try #require(valid.contains(original), "\(original)")
        guard case .failure(let errors) = DrugLibrary.parse(text: valid.replacingOccurrences(of: original, with: replacement), file: "lib.toml") else {
            Issue.record("accepted \(replacement)")
            throw CancellationError()
        }
        return errors
    }

    @Test func aValidLibraryDecodesToExactIntegers() throws {
        let library = try DrugLibrary.parse(text: Self.valid, file: "lib.toml").get()
        #expect(library.name == "test" && !library.allowsOtherDrugs)
        let entry = try #require(library.entries.first)
        #expect(entry.name == "baclofen" && entry.source == "label")
        #expect(entry.concentrations == [.microgramsPerMillilitre(500), .microgramsPerMillilitre(2000)])
        #expect(entry.dailyDose == LibraryLimit(soft: .micrograms(1000), hard: .milligrams(2)))
        #expect(entry.hourlyDose == LibraryLimit(hard: .micrograms(100)))
        #expect(entry.bolusDose == LibraryLimit(soft: .micrograms(100)))
        #expect(entry.rate == LibraryLimit(hard: MassRate(nanogramsPerDay: 19_200)))
    }

    @Test func theShippedLibraryLoadsWithItsSourcedLimits() throws {
        let library = try DrugLibrary.load(path: ProfileTestSupport.path(of: "drug-library.toml")).get()
        #expect(library.allowsOtherDrugs)
        #expect(library.entries.map(\.name) == ["baclofen", "morphine", "ziconotide", "clonidine"])
        let baclofen = try #require(library.entry(named: "Baclofen"))
        #expect(baclofen.dailyDose == LibraryLimit(soft: .micrograms(1000)))
        #expect(baclofen.concentrations.contains(.microgramsPerMillilitre(500)) && baclofen.concentrations.contains(.microgramsPerMillilitre(2000)))
        let ziconotide = try #require(library.entry(named: "ziconotide"))
        #expect(ziconotide.dailyDose.hard == .nanograms(19_200) && ziconotide.rate.hard == MassRate(nanogramsPerDay: 19_200))
        #expect(library.entries.allSatisfy { !$0.source.isEmpty })
    }

    @Test(arguments: [
        // (original, replacement, key path, line, message fragment)
        ("daily_dose = {", "dialy_dose = {", "drugs.baclofen.dialy_dose", 8, "unknown key (did you mean daily_dose?)"),
        ("concentrations =", "concentration =", "drugs.baclofen.concentration", 7, "did you mean concentrations?"),
        ("soft = \"1000ug/day\"", "soft = \"3mg/day\"", "drugs.baclofen.daily_dose.soft", 8, "the soft limit is above the hard limit"),
        ("soft = \"1000ug/day\"", "soft = \"0ug\"", "drugs.baclofen.daily_dose.soft", 8, "must be greater than zero"),
        ("soft = \"1000ug/day\"", "soft = \"-5ug\"", "drugs.baclofen.daily_dose.soft", 8, "cannot be negative"),
        ("soft = \"1000ug/day\"", "soft = 1000", "drugs.baclofen.daily_dose.soft", 8, "write the number with its unit as a string"),
        ("soft = \"1000ug/day\"", "soft = \"1000ug/h\"", "drugs.baclofen.daily_dose.soft", 8, "is not a daily dose"),
        ("\"500ug/mL\", \"2mg/mL\"", "\"500ug/mL\", \"0.5mg/mL\"", "drugs.baclofen.concentrations[1]", 7, "listed twice"),
        ("\"500ug/mL\", \"2mg/mL\"", "\"500ug/day\"", "drugs.baclofen.concentrations[0]", 7, "is not a concentration unit"),
        ("[\"500ug/mL\", \"2mg/mL\"]", "[]", "drugs.baclofen.concentrations", 7, "list at least one concentration"),
        ("hourly_dose = { hard = \"100ug/h\" }", "hourly_dose = { }", "drugs.baclofen.hourly_dose", 9, "give a soft limit, a hard limit or both"),
        ("source = \"label\"\n", "", "drugs.baclofen.source", 5, "missing required key"),
        ("allow_other_drugs = false\n", "", "library.allow_other_drugs", 1, "missing required key"),
        ("allow_other_drugs = false", "allow_other_drugs = \"no\"", "library.allow_other_drugs", 3, "expected a boolean"),
        ("[drugs.baclofen]", "[drugs.baclofen]\nx = 1\n[drugs.Bac_lofen]\nsource = \"x\"\nconcentrations = [\"1ug/mL\"]\n[drugs.z]", "drugs.Bac_lofen", 7,
         "is the same drug as \"baclofen\" (line 5)"),
    ])
    func eachMistakeIsReportedAtItsFileLineAndKey(original: String, replacement: String, keyPath: String, line: Int, message: String) throws {
        let errors = try Self.errors(replacing: original, with: replacement)
        let issue = try #require(errors.issues.first { $0.keyPath == keyPath }, "\(errors)")
        #expect(issue.line == line, "\(errors)")
        #expect(issue.message.contains(message), "\(errors)")
        #expect(errors.lines.contains { $0.hasPrefix("lib.toml:\(line):") && $0.contains("error: \(keyPath): ") }, "\(errors)")
    }

    @Test func aLibraryWithoutDrugsOrWithAnUnknownSectionIsRefused() throws {
        let none = try #require(DrugLibrary.parse(text: "[library]\nname = \"x\"\nallow_other_drugs = true\n[drugs]\n", file: "lib.toml").failure)
        #expect(none.issues.map(\.keyPath) == ["drugs"])
        let misspelt = try Self.errors(replacing: "[drugs.baclofen]", with: "[drug.baclofen]")
        #expect(misspelt.issues.contains { $0.keyPath == "drug" && $0.message.contains("did you mean drugs?") }, "\(misspelt)")
    }

    @Test func aSyntaxErrorIsReportedAtItsLineAndColumn() throws {
        let errors = try Self.errors(replacing: "name = \"test\"", with: "name = test")
        #expect(errors.description.hasPrefix("lib.toml:2:8: error: "), "\(errors)")
    }

    @Test func anUnreadableLibraryIsAFileIssue() throws {
        let errors = try #require(DrugLibrary.load(path: "/nonexistent/drug-library.toml").failure)
        #expect(errors.issues.map(\.kind) == [.file])
    }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}

/// A library path naming something that is not a small regular file is refused before reading.
@Suite struct DrugLibraryFileTests {
    @Test(arguments: ["/dev/zero", "/dev/null", "/tmp"])
    func aDeviceOrDirectoryIsNotRead(path: String) throws {
        let errors = try #require(DrugLibrary.load(path: path).failure)
        #expect(errors.issues.map(\.kind) == [.file])
        #expect(errors.issues.first?.message.contains("not a regular file") == true, "\(errors)")
    }
}
