/// Reads weight values from the lines a laboratory balance sends over its serial interface.
///
/// Accepted lines (a trailing CR and/or LF is ignored; fields are separated by spaces or tabs,
/// any number of them; units are `g`, `mg` or `kg` in lower case):
///
/// **MT-SICS** (Mettler Toledo Standard Interface Command Set), the replies to `S` (send stable
/// weight), `SI` (send weight immediately) and `SIR` (repeat):
/// - `S S <weight> <unit>`: a stable weight, e.g. `S S      12.3456 g`;
/// - `S D <weight> <unit>`: a dynamic (not yet stable) weight;
/// where `<weight>` is a decimal number with an optional leading `-` (or `+`), e.g. `-0.0012`.
/// Refused, each with its own reason: `S I` (busy), `S +` (overload), `S -` (underload), `ES`,
/// `ET`, `EL` (the balance reports a syntax, transmission or logical error).
///
/// **Sartorius** (SBI print format, 16 or 22 characters):
/// - `[<id>] <sign> <weight> [<unit>]`, e.g. `+     12.3456 g` or `N     +     12.3456 g`,
/// where `<id>` is an optional identifier `N` (net), `G` or `G#` (gross), `<sign>` is `+`, `-` or
/// absent and may stand apart from the digits, and the unit is printed only once the weight is
/// stable (no unit: dynamic).
/// Refused: `High` (overload), `Low` (underload), a line of dashes (no value shown).
///
/// Every other line is refused as `unrecognised`. Refusals are `BalanceLineError`s naming the
/// line number and content.
public struct BalanceLineParser: Hashable, Sendable {
    /// Which form(s) of line to accept.
    public enum Dialect: String, Hashable, Sendable, CaseIterable {
        /// MT-SICS lines only.
        case mtSICS
        /// Sartorius lines only.
        case sartorius
        /// MT-SICS when the line starts with `S`, `ES`, `ET` or `EL`; Sartorius otherwise.
        case automatic
    }

    public var dialect: Dialect

    public init(dialect: Dialect = .automatic) { self.dialect = dialect }

    /// The weight value on `line`.
    public func reading(from line: BalanceLine) throws(BalanceLineError) -> BalanceReading {
        try reading(from: line.text, lineNumber: line.number)
    }

    /// The weight value on `text`, which is line `lineNumber` of its stream or file.
    public func reading(from text: String, lineNumber: Int) throws(BalanceLineError) -> BalanceReading {
        var content = Substring(text)
        while let last = content.last, last == "\r" || last == "\n" || last == "\r\n" { content = content.dropLast() }
        let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let fail = { (reason: BalanceLineError.Reason) in BalanceLineError(lineNumber: lineNumber, line: String(content), reason: reason) }
        guard let first = fields.first else { throw fail(.empty) }
        let isSICS = first == "S" || first == "ES" || first == "ET" || first == "EL"
        do throws(BalanceLineError.Reason) {
            switch dialect {
            case .mtSICS: return try Self.sics(fields)
            case .sartorius: return try Self.sartorius(fields)
            case .automatic: return isSICS ? try Self.sics(fields) : try Self.sartorius(fields)
            }
        } catch {
            throw fail(error)
        }
    }

    private static func sics(_ fields: [Substring]) throws(BalanceLineError.Reason) -> BalanceReading {
        switch fields.map(String.init) {
        case ["ES"]: throw .syntaxErrorReported
        case ["ET"]: throw .transmissionErrorReported
        case ["EL"]: throw .logicalErrorReported
        case ["S", "I"]: throw .busy
        case ["S", "+"]: throw .overload
        case ["S", "-"]: throw .underload
        default: break
        }
        guard fields.count == 4, fields[0] == "S", fields[1] == "S" || fields[1] == "D" else { throw .unrecognised }
        return BalanceReading(mass: try weight(fields[2], unit: fields[3]), isStable: fields[1] == "S")
    }

    private static func sartorius(_ fields: [Substring]) throws(BalanceLineError.Reason) -> BalanceReading {
        if fields.count == 1 {
            switch fields[0].lowercased() {
            case "high": throw .overload
            case "low": throw .underload
            default: break
            }
        }
        if fields.allSatisfy({ $0.allSatisfy { $0 == "-" } }) { throw .noValue }
        var rest = fields[...]
        if let id = rest.first, id == "N" || id == "G" || id == "G#" { rest = rest.dropFirst() }
        var sign: Substring = ""  // a sign standing apart from the digits
        if let first = rest.first, first == "+" || first == "-" {
            sign = first
            rest = rest.dropFirst()
        }
        guard let number = rest.first, rest.count <= 2 else { throw .unrecognised }
        let startsWell = number.first.map { $0.isNumber || $0 == "." || (sign.isEmpty && ($0 == "-" || $0 == "+")) } ?? false
        guard startsWell else { throw .unrecognised }
        let unit = rest.dropFirst().first
        let mass = try weight(sign + number, unit: unit ?? "g")
        return BalanceReading(mass: mass, isStable: unit != nil)
    }

    private static func weight(_ text: Substring, unit symbol: Substring) throws(BalanceLineError.Reason) -> BalanceMass {
        guard let unit = BalanceMassUnit(symbol: symbol) else { throw .unsupportedUnit(String(symbol)) }
        do throws(BalanceMassError) {
            return try BalanceMass(text, unit: unit)
        } catch {
            throw .badWeight(error)
        }
    }
}
