import PumpCore

/// Reads a drug library file (the format is documented on `DrugLibrary.parse(text:file:)`) with
/// the profile decoder's table readers, so it reports like a profile: every issue at its line and
/// column under its dotted key, unknown keys with "did you mean".
extension ProfileDecoder {
    func decodeLibrary(_ root: TOMLTable) -> DrugLibrary? {
        let top = reader(path: "", table: root)
        let header = top.table("library")
        let name = header?.string("name")
        let allowsOther = header?.boolean("allow_other_drugs")
        let drugs = top.table("drugs")
        var entries: [DrugLibraryEntry] = []
        var complete = drugs != nil
        var firstSpelling: [String: (name: String, location: SourceLocation)] = [:]
        if let drugs {
            if drugs.table.entries.isEmpty {
                report(.invalidValue, "drugs", at: drugs.location, "the library lists no drug: add a [drugs.NAME] table for each")
                complete = false
            }
            for entry in drugs.table.entries {
                let drug = drugs.table(entry.key)  // reports a value that is not a table
                let folded = NameSpelling.folded(entry.key)
                if let first = firstSpelling[folded] {
                    report(.invalidValue, drugs.keyPath(entry.key), at: entry.keyLocation,
                           "\"\(entry.key)\" is the same drug as \"\(first.name)\" (line \(first.location.line)): names match in any case, "
                               + "with or without - and _; list each drug once")
                    complete = false
                } else {
                    firstSpelling[folded] = (entry.key, entry.keyLocation)
                }
                if entry.key.allSatisfy(\.isWhitespace) {
                    report(.invalidValue, drugs.keyPath(entry.key), at: entry.keyLocation, "a drug needs a name")
                    complete = false
                }
                guard let drug, let decoded = decodeLibraryEntry(named: entry.key, drug) else {
                    complete = false
                    continue
                }
                entries.append(decoded)
            }
        }
        for reader in readers { reader.reportUnknownKeys() }
        guard issues.isEmpty, complete, let name, let allowsOther else { return nil }
        return DrugLibrary(name: name.value, entries: entries, allowsOtherDrugs: allowsOther.value)
    }

    private func decodeLibraryEntry(named name: String, _ drug: ProfileTableReader) -> DrugLibraryEntry? {
        let source = drug.string("source")
        let concentrations = decodeConcentrations(drug)
        let daily = decodeLimit(drug, "daily_dose", as: .dailyMass) { DrugMass(nanograms: $0) }
        let hourly = decodeLimit(drug, "hourly_dose", as: .hourlyMass) { DrugMass(nanograms: $0) }
        let bolus = decodeLimit(drug, "bolus_dose", as: .mass) { DrugMass(nanograms: $0) }
        let rate = decodeLimit(drug, "rate", as: .doseRate) { MassRate(nanogramsPerDay: $0) }
        guard let source, let concentrations, let daily, let hourly, let bolus, let rate else { return nil }
        return DrugLibraryEntry(
            name: name, concentrations: concentrations, dailyDose: daily, hourlyDose: hourly, bolusDose: bolus, rate: rate,
            source: source.value)
    }

    /// At least one, each positive and listed once.
    private func decodeConcentrations(_ drug: ProfileTableReader) -> [Concentration]? {
        var seen: [Int64: Int] = [:]
        let values = drug.array("concentrations") { value, keyPath -> Concentration? in
            guard let field = drug.quantity(value, keyPath: keyPath, as: .concentration) else { return nil }
            guard field.value > 0 else {
                report(.invalidValue, keyPath, at: value.location, "a concentration must be greater than zero")
                return nil
            }
            if let line = seen[field.value] {
                report(.invalidValue, keyPath, at: value.location, "\(Concentration(microgramsPerMillilitre: field.value)) is listed twice (also on line \(line))")
                return nil
            }
            seen[field.value] = value.location.line
            return Concentration(microgramsPerMillilitre: field.value)
        }
        guard let values else { return nil }
        if values.isEmpty, let entry = drug.table.entry(named: "concentrations") {
            report(.invalidValue, drug.keyPath("concentrations"), at: entry.value.location,
                   "list at least one concentration the drug may be programmed at, e.g. [\"\(QuantityKind.concentration.example)\"]")
            return nil
        }
        return values
    }

    /// `key = { soft = "…", hard = "…" }`: optional; when given, at least one bound, each positive,
    /// soft ≤ hard. An absent limit (`LibraryLimit()`) checks nothing.
    private func decodeLimit<Q: Hashable & Sendable & Comparable>(
        _ drug: ProfileTableReader, _ key: String, as kind: QuantityKind, _ make: (Int64) -> Q
    ) -> LibraryLimit<Q>? {
        guard drug.contains(key) else {
            _ = drug.entry(key, .optional)  // a candidate for "did you mean"
            return LibraryLimit()
        }
        guard let limit = drug.table(key, .optional) else { return nil }
        let soft = limit.quantity("soft", .optional, as: kind)
        let hard = limit.quantity("hard", .optional, as: kind)
        if !limit.contains("soft") && !limit.contains("hard") {
            report(.missingKey, limit.path, at: limit.location, "give a soft limit, a hard limit or both, e.g. { soft = \"…\", hard = \"…\" }")
            return nil
        }
        var valid = limit.contains("soft") == (soft != nil) && limit.contains("hard") == (hard != nil)
        for field in [soft, hard].compactMap({ $0 }) where field.value <= 0 {
            report(.invalidValue, field.keyPath, at: field.location, "a limit must be greater than zero")
            valid = false
        }
        if let soft, let hard, soft.value > hard.value {
            report(.invalidValue, soft.keyPath, at: soft.location,
                   "the soft limit is above the hard limit (\(limit.keyPath("hard")) on line \(hard.location.line)): soft must be at most hard")
            valid = false
        }
        guard valid else { return nil }
        return LibraryLimit(soft: soft.map { make($0.value) }, hard: hard.map { make($0.value) })
    }
}
