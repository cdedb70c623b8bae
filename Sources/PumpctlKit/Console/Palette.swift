/// How text output marks what needs attention: critical alarms, and the lines of a review that
/// change. Plain text when colour is off; with it, ANSI SGR sequences around whole lines (never
/// inside table cells, so column widths stay right).
public struct Palette: Hashable, Sendable {
    /// Whether the marks are written.
    public let colors: Bool

    /// A palette that colours when `colors` is true.
    public init(colors: Bool) { self.colors = colors }

    /// No colour at all.
    public static let plain = Palette(colors: false)

    /// Whether to colour, as journalctl and the no-color.org convention decide it: `always` and
    /// `never` are what they say; `auto` colours only a terminal whose `TERM` is set and not
    /// `dumb`, and only while `NO_COLOR` is unset or empty.
    public init(mode: ColorMode, outputIsTerminal: Bool, environment: (String) -> String?) {
        switch mode {
        case .always: colors = true
        case .never: colors = false
        case .auto:
            let term = environment("TERM") ?? ""
            colors = outputIsTerminal && !term.isEmpty && term != "dumb" && (environment("NO_COLOR") ?? "").isEmpty
        }
    }

    /// Bold red: a critical alarm.
    public func critical(_ text: String) -> String { wrap(text, "1;31") }

    /// Bold yellow: a review line that changes.
    public func changed(_ text: String) -> String { wrap(text, "1;33") }

    private func wrap(_ text: String, _ code: String) -> String { colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
}
