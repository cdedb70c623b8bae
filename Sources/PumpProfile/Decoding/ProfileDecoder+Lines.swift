import PumpHardware

extension ProfileDecoder {
    /// A line key: `{ name = "GPIO17", active_low = false }` or `{ offset = 17, active_low = false }`,
    /// optionally with `bias` and (outputs only) `drive`.
    func line(_ reader: ProfileTableReader, _ key: String, _ presence: Presence, _ direction: LineDirection) -> GPIOLineSpec? {
        guard let entry = reader.entry(key, presence) else { return nil }
        return lineTable(entry.value, keyPath: reader.keyPath(key), direction)?.spec
    }

    /// Reads a line table and registers the line; returns the reader too, for extra keys
    /// (microstep lines add `hold_active`). Nil when the value is not a table at all.
    func lineTable(
        _ value: TOMLValue, keyPath: String, _ direction: LineDirection
    ) -> (spec: GPIOLineSpec?, reader: ProfileTableReader)? {
        guard case .table(let table) = value.kind else {
            report(.wrongType, keyPath, at: value.location,
                   "expected a line table such as { name = \"GPIO17\", active_low = false }, found \(value)")
            return nil
        }
        let reader = reader(path: keyPath, table: table)
        let hasName = reader.contains("name")
        let hasOffset = reader.contains("offset")
        if hasName, hasOffset {
            report(.invalidValue, reader.keyPath("offset"), at: table.entry(named: "offset")!.keyLocation,
                   "give either name or offset, not both")
        } else if !hasName, !hasOffset {
            report(.missingKey, reader.keyPath("name"), at: table.location,
                   "missing the line: set name (e.g. \"GPIO17\") or offset")
        }
        let name = reader.string("name", .optional)
        let offset = reader.integer("offset", .optional, in: 0...65_535)
        let activeLow = reader.boolean("active_low")
        let bias = reader.choice("bias", .optional, as: GPIOBiasName.self)
        let drive = reader.choice(
            "drive", direction == .output ? .optional : .forbidden("drive applies to outputs; this line is an input"),
            as: GPIODriveName.self)
        guard hasName != hasOffset, let activeLow, reader.contains("bias") == (bias != nil),
              direction == .input || reader.contains("drive") == (drive != nil)
        else { return (nil, reader) }
        let selector: GPIOLineSelector
        if let name {
            selector = .name(name.value)
        } else if let offset {
            selector = .offset(Int(offset.value))
        } else {
            return (nil, reader)
        }
        let spec = GPIOLineSpec(
            selector, activeLow: activeLow.value, bias: bias?.value.bias ?? .asIs, drive: drive?.value.drive ?? .pushPull)
        lineUses.append(GPIOLineUse(keyPath: keyPath, spec: spec, location: value.location))
        return (spec, reader)
    }

    /// `[{ name = "GPIO5", active_low = false, hold_active = true }, …]` or `[[motor.microstep_lines]]`.
    func microstepLines(_ reader: ProfileTableReader, _ presence: Presence) -> [GPIOFixedOutput]? {
        reader.array("microstep_lines", presence) { value, keyPath -> GPIOFixedOutput? in
            guard let (spec, lineReader) = lineTable(value, keyPath: keyPath, .output) else { return nil }
            let holdActive = lineReader.boolean("hold_active")
            guard let spec, let holdActive else { return nil }
            return GPIOFixedOutput(spec, active: holdActive.value)
        }
    }

    /// A line used twice is reported at every use after the first. Names and offsets are not
    /// compared with each other: that needs the chip, so the daemon checks it.
    func checkDuplicateLines() {
        var firstUse: [GPIOLineSelector: GPIOLineUse] = [:]
        for use in lineUses {
            if let first = firstUse[use.spec.selector] {
                let line = switch use.spec.selector {
                case .name(let name): "\"\(name)\""
                case .offset(let offset): "at offset \(offset)"
                }
                report(.duplicateLine, use.keyPath, at: use.location,
                       "GPIO line \(line) is already used by \(first.keyPath) (line \(first.location.line))")
            } else {
                firstUse[use.spec.selector] = use
            }
        }
    }
}
