public import PumpCore

/// A drug library file: TOML, every quantity a string in the one unit grammar (`QuantityParser`:
/// `"2000ug/mL"`, `"1mg/day"`, `"0.8ug/h"`), so the file never depends on a unit a key name implies.
///
/// ```toml
/// [library]
/// name = "intrathecal-example 2026-12"   # shown in reviews and recorded in the audit
/// allow_other_drugs = true               # a drug not listed: warning drug-not-in-library (else refused)
///
/// [drugs.baclofen]                       # the name as programs spell it (any case, - and _ ignored)
/// source = "Lioresal Intrathecal PI …"   # where the numbers come from
/// concentrations = ["500ug/mL", "2000ug/mL"]          # at least one; any other is refused
/// daily_dose = { soft = "1000ug/day", hard = "2000ug/day" }  # worst 24 h, basal and every bolus
/// hourly_dose = { hard = "100ug/h" }     # worst 60 minutes
/// bolus_dose = { soft = "100ug" }        # every bolus (periodic, patient)
/// rate = { hard = "0.8ug/h" }            # the highest basal step
/// ```
///
/// Each limit is optional and gives `soft`, `hard` or both (soft ≤ hard, both > 0): above hard is
/// refused, above soft needs an override with a reason, exactly at a limit is within it. A daily
/// dose is a mass or a mass per day (`"1mg"`, `"1mg/day"`), an hourly dose a mass or a mass per
/// hour, a bolus a mass, a rate a mass per time (`"20ug/h"`, `"480ug/day"`). Drug names that are
/// the same in any case, with or without `-` and `_`, are one drug and may be listed once.
extension DrugLibrary {
    /// Reads and validates the library at `path`; on failure, every issue (file, line, key).
    public static func load(path: String) -> Result<DrugLibrary, ProfileErrors> {
        TOMLFile.load(path: path, what: "the drug library", decode: decode)
    }

    /// Parses and validates a library's bytes; `file` names it in messages.
    public static func parse(bytes: [UInt8], file: String) -> Result<DrugLibrary, ProfileErrors> {
        TOMLFile.parse(bytes: bytes, file: file, decode: decode)
    }

    /// Parses and validates library text; `file` names it in messages.
    public static func parse(text: String, file: String) -> Result<DrugLibrary, ProfileErrors> {
        TOMLFile.parse(text: text, file: file, decode: decode)
    }

    private static func decode(_ document: TOMLDocument, file: String) -> Result<DrugLibrary, ProfileErrors> {
        let decoder = ProfileDecoder(file: file)
        let library = decoder.decodeLibrary(document.root)
        if let library, decoder.issues.isEmpty { return .success(library) }
        return .failure(ProfileErrors(file: file, issues: decoder.issues))
    }
}
