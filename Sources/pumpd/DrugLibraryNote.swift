import PumpProfile
import PumpService

/// What pumpd says about a profile's drug library when it starts and when it checks a profile.
enum DrugLibraryNote {
    /// `drug library "…" (4 drugs, other drugs allowed) from hw-profiles/drug-library.toml`, or
    /// that the profile names none and programs are checked against their own limits only.
    static func line(for profile: HardwareProfile) -> String {
        guard profile.drugLibrary != nil else {
            return "no drug library: the profile names none ([programming] drug_library), so programs and refills are "
                + "checked against their own limits and the rig's only"
        }
        return "drug library " + ProfileReload.describeLibrary(profile)
    }
}
