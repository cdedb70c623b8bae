import PumpCore
import Testing
import Varlink

@testable import PumpService

@Suite struct WireCodingTests {
    static let valid: JSONValue = [
        "drug": ["name": "baclofen", "concentration": 2000],
        "basal": ["kind": "flex", "flex": ["everyDay": ["steps": [["start": "00:00", "rate": 400_000], ["start": "08:00", "rate": 600_000]]]]],
        "limits": ["maximumDailyDose": 1_000_000, "maximumHourlyDose": 100_000, "maximumBolus": 50_000],
        "lowReservoirAlarm": 2_000_000,
    ]

    func refusal(_ value: JSONValue) -> JSONObject? {
        do {
            _ = try WireCoding.decode(Prescription.self, from: value, at: "prescription")
            return nil
        } catch { return error.parameterObject }
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

    @Test func anUnknownMemberIsNamedWithItsFullPath() {
        let misspelt = replacing(["limits", "maximumDailyDoze"], with: 5, in: Self.valid)
        #expect(refusal(misspelt)?["field"] == "prescription.limits.maximumDailyDoze")
    }

    @Test func aWrongTypeIsNamedWithItsIndexedPath() {
        let steps: JSONValue = [["start": "00:00", "rate": 400_000], ["start": "08:00", "rate": "600 ug"]]
        let mistyped = replacing(["basal", "flex", "everyDay", "steps"], with: steps, in: Self.valid)
        #expect(refusal(mistyped)?["field"] == "prescription.basal.flex.everyDay.steps[1].rate")
    }

    @Test func aMissingRequiredMemberIsNamed() {
        #expect(refusal(replacing(["drug", "concentration"], with: nil, in: Self.valid))?["field"] == "prescription.drug.concentration")
    }

    @Test(arguments: ["24:00", "8:00", "08:60", "noon", "08:00:60"])
    func aMalformedTimeOfDayIsRefusedNotTrapped(_ text: String) {
        let steps: JSONValue = [["start": "00:00", "rate": 400_000], ["start": .string(text), "rate": 600_000]]
        let bad = replacing(["basal", "flex", "everyDay", "steps"], with: steps, in: Self.valid)
        #expect(refusal(bad)?["field"] == "prescription.basal.flex.everyDay.steps[1].start")
    }

    @Test func anUnknownWeekdayIsRefused() {
        let bad = replacing(["basal", "flex", "byWeekday"], with: ["funday": ["steps": []]], in: Self.valid)
        #expect(refusal(bad)?["field"] == "prescription.basal.flex.byWeekday")
    }

    @Test func aMemberThatDoesNotBelongToTheBasalKindIsRefused() {
        let ambiguous = replacing(["basal", "rate"], with: 500_000, in: Self.valid)
        #expect(refusal(ambiguous)?["field"] == "prescription.basal.rate")
    }
}
