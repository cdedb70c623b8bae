/// How people type a name from a closed set (an alarm kind, an event kind, a role): in any case,
/// with or without `-` and `_` (`Occlusion`, `motor_stall`, `alarm-raised`). Every tool that reads
/// such a name resolves it here, so pumpctl and pump-hil accept the same spellings.
public enum NameSpelling {
    /// The name among `names` that `text` means, spelt as `names` spell it: `text` itself when
    /// listed, else the first name equal to it ignoring case, `-` and `_`; nil when none is (a
    /// misspelling: offer ``ClosestMatch``).
    public static func resolve(_ text: String, among names: [String]) -> String? {
        if names.contains(text) { return text }
        let key = folded(text)
        return names.first { folded($0) == key }
    }

    /// `text` lower-cased without `-` and `_`: the form every spelling of one name shares.
    public static func folded(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "-" && $0 != "_" })
    }
}
