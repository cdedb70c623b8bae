import PumpCore
import Testing

/// A name is read the way people type it, and comes back spelt the way the tool spells it.
@Suite struct NameSpellingTests {
    static let names = ["occlusion", "motorStall", "reservoirEmpty"]

    @Test func anyCaseWithOrWithoutDashesAndUnderscoresResolvesToTheCanonicalName() {
        for typed in ["occlusion", "Occlusion", "OCCLUSION", "motor_stall", "Motor-Stall", "reservoir-empty", "RESERVOIR_EMPTY"] {
            let resolved = NameSpelling.resolve(typed, among: Self.names)
            #expect(resolved.map(Self.names.contains) == true, "\(typed) → \(String(describing: resolved))")
        }
        #expect(NameSpelling.resolve("Motor_Stall", among: Self.names) == "motorStall")
    }

    @Test func aMisspellingResolvesToNothing() {
        #expect(NameSpelling.resolve("occlusoin", among: Self.names) == nil)
        #expect(NameSpelling.resolve("motor stall", among: Self.names) == nil)
        #expect(NameSpelling.resolve("", among: Self.names) == nil)
    }
}
