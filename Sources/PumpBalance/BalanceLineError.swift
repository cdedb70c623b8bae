/// Why a balance line is not a weight value: the line's number and content, and the reason.
public struct BalanceLineError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Error, Hashable, Sendable {
        /// The line is blank.
        case empty
        /// MT-SICS `S I`: the balance could not answer now (busy, e.g. taring).
        case busy
        /// MT-SICS `S +`, Sartorius `High`: the load is above the weighing range.
        case overload
        /// MT-SICS `S -`, Sartorius `Low`: the load is below the weighing range (pan removed?).
        case underload
        /// Sartorius dashes: the display shows no value (taring or settling).
        case noValue
        /// MT-SICS `ES`: the balance did not understand the command it was sent.
        case syntaxErrorReported
        /// MT-SICS `ET`: the balance received a garbled command (parity, framing).
        case transmissionErrorReported
        /// MT-SICS `EL`: the balance cannot execute the command it was sent.
        case logicalErrorReported
        /// A weight in a unit other than g, mg or kg.
        case unsupportedUnit(String)
        /// The weight field is not a decimal number, is finer than a microgram, or is too large.
        case badWeight(BalanceMassError)
        /// None of the accepted forms.
        case unrecognised
    }

    /// The line's number in its stream or file (the first line is 1).
    public var lineNumber: Int
    /// The line as received, without its terminator.
    public var line: String
    public var reason: Reason

    public init(lineNumber: Int, line: String, reason: Reason) {
        self.lineNumber = lineNumber
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let why: String =
            switch reason {
            case .empty: "the line is empty"
            case .busy: "the balance is busy and sent no weight (S I)"
            case .overload: "the load is above the balance's range (overload)"
            case .underload: "the load is below the balance's range (underload: is the pan in place?)"
            case .noValue: "the balance shows no value (taring or settling)"
            case .syntaxErrorReported: "the balance did not understand the command it was sent (ES)"
            case .transmissionErrorReported: "the balance received a garbled command (ET: check baud rate, parity and framing)"
            case .logicalErrorReported: "the balance cannot execute the command it was sent (EL)"
            case .unsupportedUnit(let unit): "the unit \(String(reflecting: unit)) is not g, mg or kg"
            case .badWeight(let error): "the weight is unusable: \(error)"
            case .unrecognised: "not a weight line in MT-SICS (\"S S <weight> <unit>\") or Sartorius (\"+ <weight> <unit>\") form"
            }
        return "balance line \(lineNumber) \(String(reflecting: line)): \(why)"
    }
}
