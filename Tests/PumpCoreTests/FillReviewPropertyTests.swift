import PumpCore
import PumpTestKit
import Testing

/// Reviews run on the control loop's thread: whatever a caller sends and whatever state the pump
/// is in, a review answers (a refusal or a review) and changes nothing; it never traps.
@Suite struct FillReviewPropertyTests {
    typealias F = SessionFixtures

    @Test(arguments: 0..<8)
    func anyRefillOrFirstFillInAnyStateIsAnsweredWithoutChangingAnything(seed: UInt64) throws {
        var rng = SplitMix64(seed: 0x5EED_F111 &+ seed)
        let volumes: [Int64] = [-1, 0, 1, 1_000, 2_000_000, 20_000_000, 40_000_000, 40_000_001, .max / 1_000]
        let concentrations: [Int64] = [-5, 0, 1, 500, 2_000, 25_000, 1_000_000]
        let names = ["baclofen", "morphine", "", " "]
        for _ in 0..<40 {
            var session = F.session(pathPrimed: rng.next() % 2 == 0)
            let state = rng.next() % 5
            if state > 0 { try? session.commit(F.prescription(patient: rng.next() % 2 == 0 ? PatientBolusPolicy(dose: .micrograms(10), duration: .minutes(5), lockout: .hours(1), maximumPerDay: 3) : nil), at: F.origin) }
            session.runSteps(until: F.at(.hours(Int64(rng.next() % 48))))
            if state == 2 { session.stop(at: session.clock) }
            if state == 3 { try? session.prime(newPath: true, at: session.clock) }
            if state == 4 { session.raiseAlarm(.occlusion, evidence: "test", at: session.clock) }
            let drug = Drug(
                name: names[Int(rng.next() % UInt64(names.count))],
                concentration: .microgramsPerMillilitre(concentrations[Int(rng.next() % UInt64(concentrations.count))]))
            let volume = Volume(nanolitres: volumes[Int(rng.next() % UInt64(volumes.count))])
            let withdrawn = Volume(nanolitres: volumes[Int(rng.next() % UInt64(volumes.count))])
            let before = session.checkpoint()
            let program: Prescription? = rng.next() % 3 == 0 ? F.prescription(drug: drug) : nil
            _ = session.reviewRefill(RefillRequest(volume: volume, drug: drug, withdrawn: withdrawn, prescription: program))
            _ = session.reviewFirstFill(FirstFillRequest(volume: volume, drug: drug, primed: rng.next() % 2 == 0))
            _ = session.bridge
            _ = session.patientBolusStatus
            _ = session.expectedForecast
            #expect(session.checkpoint() == before)
        }
    }
}
