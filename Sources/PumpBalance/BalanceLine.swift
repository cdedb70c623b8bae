/// One line received from a balance, without its line terminator, with its position in the
/// stream (the first line is 1), so that a refusal can name it.
public struct BalanceLine: Hashable, Sendable {
    public var number: Int
    public var text: String

    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}
