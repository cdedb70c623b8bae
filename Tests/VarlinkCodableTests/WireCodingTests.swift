import PumpCore
import Testing
import Varlink

@testable import VarlinkCodable

@Suite struct WireCodingTests {
    static let valid: JSONValue = [
        "drug": ["name": "baclofen", "concentration": 2000],
        "basal": ["kind": "flex", "flex": ["everyDay": ["steps": [["start": "00:00", "rate": 400_000], ["start": "08:00", "rate": 600_000]]]]],
        "limits": ["maximumDailyDose": 1_000_000, "maximumHourlyDose": 100_000, "maximumBolus": 50_000],
        "lowReservoirAlarm": 2_000_000,
    ]

    func refusal(_ value: JSONValue, at path: String = "prescription") -> WireCodingError? {
        do {
            _ = try WireCoding.decode(Prescription.self, from: value, at: path)
            return nil
        } catch { return error }
    }

    func replacing(_ path: [String], with value: JSONValue?, in json: JSONValue) -> JSONValue {
        guard let first = path.first, var object = json.objectValue else { return value ?? .null }
        object[first] = path.count == 1 ? value : replacing(Array(path.dropFirst()), with: value, in: object[first] ?? [:])
        return .object(object)
    }

    @Test func aValidFlexPrescriptionRoundTripsExactly() throws {
        let decoded = try WireCoding.decode(Prescription.self, from: Self.valid, at: "prescription")
        #expect(WireCoding.encode(decoded) == replacing(["basal", "flex", "byWeekday"], with: [:], in: Self.valid))
    }

    @Test func aNestedFractionIsNamedWithItsFullPathAndWhatIsExpected() {
        let periodic = replacing(["periodicBolus"], with: ["dose": 50000.5, "duration": 600, "interval": 21_600, "firstStartDelay": 0], in: Self.valid)
        let refused = refusal(periodic)
        #expect(refused?.field == "prescription.periodicBolus.dose")
        #expect(refused?.problem == .wrongType && refused?.value == "50000.5")
        #expect(refused?.expected.hasPrefix("an integer") == true)
        let step = replacing(
            ["basal", "flex", "everyDay", "steps"], with: [["start": "00:00", "rate": 400_000], ["start": "08:00", "rate": 1.5]], in: Self.valid)
        #expect(refusal(step)?.field == "prescription.basal.flex.everyDay.steps[1].rate")
    }

    @Test func anIntegralDoubleIsNotCalledAFraction() {
        #expect(WireCoding.firstFraction(in: ["a": [1.0, 2]], at: "x") == nil)
        #expect(WireCoding.firstFraction(in: ["a": [1.0, 2.25]], at: "x")?.path == "x.a[1]")
    }

    @Test func anUnknownMemberIsNamedWithItsFullPath() {
        let misspelt = replacing(["limits", "maximumDailyDoze"], with: 5, in: Self.valid)
        let refused = refusal(misspelt)
        #expect(refused?.field == "prescription.limits.maximumDailyDoze")
        #expect(refused?.problem == .unknownMember && refused?.value == "present" && refused?.expected == "no such field")
    }

    @Test func aReaderOfRepliesLetsUnknownMembersPass() throws {
        let newer = replacing(["limits", "maximumWeeklyDose"], with: 5, in: Self.valid)
        let decoded = try WireCoding.decode(Prescription.self, from: newer, at: "active", rejectingUnknownMembers: false)
        #expect(decoded.limits.maximumDailyDose == .nanograms(1_000_000))
    }

    @Test func aWrongTypeIsNamedWithItsIndexedPath() {
        let steps: JSONValue = [["start": "00:00", "rate": 400_000], ["start": "08:00", "rate": "600 ug"]]
        let mistyped = replacing(["basal", "flex", "everyDay", "steps"], with: steps, in: Self.valid)
        let refused = refusal(mistyped)
        #expect(refused?.field == "prescription.basal.flex.everyDay.steps[1].rate")
        #expect(refused?.problem == .wrongType && refused?.value == "wrong type" && refused?.expected == "int64")
    }

    @Test func aMissingRequiredMemberIsNamed() {
        let refused = refusal(replacing(["drug", "concentration"], with: nil, in: Self.valid))
        #expect(refused?.field == "prescription.drug.concentration")
        #expect(refused?.problem == .missing && refused?.value == "missing" && refused?.expected == "a value")
    }

    @Test func atTheTopThePathStartsAtTheMember() {
        #expect(refusal(replacing(["drug", "concentration"], with: nil, in: Self.valid), at: "")?.field == "drug.concentration")
        #expect(refusal(replacing(["limits", "x"], with: 1, in: Self.valid), at: "")?.field == "limits.x")
    }

    @Test(arguments: ["24:00", "8:00", "08:60", "noon", "08:00:60"])
    func aMalformedTimeOfDayIsRefusedNotTrapped(_ text: String) {
        let steps: JSONValue = [["start": "00:00", "rate": 400_000], ["start": .string(text), "rate": 600_000]]
        let bad = replacing(["basal", "flex", "everyDay", "steps"], with: steps, in: Self.valid)
        let refused = refusal(bad)
        #expect(refused?.field == "prescription.basal.flex.everyDay.steps[1].start")
        #expect(refused?.problem == .invalid && refused?.value == "invalid")
    }

    @Test func anUnknownWeekdayIsRefused() {
        let bad = replacing(["basal", "flex", "byWeekday"], with: ["funday": ["steps": []]], in: Self.valid)
        #expect(refusal(bad)?.field == "prescription.basal.flex.byWeekday")
    }

    @Test func aMemberThatDoesNotBelongToTheBasalKindIsRefused() {
        let ambiguous = replacing(["basal", "rate"], with: 500_000, in: Self.valid)
        #expect(refusal(ambiguous)?.field == "prescription.basal.rate")
    }

    @Test func theRefusalReadsAsASentence() {
        #expect(WireCodingError(field: "drug.concentration", problem: .wrongType, value: "wrong type", expected: "int64").description
            == "drug.concentration has the wrong type (expected int64)")
        #expect(WireCodingError(field: "limits.x", problem: .unknownMember, value: "present", expected: "no such field").description
            == "limits.x is not a known field")
        #expect(WireCodingError(field: "drug", problem: .missing, value: "missing", expected: "a value").description == "drug is missing")
    }
}
