/// `--color`: when text output is coloured.
public enum ColorMode: String, CaseIterable, Sendable {
    /// On a terminal that can show colour, unless `NO_COLOR` says otherwise.
    case auto
    /// Always, even into a pipe or with `NO_COLOR` set (an explicit option wins, per no-color.org).
    case always
    /// Never.
    case never
}
