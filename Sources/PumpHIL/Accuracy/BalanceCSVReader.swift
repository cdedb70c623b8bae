public import PumpBalance
import PumpCore

/// Reads the CSV log a balance's software wrote (one reading per line) into timed masses.
///
/// Accepted format:
/// - RFC 4180 CSV (quoted fields, `""` for a quote, CRLF or LF line ends, an optional UTF-8 byte
///   order mark; blank lines are skipped). The delimiter is `,`, `;` or a tab: configured, or
///   taken from the header line (`;` if it has one, else a tab if it has one, else `,`). With `;`
///   or tab delimiters a decimal comma is accepted in numbers (`12,3456`).
/// - The first line is the header. Other columns are ignored.
/// - The **time column** is the one configured by name, else the first header containing
///   `elapsed`, else the first containing `time` (case-insensitive). Its values are all in the
///   form of the first record's: elapsed seconds (`30`, `30.25`); a clock time `H:MM:SS[.f]`
///   (`13:05:30.5`; a time more than 12 h before the previous one is taken as the next day, for
///   logs that run past midnight); or a date and time `YYYY-MM-DD HH:MM:SS[.f]` (`T` or spaces
///   between) or `DD.MM.YYYY HH:MM:SS[.f]`, no time zone. Times must increase.
/// - The **mass column** is the one configured by name, else the first header containing `mass`,
///   else `weight`, else `net`. Its values are decimal numbers, optionally followed by a unit
///   (`12.3456 g`). The unit is the configured one, else the one the header names — `(mg)`,
///   `[g]`, `Mass_g`, `weight kg`: the last of `g`, `mg`, `kg` among the header's words — else the
///   value's own, else grams. A value's unit must agree with a configured or header unit.
///   Values are parsed exactly to micrograms (more decimals than that are refused, not rounded).
///
/// Records come out with times from the first record's (the first is at zero) and their line
/// numbers.
public struct BalanceCSVReader: Hashable, Sendable {
    /// Overrides for what the reader otherwise detects.
    public struct Format: Hashable, Sendable {
        /// The time column's header (case-insensitive, surrounding spaces ignored).
        public var timeColumn: String?
        /// The mass column's header.
        public var massColumn: String?
        /// The mass unit of every value.
        public var massUnit: BalanceMassUnit?
        /// `,`, `;` or a tab.
        public var delimiter: Character?

        public init(timeColumn: String? = nil, massColumn: String? = nil, massUnit: BalanceMassUnit? = nil, delimiter: Character? = nil) {
            self.timeColumn = timeColumn
            self.massColumn = massColumn
            self.massUnit = massUnit
            self.delimiter = delimiter
        }
    }

    public var format: Format

    public init(format: Format = Format()) { self.format = format }

    /// The readings of the balance log `text`.
    public func records(from text: String) throws(BalanceCSVError) -> [BalanceRecord] {
        let delimiter = format.delimiter ?? Self.detectDelimiter(text)
        let rows = try CSVRecordReader.records(text, delimiter: delimiter)
        guard let header = rows.first?.fields else { throw .noHeader }
        guard rows.count > 1 else { throw .noRecords }
        let timeIndex = try Self.column(in: header, named: format.timeColumn, role: "time", keys: ["elapsed", "time"])
        let massIndex = try Self.column(in: header, named: format.massColumn, role: "mass", keys: ["mass", "weight", "net"])
        let columnUnit = format.massUnit ?? Self.unit(inHeader: header[massIndex])
        let allowComma = delimiter != ","

        var records: [BalanceRecord] = []
        var timeFormat: BalanceTimeFormat?
        var origin: Int64 = 0
        var previous: (raw: Int64, adjusted: Int64, line: Int)?
        for row in rows.dropFirst() {
            guard timeIndex < row.fields.count, !row.fields[timeIndex].trimmingSpaces.isEmpty else {
                throw .missingField(line: row.line, column: header[timeIndex])
            }
            guard massIndex < row.fields.count, !row.fields[massIndex].trimmingSpaces.isEmpty else {
                throw .missingField(line: row.line, column: header[massIndex])
            }
            let timeText = Substring(row.fields[timeIndex])
            let form = timeFormat ?? BalanceTimeFormat.detect(timeText)
            timeFormat = form
            guard let raw = form.nanoseconds(timeText, allowDecimalComma: allowComma) else {
                throw .badTime(line: row.line, text: row.fields[timeIndex], expected: form.expected)
            }
            var time = raw
            if let previous {
                time = previous.adjusted + (raw - previous.raw)
                if form == .clock, raw < previous.raw, previous.raw - raw > TimeSpan.hours(12).nanoseconds { time += TimeSpan.day.nanoseconds }
                guard time > previous.adjusted else {
                    throw .nonMonotonicTime(line: row.line, text: row.fields[timeIndex], previousLine: previous.line)
                }
            } else {
                origin = raw
            }
            previous = (raw, time, row.line)
            let mass = try Self.mass(row.fields[massIndex], columnUnit: columnUnit, allowComma: allowComma, line: row.line)
            records.append(BalanceRecord(time: .nanoseconds(time - origin), mass: mass, lineNumber: row.line))
        }
        return records
    }

    static func detectDelimiter(_ text: String) -> Character {
        let header = text.prefix { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
        if header.contains(";") { return ";" }
        if header.contains("\t") { return "\t" }
        return ","
    }

    private static func column(in header: [String], named: String?, role: String, keys: [String]) throws(BalanceCSVError) -> Int {
        let names = header.map { Substring($0).trimmingSpaces.lowercased() }
        if let named {
            let wanted = Substring(named).trimmingSpaces.lowercased()
            guard let index = names.firstIndex(of: wanted) else { throw .columnNotFound(role: role, named: named, header: header) }
            return index
        }
        for key in keys {
            if let index = names.firstIndex(where: { $0.contains(key) }) { return index }
        }
        throw .columnNotFound(role: role, named: nil, header: header)
    }

    /// The last of g, mg, kg among the header's words (split at anything but letters).
    static func unit(inHeader name: String) -> BalanceMassUnit? {
        name.split(whereSeparator: { !$0.isLetter }).reversed().lazy.compactMap { BalanceMassUnit(symbol: $0) }.first
    }

    private static func mass(_ field: String, columnUnit: BalanceMassUnit?, allowComma: Bool, line: Int) throws(BalanceCSVError) -> BalanceMass {
        let trimmed = Substring(field).trimmingSpaces
        let unitStart = trimmed.firstIndex(where: \.isLetter) ?? trimmed.endIndex
        let number = trimmed[..<unitStart].trimmingSpaces
        let symbol = trimmed[unitStart...]
        var unit = columnUnit ?? .grams
        if !symbol.isEmpty {
            guard let own = BalanceMassUnit(symbol: symbol) else { throw .unsupportedUnit(line: line, text: String(symbol)) }
            if let columnUnit, columnUnit != own { throw .unitConflict(line: line, expected: columnUnit, found: own) }
            unit = own
        }
        do throws(BalanceMassError) {
            return try BalanceMass(number, unit: unit, allowDecimalComma: allowComma)
        } catch {
            throw .badMass(line: line, text: field, error: error)
        }
    }
}
