/// The drugs and concentrations a rig may be programmed with, and the hard and soft dose limits for
/// each (a dose-error-reduction library, like those of clinical infusion pumps).
///
/// A plain value, loaded from its own TOML file by PumpProfile and replaced whole on reload.
public struct DrugLibrary: Hashable, Sendable {
    /// A name for people and the audit, e.g. `intrathecal-example 2026-12`.
    public var name: String
    public var entries: [DrugLibraryEntry]
    /// A drug not in the library may be programmed (with a `drug-not-in-library` warning and no
    /// library limits); otherwise it is refused.
    public var allowsOtherDrugs: Bool

    public init(name: String, entries: [DrugLibraryEntry], allowsOtherDrugs: Bool) {
        self.name = name
        self.entries = entries
        self.allowsOtherDrugs = allowsOtherDrugs
    }
}
