import PumpCore
import Testing

@Suite struct ClosestMatchTests {
    @Test(arguments: [
        ("stauts", "status"), ("occlusoin", "occlusion"), ("Occlusion", "occlusion"),
        ("alarmraised", "alarmRaised"), ("durration", "duration"), ("histroy", "history"),
    ])
    func aTypoOrWrongCaseFindsTheIntendedName(typed: String, meant: String) {
        let names = ["status", "occlusion", "alarmRaised", "duration", "history", "stop", "resume"]
        #expect(ClosestMatch.suggestion(for: typed, among: names) == meant)
    }

    @Test func somethingUnrelatedSuggestsNothing() {
        #expect(ClosestMatch.suggestion(for: "refillxyz", among: ["status", "stop"]) == nil)
        #expect(ClosestMatch.didYouMean("zzz", among: ["ack", "bolus"]) == nil)
    }

    @Test func shortNamesAllowOnlyOneEdit() {
        #expect(ClosestMatch.suggestion(for: "sop", among: ["stop"]) == "stop")
        #expect(ClosestMatch.suggestion(for: "xy", among: ["stop"]) == nil)
    }

    @Test func equallyCloseCandidatesAreBothOffered() {
        #expect(ClosestMatch.didYouMean("stat", among: ["start", "state"]) == #"did you mean "start" or "state"?"#)
    }
}
